"""Make ARC and Xtensa relocation vectors with GNU binutils: assemble one
snippet, link it at chosen addresses, read each relocation (offset, type,
addend) from readelf and the field's bytes before and after."""
import subprocess, os, sys, re
W = '/tmp/mxa/gen/r'
os.makedirs(W, exist_ok=True)

def run(*a, check=True):
    p = subprocess.run(a, capture_output=True, text=True)
    if check and p.returncode:
        raise SystemExit(f"{a}: {p.stderr}")
    return p

TOOLS = {
    'arc': ('arc-linux-gnu-', ['-mcpu=archs'], [], ['-EB']),
    'xtensa': ('xtensa-lx106-elf-', [], [], None),
}

def relocs(obj, pre):
    out = run('readelf', '-rW', obj).stdout
    sec, res = None, []
    for line in out.splitlines():
        if line.startswith('Relocation section'):
            m = re.match(r"Relocation section '\.rela(\.\w+)'", line)
            sec = m.group(1) if m else None
            continue
        f = line.split()
        if sec in ('.text', '.rodata', '.literal') and len(f) >= 5 and re.match(r'^[0-9a-f]{8}$', f[0]):
            add = 0
            m = re.search(r'([+-]) ([0-9a-f]+)$', line)
            if m:
                add = int(m.group(2), 16) * (1 if m.group(1) == '+' else -1)
            res.append((sec, int(f[0], 16), f[2], f[4], add))
    return res

def sect(path, name, pre):
    b = f'{W}/s.bin'
    if os.path.exists(b):
        os.remove(b)
    run(pre + 'objcopy', '-O', 'binary', '-j', name, path, b)
    return open(b, 'rb').read()

SIZE = {'R_ARC_S13_PCREL': 2}

def c(b):
    return '{' + ', '.join(f'0x{x:02x}' for x in b) + '}'

def case(arch, body, text, rodata, syms, note, be=0, want=None):
    pre, asf, ldf, ebf = TOOLS[arch]
    e = (ebf or []) if be else []
    open(f'{W}/t.s', 'w').write(body + '\n')
    run(pre + 'as', *asf, *e, f'{W}/t.s', '-o', f'{W}/t.o')
    defs = [x for n, v in syms.items() for x in ('--defsym', f'{n}={v:#x}')]
    p = run(pre + 'ld', *e, '-e', '0', f'-Ttext={text:#x}', '--section-start', f'.rodata={rodata:#x}',
            f'{W}/t.o', '-o', f'{W}/t.elf', *defs, check=False)
    err = None if p.returncode == 0 else [l for l in p.stderr.splitlines() if 'warning' not in l][-1]
    base = {'.text': text, '.rodata': rodata, '.literal': T}
    for sec, off, typ, sym, add in relocs(f'{W}/t.o', pre):
        if want and typ not in want:
            continue
        n = SIZE.get(typ, 4)
        i = sect(f'{W}/t.o', sec, pre)[off:off + n]
        S = syms[sym]
        P = base[sec] + off
        tag = 'BE' if be else 'LE'
        if err:
            print(f"    /* {typ} {tag} P={P:#x} S={S:#x} A={add}: {note}: ld refuses: {err.split(': ', 1)[-1]} */")
            continue
        o = sect(f'{W}/t.elf', '.text' if sec == '.literal' else sec, pre)[off:off + n]
        print(f"    {{{typ}, {be}, {P:#010x}u, {S:#010x}u, {add}, {c(i)}, {c(o)}}}, /* {note} */")

if __name__ == '__main__':
    exec(open(sys.argv[1]).read())
