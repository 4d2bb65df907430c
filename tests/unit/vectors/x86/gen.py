"""Generate the x86 unit vectors: link v64.o / v32.o with ld.lld at fixed
addresses, each symbol placed so that its relocation's value is a chosen one;
print rows and lld's bytes; then check lld's verdict one step past each limit."""
import subprocess, sys, re

def sh(*a, check=True):
    p = subprocess.run(list(map(str, a)), capture_output=True, text=True)
    if check and p.returncode:
        sys.exit(p.stderr)
    return p

def relocs(obj):
    out = sh("readelf", "-rW", obj).stdout
    sec, rows = None, []
    for line in out.splitlines():
        m = re.match(r"Relocation section '(\S+)'", line)
        if m: sec = m.group(1); continue
        f = line.split()
        if len(f) >= 5 and f[2].startswith("R_"):
            a = None
            if len(f) >= 7: a = int(f[6], 16) * (-1 if f[5] == "-" else 1)
            rows.append((sec, int(f[0], 16), f[2], f[4], a))
    return rows

def sect(obj, name, out):
    sh("llvm-objcopy", "-O", "binary", f"--only-section={name}", obj, out)
    return open(out, "rb").read()

PC = {"PC32", "PLT32", "PC16", "PC8", "PC64"}
def kind(t): return t.replace("R_X86_64_", "").replace("R_386_", "")

def run(obj, T, R, want, wrap32, field_of, extra):
    rel = relocs(obj)
    S = dict(extra)
    for sec, off, t, sym, a in rel:
        if sym in S or sym not in want: continue
        P = (T if sec.endswith("text") else R) + off
        A = a if a is not None else field_of(sec, off, t)
        v = want[sym]
        s = v - A + (P if kind(t) in PC else 0)
        S[sym] = s & (0xffffffff if wrap32 else 0xffffffffffffffff)
    return rel, S

def link(obj, T, R, S, out, extra=()):
    defs = [x for n, v in S.items() for x in ("--defsym", f"{n}={v:#x}")]
    return sh("ld.lld", "--no-relax", "-o", out, obj, f"-Ttext={T:#x}",
              f"--section-start=.rodata={R:#x}", *defs, *extra, check=False)
