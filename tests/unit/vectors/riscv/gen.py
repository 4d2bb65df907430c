#!/usr/bin/python3
"""Make the RISC-V unit vectors: assemble one instruction (pair) with a
relocation against `sym` (llvm-mc 14), link it with ld.lld 14 at P with
--defsym sym=S, and read the linked bytes. Prints C rows."""
import subprocess, sys, os, tempfile

T = tempfile.mkdtemp()

SNIP = {
    "BRANCH": (".reloc ., R_RISCV_BRANCH, sym\nbeq a0, a1, 0\n", 4),
    "JAL": (".reloc ., R_RISCV_JAL, sym\njal ra, 0\n", 4),
    "RVC_BRANCH": (".reloc ., R_RISCV_RVC_BRANCH, sym\nc.beqz a0, 0\n", 2),
    "RVC_JUMP": (".reloc ., R_RISCV_RVC_JUMP, sym\nc.j 0\n", 2),
    "CALL": ("call sym\n", 8),
    "CALL_PLT": ("tail sym@plt\n", 8),
    "PCREL": (".Lpc: auipc a0, %pcrel_hi(sym)\naddi a1, a0, %pcrel_lo(.Lpc)\n"
              "sw a2, %pcrel_lo(.Lpc)(a0)\n", 12),
    "ABS": ("lui a0, %hi(sym)\naddi a1, a0, %lo(sym)\nsw a2, %lo(sym)(a0)\n", 12),
    "32": (".word sym\n", 4),
    "64": (".quad sym\n", 8),
    "32A": (".word sym + 0x20\n", 4),
    "32_PCREL": (".reloc ., R_RISCV_32_PCREL, sym\n.word 0\n", 4),
    "GOT64": (".Lg: auipc a0, %got_pcrel_hi(sym)\nld a1, %pcrel_lo(.Lg)(a0)\n", 8),
    "GOT32": (".Lg: auipc a0, %got_pcrel_hi(sym)\nlw a1, %pcrel_lo(.Lg)(a0)\n", 8),
}


def run(*a, **k):
    return subprocess.run(list(map(str, a)), capture_output=True, text=True, **k)


def link(xlen, snip, P, S, extra=()):
    src, n = SNIP[snip]
    s = os.path.join(T, "a.s")
    o = os.path.join(T, "a.o")
    e = os.path.join(T, "a.elf")
    b = os.path.join(T, "a.bin")
    open(s, "w").write(".globl sym\n.globl _start\n.text\n_start:\n" + src)
    attr = "+c" if snip.startswith("RVC") else "-c"
    r = run("llvm-mc", f"-triple=riscv{xlen}", f"-mattr={attr}", "-filetype=obj", s, "-o", o)
    assert r.returncode == 0, r.stderr
    run("llvm-objcopy", "--dump-section", f".text={b}", o, check=True)
    before = open(b, "rb").read()[:n]
    S &= (1 << xlen) - 1
    r = run("ld.lld", o, "-o", e, f"-Ttext={P:#x}", "--defsym", f"sym={S:#x}", *extra)
    if r.returncode != 0:
        return before, None, r.stderr.strip().splitlines()[0], None
    run("llvm-objcopy", "-O", "binary", "--only-section=.text", e, b, check=True)
    after = open(b, "rb").read()[:n]
    got = None
    if snip.startswith("GOT"):
        out = run("readelf", "-SW", e).stdout
        for line in out.splitlines():
            if "] .got " in line:
                got = int(line.split("]", 1)[1].split()[2], 16)
    return before, after, None, got


def hx(b):
    return "{" + ", ".join(f"0x{x:02x}" for x in b) + "}"


if __name__ == "__main__" and sys.argv[1:] == ["try"]:
    print(repr(link(64, "BRANCH", 0x10000, 0x10000 + 4094)))

