"""Make MIPS relocation vectors with GNU binutils (and check ld.lld agrees)."""
import subprocess, os, sys, struct
W = '/tmp/mxa/gen/w'
os.makedirs(W, exist_ok=True)

def run(*a, check=True):
    p = subprocess.run(a, capture_output=True, text=True)
    if check and p.returncode:
        raise SystemExit(f"{a}: {p.stderr}")
    return p

def build(body, be, text, syms, lld=True):
    pre = 'mips-linux-gnu-' if be else 'mipsel-linux-gnu-'
    src = f"{W}/t.s"
    open(src, 'w').write("\t.text\n\t.set noreorder\n\t.set noat\n\t.globl _start\n_start:\n" + body + "\n")
    run(pre + 'as', '-mips32', src, '-o', f'{W}/t.o')
    run(pre + 'objcopy', '-O', 'binary', '-j', '.text', f'{W}/t.o', f'{W}/in.bin')
    defs = [x for n, v in syms.items() for x in ('--defsym', f'{n}={v:#x}')]
    p = run(pre + 'ld', '-e', '_start', f'-Ttext={text:#x}', f'{W}/t.o', '-o', f'{W}/t.elf', *defs, check=False)
    if p.returncode:
        return open(f'{W}/in.bin', 'rb').read(), None, p.stderr.strip().splitlines()[-1]
    run(pre + 'objcopy', '-O', 'binary', '-j', '.text', f'{W}/t.elf', f'{W}/out.bin')
    out = open(f'{W}/out.bin', 'rb').read()
    if lld:
        p = run('ld.lld', '-e', '_start', f'-Ttext={text:#x}', f'{W}/t.o', '-o', f'{W}/l.elf', *defs, check=False)
        if p.returncode == 0:
            run('llvm-objcopy', '-O', 'binary', '-j', '.text', f'{W}/l.elf', f'{W}/l.bin')
            l = open(f'{W}/l.bin', 'rb').read()
            if l[:len(out)] != out:
                print(f"/* NOTE lld differs: {l.hex()} vs {out.hex()} */")
        else:
            print(f"/* NOTE lld refused: {p.stderr.strip()} */")
    return open(f'{W}/in.bin', 'rb').read(), out, None

def c(b):
    return '{' + ', '.join(f'0x{x:02x}' for x in b) + '}'

