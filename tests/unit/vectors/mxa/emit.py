import re
def ok_rows(path):
    return [l for l in open(path) if l.strip().startswith('{')
            and 'misaligned' not in l]
def mips_bad():
    out = []
    for l in open('mips_one.txt'):
        m = re.match(r"\s*/\* FAIL (R_MIPS_\w+) (BE|LE) (.*): ld: (.*) \*/", l)
        if not m or m.group(2) == 'LE':
            continue
        out.append((m.group(1), m.group(3), m.group(4)))
    return out
def arc_bad():
    out = []
    for l in open('arc.txt'):
        m = re.match(r"\s*/\* (R_ARC_\w+) (BE|LE) P=(0x[0-9a-f]+) S=(0x[0-9a-f]+) A=(-?\d+): (.*): ld refuses: (.*) \*/", l)
        if m and m.group(2) == 'LE':
            out.append((m.group(1), int(m.group(3), 16), int(m.group(4), 16), int(m.group(6).split('= ')[1].split(' ')[0]), m.group(6), m.group(7).split(' against')[0]))
        m = re.match(r"\s*\{(R_ARC_\w+), 0, (0x[0-9a-f]+)u, (0x[0-9a-f]+)u, .*/\* (.*misaligned.*) \*/", l)
        if m:
            out.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16), None, m.group(4), 'accepted: binutils drops the low bits and leaves the offset 0'))
    return out
import sys
which = sys.argv[1]
if which == 'mips_ok':
    print(''.join(ok_rows('mips_one.txt')), end='')
elif which == 'mips_pair':
    print(''.join(ok_rows('mips_pair.txt')), end='')
elif which == 'arc_ok':
    print(''.join(ok_rows('arc.txt')), end='')
elif which == 'xt_ok':
    print(''.join(ok_rows('xt.txt')), end='')
elif which == 'mips_bad':
    for t, note, err in mips_bad(): print(t, '|', note, '|', err)
elif which == 'arc_bad':
    for r in arc_bad(): print(r)