P0 = 0x10000
# (snippet, xlen) -> values; P chosen so that S = P + v (or S = v) is a valid address
PLAN = [
    ("BRANCH", 64, [-4096, -4094, -2, 0, 2, 4094], [-4098, 4096], [1, -4095]),
    ("BRANCH", 32, [-4096, 4094], [4096], [3]),
    ("JAL", 64, [-1048576, -1048574, -2, 0, 2, 1048574], [-1048578, 1048576], [1]),
    ("JAL", 32, [-1048576, 1048574], [1048576], [-3]),
    ("RVC_BRANCH", 64, [-256, -254, -2, 0, 2, 254], [-258, 256], [3]),
    ("RVC_BRANCH", 32, [-256, 254], [256], [-1]),
    ("RVC_JUMP", 64, [-2048, -2046, -2, 0, 2, 2046], [-2050, 2048], [5]),
    ("RVC_JUMP", 32, [-2048, 2046], [2048], [-5]),
    ("CALL", 64, [-0x80000800, -0x800007ff, -0x801, -0x800, -1, 0, 1, 0x7ff, 0x800,
                  0x7ffff7fe, 0x7ffff7ff], [-0x80000801, 0x7ffff800], []),
    ("CALL_PLT", 64, [-0x80000800, -1, 0, 1, 0x7ffff7ff], [-0x80000801, 0x7ffff800], []),
    ("CALL", 32, [-0x80000800, 0, 0x7ffff7ff, 0x7ffff800, 0x80000000, 0xeffff000,
                  -0x80000801, -0xeffff000], [], []),
    ("CALL_PLT", 32, [0x7ffff800, -0x80000801], [], []),
    ("PCREL", 64, [-0x80000800, -0x800007ff, -0x801, -1, 0, 1, 0x7ff, 0x800, 0x7ffff7ff],
     [-0x80000801, 0x7ffff800], []),
    ("PCREL", 32, [-0x80000800, 0x7ffff7ff, 0x7ffff800, 0x80000000, -0xeffff000], [], []),
    ("ABS", 64, [-0x80000800, -0x800007ff, -0x801, -1, 0, 1, 0x7ff, 0x800, 0x7ffff7fe,
                 0x7ffff7ff], [-0x80000801, 0x7ffff800], []),
    ("ABS", 32, [0, 0x7ff, 0x800, 0x7ffff800, 0x80000000, 0xfffff7ff, 0xfffff800,
                 0xffffffff], [], []),
    ("32", 64, [-0x80000000, -0x7fffffff, -1, 0, 1, 0x7fffffff, 0x80000000, 0xfffffffe,
                0xffffffff], [-0x80000001, 0x100000000], []),
    ("32", 32, [0, 1, 0x80000000, 0xffffffff], [], []),
    ("32A", 32, [0x100000010], [], []),
    # RV32 wrap-around: P near the top and S near 0, or the other way
    ("BRANCH", 32, [-0xffffffd0, 0xffffffd0], [], []),
    ("JAL", 32, [-0xffffffd0, 0xffffffd0], [], []),
    ("RVC_BRANCH", 32, [-0xffffffd0, 0xffffffd0], [], []),
    ("RVC_JUMP", 32, [-0xffffffd0, 0xffffffd0], [], []),
    ("64", 64, [0, 1, -1, 0x123456789abcdef0, -0x8000000000000000], [], []),
    ("32_PCREL", 64, [-0x80000000, -0x7fffffff, -1, 0, 1, 0x7fffffff],
     [-0x80000001, 0x80000000], []),
    ("32_PCREL", 32, [-0x80000000, 0x7fffffff, 0x80000000, -0xeffff000], [], []),
]

TYPES = {
    "BRANCH": [("R_RISCV_BRANCH", 0, 4)],
    "JAL": [("R_RISCV_JAL", 0, 4)],
    "RVC_BRANCH": [("R_RISCV_RVC_BRANCH", 0, 2)],
    "RVC_JUMP": [("R_RISCV_RVC_JUMP", 0, 2)],
    "CALL": [("R_RISCV_CALL", 0, 8)],
    "CALL_PLT": [("R_RISCV_CALL_PLT", 0, 8)],
    "PCREL": [("R_RISCV_PCREL_HI20", 0, 4), ("R_RISCV_PCREL_LO12_I", 4, 4),
              ("R_RISCV_PCREL_LO12_S", 8, 4)],
    "ABS": [("R_RISCV_HI20", 0, 4), ("R_RISCV_LO12_I", 4, 4), ("R_RISCV_LO12_S", 8, 4)],
    "32": [("R_RISCV_32", 0, 4)],
    "64": [("R_RISCV_64", 0, 8)],
    "32A": [("R_RISCV_32", 0, 4)],
    "32_PCREL": [("R_RISCV_32_PCREL", 0, 4)],
    "GOT64": [("R_RISCV_GOT_HI20", 0, 4), ("R_RISCV_PCREL_LO12_I", 4, 4)],
    "GOT32": [("R_RISCV_GOT_HI20", 0, 4), ("R_RISCV_PCREL_LO12_I", 4, 4)],
}

ABSOLUTE = {"ABS", "32", "64", "32A"}


def place(snip, xlen, v):
    """P and S for a value v."""
    if snip == "32A":
        return P0, v - 0x20
    if snip in ABSOLUTE:
        return P0, v
    if xlen == 32 and v > 0x7fffffff:
        return 0x20, 0x20 + v
    if xlen == 32 and v <= -0xfffff000:
        return 0xfffffff0, 0xfffffff0 + v
    if v < 0 and xlen == 64:
        P = 0x100000000          # S = P + v stays a small positive address
    elif xlen == 32 and (v < -0x7ffff000):
        P = 0xf0010000 if v >= -0xf0010000 else 0xfffff000  # wraps to S = P + v mod 2^32
    else:
        P = P0
    return P, P + v


