T, R = 0x10002000, 0x10003000
def br(insn, typ, lim, step, label):
    for be in (0, 1):
        for pad in (0, 2):  # P & 3 = 0, then 2 (a nop_s before)
            P = T + pad
            body = '\t.text\n' + ('\tnop_s\n' if pad else '') + f'\t{insn}\tf\n'
            pcl = P & ~3
            for v, what in [(-lim, 'min'), (-lim + step, 'min + step'), (-step, '-step'), (0, '0'),
                            (step, 'step'), (lim - step, 'max'), (lim, 'max + step'),
                            (-lim - step, 'min - step'), (step // 2 if step > 2 else 1, 'misaligned')]:
                if pad and what not in ('min', 'max', 'max + step', 'min - step', 'step'):
                    continue
                case('arc', body, T, R, {'f': pcl + v}, f'{label}: S - (P & ~3) = {v} ({what}){", P & 3 = 2" if pad else ""}', be=be,
                     want=[typ])
br('bl', 'R_ARC_S25W_PCREL', 1 << 24, 4, 'bl')
br('b', 'R_ARC_S25H_PCREL', 1 << 24, 2, 'b')
br('bleq', 'R_ARC_S21W_PCREL', 1 << 20, 4, 'bleq')
br('beq', 'R_ARC_S21H_PCREL', 1 << 20, 2, 'beq')
br('bl_s', 'R_ARC_S13_PCREL', 1 << 12, 4, 'bl_s')
for be in (0, 1):
    case('arc', '\t.text\n\tbl\tf+0x10\n', T, R, {'f': 0x10082458}, 'bl f+0x10: A = 16 in the record, S + A - P = 0x80468', be=be)
    case('arc', '\t.text\n\tmov\tr0, f+0x10\n', T, R, {'f': 0x12345678}, 'mov r0, limm: S + A = 0x12345688, middle-endian', be=be)
    case('arc', '\t.text\n\tadd\tr0, pcl, f@pcl\n', T, R, {'f': 0x10082468}, 'add r0, pcl, f@pcl: S - ((P - 4) & ~3) = 0x10082468 - 0x10002000 = 0x80468', be=be)
    case('arc', '\t.text\n\tnop_s\n\tadd\tr0, pcl, f@pcl\n', T, R, {'f': 0x10082468}, 'nop_s first: the limm at P = 0x10002006, (P - 4) & ~3 = 0x10002000 again: 0x80468', be=be)
    case('arc', '\t.text\n\tadd\tr0, pcl, f@pcl\n', T, R, {'f': 0x10000000}, 'backwards: 0x10000000 - 0x10002000 = -0x2000', be=be)
    case('arc', '\t.section .rodata\n\t.word\tf+8\n', T, R, {'f': 0x12345678}, '.word f+8: S + A = 0x12345680, plain word', be=be)
    case('arc', '\t.section .rodata\n\t.word\tf - .\n', T, R, {'f': 0x10082468}, '.word f - .: S + A - P = 0x10082468 - 0x10003000', be=be)
    case('arc', '\t.text\n\t.reloc\t., R_ARC_NONE, f\n\tmov\tr0, r1\n', T, R, {'f': 0x10082468}, 'nothing written', be=be)