mode = sys.argv[1]
P0 = 0x00400000
rows = []
def case(type_, insn, P, syms, note, size=4):
    text, off = P & ~0xf, P & 0xf
    insn = 'nop\n\t' * (off // 4) + insn
    for be in (1, 0):
        i, o, err = build(insn, be, text, syms)
        if o is None:
            print(f"    /* FAIL {type_} {'BE' if be else 'LE'} {note}: ld: {err} */")
            continue
        print(f"    {{{type_}, {be}, {P:#010x}u, {list(syms.values())[0]:#010x}u, 0, {c(i[off:off+size])}, {c(o[off:off+size])}}}, /* {note} */")

if mode == 'one':
    J = 'R_MIPS_26'
    case(J, 'jal f', 0x00400000, {'f': 0x00412340}, 'jal: v = 0x412340, index = v[27:2] = 0x1048d0')
    case(J, 'jal f', 0x08000000, {'f': 0x00000000}, 'jal: lowest target of P + 4\'s region: index 0')
    case(J, 'jal f', 0x08000000, {'f': 0x00000004}, 'jal: region + 4: index 1')
    case(J, 'jal f', 0x08000000, {'f': 0x0ffffffc}, 'jal: region + 0x0ffffffc, the highest: index 0x3ffffff')
    case(J, 'jal f', 0x0ffffffc, {'f': 0x10000000}, 'jal in the last word of region 0: P + 4 = 0x10000000 picks region 1')
    case(J, 'j f', 0x1fc00010, {'f': 0x1fc80000}, 'j: v = 0x1fc80000, index = 0x3f20000')
    case(J, 'jal f-8', 0x08000000, {'f': 0x08000108}, 'jal f-8: A = sext(0x3fffffe << 2, 28) = -8, v = 0x8000100')
    case(J, 'jal f+0x7fffffc', 0x08000000, {'f': 0x08000000}, 'A = 0x7fffffc (index 0x1ffffff, the largest positive), v = 0xffffffc')
    case(J, 'jal f', 0x08000000, {'f': 0x10000000}, 'max + 4: region 1')
    case(J, 'jal f', 0x18000000, {'f': 0x0ffffffc}, 'min - 4')
    case(J, 'jal f', 0x0ffffffc, {'f': 0x0ffffff8}, 'own region')
    case(J, 'jal f', 0x08000000, {'f': 0x08000002}, 'misaligned')
    B = 'R_MIPS_PC16'
    for v, note in [(-131072, 'min: v = -131072, offset16 = 0x8000'), (-131068, 'min + 4: 0x8001'),
                    (-4, '-4: the branch itself, 0xffff'), (0, '0: S = P + 4, offset16 0'),
                    (4, '4: offset16 1'), (131068, 'max: 131068, 0x7fff'), (131072, 'max + 4'),
                    (-131076, 'min - 4'), (2, 'misaligned')]:
        # b f: A = -4 (offset16 0xffff in the object), v = f - 4 - P
        case(B, 'b f', P0, {'f': P0 + v + 4}, f'b f: A = -4, v = S - 4 - P = {v}; ' + note)
    case(B, 'bal f', P0, {'f': P0 + 0x100}, 'bal f: v = 0x100 - 4 = 252, offset16 = 63')
    case(B, 'beq $4, $5, f', P0, {'f': P0 - 0x100}, 'beq: v = -0x100 - 4 = -260, offset16 = 0xffbf')
    case('R_MIPS_32', '.word d+8', P0, {'d': 0x12345678}, 'S + A = 0x12345678 + 8')
    case('R_MIPS_32', '.word d-1', P0, {'d': 0}, 'S + A = 0 - 1 = 0xffffffff')
    case('R_MIPS_PC32', '.reloc ., R_MIPS_PC32, d\n\t.word 0x10', P0, {'d': 0x12345678}, 'S + A - P = 0x12345678 + 0x10 - 0x400000')
    case('R_MIPS_PC32', '.reloc ., R_MIPS_PC32, d\n\t.word 0', P0, {'d': 0x100}, 'S + A - P = 0x100 - 0x400000 = 0xffc00100')
    case('R_MIPS_NONE', '.reloc ., R_MIPS_NONE, d\n\t.word 0x12345678', P0, {'d': 0x100}, 'nothing written')
    case('R_MIPS_JALR', '.reloc ., R_MIPS_JALR, f\n\tjalr $25', P0, {'f': 0x20000000}, 'a hint: the jalr stays (the target is beyond a BAL\'s reach, so the linkers keep it too)')
    case('R_MIPS_JALR', '.reloc ., R_MIPS_JALR, f\n\tjalr $25', P0, {'f': P0 + 0x100}, 'in BAL range')
elif mode == 'pair':
    def pair(body, text, d, note):
        for be in (1, 0):
            i, o, err = build(body, be, text, {'d': d})
            if o is None:
                print(f"    /* FAIL {note}: {err} */"); continue
            print(f"    {{{be}, {text:#010x}u, {d:#010x}u, {c(i[0:4])}, {c(i[4:8])}, {c(o[0:4])}, {c(o[4:8])}}}, /* {note} */")
    pair('lui $2, %hi(d+0x12345)\n\taddiu $2, $2, %lo(d+0x12345)', P0, 0x12340000, 'AHL = 0x12345 (AHI 1, ALO 0x2345); v = 0x12352345: %hi 0x1235, %lo 0x2345')
    pair('lui $2, %hi(d)\n\taddiu $2, $2, %lo(d)', P0, 0x12348000, 'v = 0x12348000: %lo 0x8000 is negative, so %hi = 0x1235')
    pair('lui $2, %hi(d)\n\taddiu $2, $2, %lo(d)', P0, 0x00007fff, 'v = 0x7fff: %hi 0, %lo 0x7fff')
    pair('lui $2, %hi(d)\n\taddiu $2, $2, %lo(d)', P0, 0xffff8000, 'v = 0xffff8000: %hi = 0x10000 & 0xffff = 0, %lo 0x8000')
    pair('lui $3, %hi(d-4)\n\tlw $3, %lo(d-4)($3)', P0, 0x00000000, 'AHL = -4 (AHI 0, ALO 0xfffc); v = -4: %hi 0, %lo 0xfffc')
    pair('lui $2, %hi(d)\n\taddiu $2, $2, %lo(d)', P0, 0x7fffffff, 'v = 0x7fffffff: %hi 0x8000, %lo 0xffff')
    pair('lui $2, %hi(d+0x7fff0000)\n\tori $2, $2, %lo(d+0x7fff0000)', P0, 0x80010000, 'AHL = 0x7fff0000 (AHI 0x7fff), v = 0x1_0000_0000: %hi 0, %lo 0 (32-bit wrap)')