def c_int(v):
    if v == -0x8000000000000000:
        return "INT64_MIN"
    if v < -0x7fffffff:  # -0x80000801 would negate an unsigned int
        return f"-INT64_C({-v:#x})"
    return f"{v:#x}" if v >= 0 else f"-{-v:#x}"


def p_int(v):
    return f"{v:#x}" if v >= 0 else f"-{-v:#x}"


def arith(snip, xlen, P, S, v):
    c_int = p_int
    m = (1 << xlen) - 1
    if snip == "32A":
        w = ((v + (1 << 31)) % (1 << 32)) - (1 << 31)
        return f"S + A = {S:#x} + 0x20 = {c_int(v)}, {c_int(w)} mod 2^32"
    if snip in ABSOLUTE:
        w = ((v + (1 << 31)) % (1 << 32)) - (1 << 31)
        t = f", {c_int(w)} mod 2^32" if xlen == 32 and w != v else ""
        return f"S + A = {S & m:#x} + 0 = {c_int(v)}{t}"
    s = f"S {S & m:#x} - P {P:#x} = {c_int(v)}"
    w = ((v + (1 << 31)) % (1 << 32)) - (1 << 31)
    if xlen == 32 and w != v:
        s += f", {c_int(w)} mod 2^32"
    return s


if __name__ == "__main__" and sys.argv[1:] == ["rows"]:
    templates = {}
    rows, bad = [], []
    for snip, xlen, good, far, odd in PLAN:
        for v in good:
            P, S = place(snip, xlen, v)
            before, after, err, _ = link(xlen, snip, P, S)
            assert after is not None, (snip, xlen, hex(v), err)
            templates[(snip, xlen)] = before
            for name, off, n in TYPES[snip]:
                rows.append((name, xlen, v, P + off, before[off:off + n], after[off:off + n],
                             arith(snip, xlen, P, S, v), snip))
        for v in far + odd:
            P, S = place(snip, xlen, v)
            before, after, err, _ = link(xlen, snip, P, S)
            if snip == "32":
                assert after is not None
                err = ("ld.lld 14 links it (R_RISCV_32 is written unchecked); the limit is "
                       "[-2^31, 2^32 - 1], checkIntUInt(32)")
            elif snip == "32_PCREL" and after is not None:
                err = ("ld.lld 14 links it unchecked; current ld.lld refuses it "
                       "(checkInt(loc, val, 32)): the limit is [-2^31, 2^31 - 1]")
            else:
                assert after is None, (snip, xlen, hex(v), "lld accepted")
                err = "ld.lld: " + err.split("): ", 1)[1].split("; references")[0]
            bad.append((TYPES[snip][0][0], xlen, v, err))
    # GOT: v = G - P
    for xlen in (64, 32):
        snip = f"GOT{xlen}"
        S = 0x12345678
        for got in (0x12345ff8, 0xf008):
            before, after, err, G = link(xlen, snip, P0, S, ["--section-start", f".got={got:#x}"])
            assert after is not None and G
            G += xlen // 8  # .got[0] is the header (_DYNAMIC); S's slot follows
            v = G - P0
            for name, off, n in TYPES[snip]:
                rows.append((name, xlen, v, P0 + off, before[off:off + n], after[off:off + n],
                             f"G {G:#x} (S's slot, after the .got header) - P {P0:#x} = {p_int(v)}", snip))
    for r in rows:
        name, xlen, v, P, b, a, comment, snip = r
        print(f"    {{{name}, {xlen}, {c_int(v)}, {P:#x}, {len(b)}, {hx(b)}, {hx(a)}}}, /* {comment} */")
    print()
    HI = ("-INT64_C(0x80000800)", "0x7ffff7ff", 0)
    RANGE = {"R_RISCV_BRANCH": ("-4096", "4094", 2), "R_RISCV_JAL": ("-1048576", "1048574", 2),
             "R_RISCV_RVC_BRANCH": ("-256", "254", 2), "R_RISCV_RVC_JUMP": ("-2048", "2046", 2),
             "R_RISCV_CALL": HI, "R_RISCV_CALL_PLT": HI, "R_RISCV_PCREL_HI20": HI,
             "R_RISCV_HI20": HI, "R_RISCV_32": ("INT32_MIN", "UINT32_MAX", 0),
             "R_RISCV_32_PCREL": ("INT32_MIN", "INT32_MAX", 0)}
    for name, xlen, v, err in bad:
        lo, hi, al = RANGE[name]
        print(f"    /* {err} */\n    {{{name}, {xlen}, {c_int(v)}, {lo}, {hi}, {al}}},")
