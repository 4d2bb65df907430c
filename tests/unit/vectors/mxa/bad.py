import re
rows = []
# MIPS (from mips.py: GNU ld's verdicts; ld.lld does not check R_MIPS_26's region)
mb = [
 ('R_MIPS_26', 0x08000000, 0x10000000, 0, 0x0ffffffc, 4, 'jal f, f = 0x10000000 (max + 4: region 1)', "relocation truncated to fit: R_MIPS_26 against `f'"),
 ('R_MIPS_26', 0x18000000, 0x0ffffffc, 0x10000000, 0x1ffffffc, 4, 'jal f from region 1, f = 0x0ffffffc (min - 4)', "relocation truncated to fit: R_MIPS_26 against `f'"),
 ('R_MIPS_26', 0x0ffffffc, 0x0ffffff8, 0x10000000, 0x1ffffffc, 4, 'jal in the last word of region 0 to region 0: P + 4 is in region 1', "relocation truncated to fit: R_MIPS_26 against `f'"),
 ('R_MIPS_26', 0x08000000, 0x08000002, 0, 0x0ffffffc, 4, 'jal f, f = 0x08000002', 'jump to a non-instruction-aligned address'),
 ('R_MIPS_PC16', 0x00400000, 131072, -131072, 131068, 4, 'b f, f = P + 4 + 131072: v = 131072 (max + 4)', "relocation truncated to fit: R_MIPS_PC16 against `f'"),
 ('R_MIPS_PC16', 0x00400000, -131076, -131072, 131068, 4, 'b f, v = -131076 (min - 4)', "relocation truncated to fit: R_MIPS_PC16 against `f'"),
 ('R_MIPS_PC16', 0x00400000, 2, -131072, 131068, 4, 'b f, v = 2', 'branch to a non-instruction-aligned address'),
]
for t, P, v, lo, hi, al, note, err in mb:
    print(f"    {{&aotx_arch_mips, {t}, {P:#010x}u, {v}, {lo}, {hi}, {al}}}, /* {note}: ld: {err} */")
lims = {'R_ARC_S25W_PCREL': (1 << 24, 4), 'R_ARC_S25H_PCREL': (1 << 24, 2), 'R_ARC_S21W_PCREL': (1 << 20, 4),
        'R_ARC_S21H_PCREL': (1 << 20, 2), 'R_ARC_S13_PCREL': (1 << 12, 4)}
names = {'R_ARC_S25W_PCREL': 'bl', 'R_ARC_S25H_PCREL': 'b', 'R_ARC_S21W_PCREL': 'bleq', 'R_ARC_S21H_PCREL': 'beq', 'R_ARC_S13_PCREL': 'bl_s'}
for l in open('arc.txt'):
    m = re.match(r"\s*/\* (R_ARC_\w+) LE P=(0x[0-9a-f]+) S=(0x[0-9a-f]+) A=(-?\d+): (.*): ld refuses: (.*) against.* \*/", l)
    mis = re.match(r"\s*\{(R_ARC_\w+), 0, (0x[0-9a-f]+)u, (0x[0-9a-f]+)u, .*/\* (.*misaligned.*) \*/", l)
    if not (m or mis):
        continue
    g = m or mis
    t, P, S = g.group(1), int(g.group(2), 16), int(g.group(3), 16)
    lim, step = lims[t]
    adj = P & 3
    v = S - P
    lo, hi = -lim - adj, lim - step - adj
    if m:
        note = f"{names[t]} f: S - (P & ~3) = {v + adj}{', P & 3 = 2' if adj else ''}; ld: {m.group(6)}"
    else:
        note = f"{names[t]} f: S - (P & ~3) = {v + adj}, misaligned; GNU ld takes it and drops the low bits"
    print(f"    {{&aotx_arch_arc, {t}, {P:#010x}u, {v}, {lo}, {hi}, {step}}}, /* {note} */")
