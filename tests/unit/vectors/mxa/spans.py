M26 = ('{0x03, 0xff, 0xff, 0xff}', '{0xff, 0xff, 0xff, 0x03}')
M16 = ('{0x00, 0x00, 0xff, 0xff}', '{0xff, 0xff, 0x00, 0x00}')
MW = ('{0xff, 0xff, 0xff, 0xff}', '{0xff, 0xff, 0xff, 0xff}')
M0 = ('{0x00, 0x00, 0x00, 0x00}', '{0x00, 0x00, 0x00, 0x00}')
ARC = {
 'R_ARC_S21H_PCREL': ('{0x07, 0xfe, 0xff, 0xc0}', '{0xfe, 0x07, 0xc0, 0xff}', 1 << 20, 2, 'beq: 0x07feffc0'),
 'R_ARC_S21W_PCREL': ('{0x07, 0xfc, 0xff, 0xc0}', '{0xfc, 0x07, 0xc0, 0xff}', 1 << 20, 4, 'bleq: 0x07fcffc0'),
 'R_ARC_S25H_PCREL': ('{0x07, 0xfe, 0xff, 0xcf}', '{0xfe, 0x07, 0xcf, 0xff}', 1 << 24, 2, 'b: 0x07feffcf'),
 'R_ARC_S25W_PCREL': ('{0x07, 0xfc, 0xff, 0xcf}', '{0xfc, 0x07, 0xcf, 0xff}', 1 << 24, 4, 'bl: 0x07fcffcf'),
 'R_ARC_S13_PCREL': ('{0x07, 0xff, 0x00, 0x00}', '{0xff, 0x07, 0x00, 0x00}', 1 << 12, 4, 'bl_s: 0x07ff'),
}
def h(x):
    if abs(x) < 0x10000:
        return str(x)
    return ('-' if x < 0 else '') + hex(abs(x))
def row(arch, t, P, m, good, bad, lo, hi, al, note):
    g = ', '.join(h(x) for x in good)
    b = ', '.join(h(x) for x in bad) if bad else '0'
    lo, hi = h(lo), h(hi)
    print(f"    /* {note} */")
    print(f"    {{&aotx_arch_{arch}, {t}, {P:#010x}u, {m[0]}, {m[1]},\n     {{{g}}}, {len(bad)}, {{{b}}}, {lo}, {hi}, {al}}},")
W32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1]
row('mips', 'R_MIPS_26', 0x08000000, M26, [0, 4, 0x07fffffc, 0x08000000, 0x08000004, 0x0ffffffc], [0x10000000, -4, 0x08000002], 0, 0x0ffffffc, 4,
    'J/JAL, P + 4 in region 0: v = min, min + 4, mid - 4, mid, mid + 4, max; max + 4, min - 4, 2 mod 4')
row('mips', 'R_MIPS_26', 0x0ffffffc, M26, [0x10000000, 0x10000004, 0x17fffffc, 0x18000000, 0x18000004, 0x1ffffffc], [0x20000000, 0x0ffffffc, 0x10000001], 0x10000000, 0x1ffffffc, 4,
    'the last word of region 0: P + 4 = 0x10000000 is in region 1')
row('mips', 'R_MIPS_26', 0xfffffff8, M26, [0xf0000000, 0xf0000004, 0xf7fffffc, 0xf8000000, 0xf8000004, 0xfffffffc], [0x100000000, 0xeffffffc, 0xf0000003], 0xf0000000, 0xfffffffc, 4,
    'region 15, the last: nothing above 0xfffffffc')
row('mips', 'R_MIPS_PC16', 0x00400000, M16, [-131072, -131068, -4, 0, 4, 131068], [131072, -131076, 2], -131072, 131068, 4,
    'B/BAL/BEQ: offset16 = v >> 2, 18-bit signed, 4-aligned')
for t in ('R_MIPS_HI16', 'R_MIPS_LO16'):
    row('mips', t, 0x00400000, M16, [0, 0x7fff, 0x8000, 0x12348000, 0xffff8000, -1], [], 0, 0, 0, f'{t}: no check')
for t in ('R_MIPS_32', 'R_MIPS_PC32'):
    row('mips', t, 0x00400000, MW, W32, [], 0, 0, 0, f'{t}: the word, no check')
for t in ('R_MIPS_NONE', 'R_MIPS_JALR'):
    row('mips', t, 0x00400000, M0, [0, 1, 4, 0x1000, 0x7fffffff, -1], [], 0, 0, 0, f'{t}: nothing written')
for t, (mb, ml, lim, step, note) in ARC.items():
    for adj in (0, 2):
        P = 0x10002000 + adj
        good = [-lim - adj, -lim + step - adj, -step - adj, -adj, step - adj, lim - step - adj]
        bad = [lim - adj, -lim - step - adj, step // 2 - adj if step == 4 else 1 - adj]
        row('arc', t, P, (mb, ml), good, bad, -lim - adj, lim - step - adj, step,
            f"{note}; P & 3 = {adj}: S - (P & ~3) = v + {adj} at min, min + {step}, -{step}, 0, {step}, max; max + {step}, min - {step}, misaligned")
for t in ('R_ARC_32', 'R_ARC_32_ME', 'R_ARC_32_PCREL'):
    row('arc', t, 0x10002000, MW, W32, [], 0, 0, 0, f'{t}: the word, no check')
row('arc', 'R_ARC_PC32', 0x10002004, MW, W32, [], 0, 0, 0, 'R_ARC_PC32: the word (v + 4 here), no check')
row('arc', 'R_ARC_NONE', 0x10002000, M0, [0, 1, 4, 0x1000, 0x7fffffff, -1], [], 0, 0, 0, 'nothing written')
for t in ('R_XTENSA_32', 'R_XTENSA_32_PCREL'):
    row('xtensa', t, 0x40210000, MW, W32, [], 0, 0, 0, f'{t}: the word, no check')
row('xtensa', 'R_XTENSA_ASM_EXPAND', 0x40210000, M0, [0x40000000, 0x40000001, 0x4020ffff, 0x40210000, 0x40210001, 0x7fffffff],
    [0x80000000, 0x3fffffff], 0x40000000, 0x7fffffff, 0, 'nothing written; S + A in P\'s 1 GiB: min, min + 1, P - 1, P, P + 1, max; max + 1, min - 1')
for t in ('R_XTENSA_NONE', 'R_XTENSA_DIFF8', 'R_XTENSA_DIFF16', 'R_XTENSA_DIFF32', 'R_XTENSA_PDIFF32', 'R_XTENSA_NDIFF32'):
    row('xtensa', t, 0x40210000, M0, [0, 1, 4, 0x1000, 0x7fffffff, -1], [], 0, 0, 0, f'{t}: nothing written')
