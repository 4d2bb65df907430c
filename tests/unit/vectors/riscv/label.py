#!/usr/bin/python3
"""Make the RISC-V label-arithmetic vectors (ADD, SUB, SET, SET6/SUB6 and the
ULEB128 pair) of tests/unit/test_arch_riscv.c: a data field with chosen
initial bytes and one or two relocations on it, against symbols defined with
--defsym, assembled by llvm-mc 19 and linked by ld.lld 19 (Debian llvm-19 and
lld-19: LLVM 14 knows no ULEB128 relocation). Every row without a ULEB128
relocation is linked by ld.lld 14 and GNU ld 2.40 too and must give the same
bytes. Prints C rows:

    label.py rows    the rows that link, then the ones ld.lld 19 refuses
"""
import os
import subprocess
import sys
import tempfile

LLVM19 = "/usr/lib/llvm-19/bin"
T = tempfile.mkdtemp()
DATA = 0x20000  # where the field is linked


def run(*a, **k):
    return subprocess.run(list(map(str, a)), capture_output=True, text=True, **k)


def assemble(xlen, relocs, before, mc):
    """relocs: [(type, symbol value)]; each .reloc names its own symbol."""
    s = os.path.join(T, "a.s")
    o = os.path.join(T, f"a{xlen}.o")
    lines = [".globl _start", ".text", "_start:", "nop", ".section .rodata,\"a\"", "field:"]
    for k, (typ, _) in enumerate(relocs):
        lines.insert(0, f".globl sym{k}")
        lines.append(f".reloc field, {typ}, sym{k}")
    lines.append(".byte " + ", ".join(f"{b:#x}" for b in before))
    open(s, "w").write("\n".join(lines) + "\n")
    r = run(mc, f"-triple=riscv{xlen}", "-filetype=obj", s, "-o", o)
    return o if r.returncode == 0 else None


def link(xlen, relocs, before, tools):
    mc, ld, kind = tools
    o = assemble(xlen, relocs, before, mc)
    if o is None:
        return None, "llvm-mc cannot write it"
    e = os.path.join(T, "a.elf")
    defs = []
    for k, (_, S) in enumerate(relocs):
        defs += ["--defsym", f"sym{k}={S & ((1 << xlen) - 1):#x}"]
    extra = ["-m", "elf32lriscv"] if kind == "gnu" and xlen == 32 else []
    r = run(ld, *extra, o, "-o", e, "-Ttext=0x10000", f"--section-start=.rodata={DATA:#x}",
            *defs)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[0]
    b = os.path.join(T, "a.bin")
    run(f"{LLVM19}/llvm-objcopy", "-O", "binary", "--only-section=.rodata", e, b, check=True)
    return open(b, "rb").read()[:len(before)], None


LLD19 = (f"{LLVM19}/llvm-mc", f"{LLVM19}/ld.lld", "lld")
LLD14 = ("llvm-mc-14", "ld.lld-14", "lld")
GNU = (f"{LLVM19}/llvm-mc", "riscv64-linux-gnu-ld", "gnu")

M64 = (1 << 64) - 1
# (xlen, [(type, S)], before, comment). S is the symbol's value (A is 0);
# the second of a pair is the label subtracted.
ROWS = [
    # ADD/SUB alone: the field's own bytes are V, modulo 2^N both ways
    (64, [("R_RISCV_ADD8", 0x20)], [0xf0], "0xf0 + 0x20 wraps to 0x10"),
    (32, [("R_RISCV_ADD8", 0x12345601)], [0x02], "only the low byte of S counts"),
    (64, [("R_RISCV_ADD16", 0x1234)], [0x00, 0xf0], "0xf000 + 0x1234 wraps"),
    (32, [("R_RISCV_ADD16", 0x8001)], [0x01, 0x80], ""),
    (64, [("R_RISCV_ADD32", 0x80000000)], [0x00, 0x00, 0x00, 0x90], "wraps"),
    (32, [("R_RISCV_ADD32", 0xfffffff0)], [0x20, 0x00, 0x00, 0x00], "wraps"),
    (64, [("R_RISCV_ADD64", 0x8000000000000010)], [0xf0] + [0] * 6 + [0x80], "wraps"),
    (64, [("R_RISCV_SUB8", 0x20)], [0x10], "0x10 - 0x20 wraps to 0xf0"),
    (32, [("R_RISCV_SUB8", 0x1)], [0x00], ""),
    (64, [("R_RISCV_SUB16", 0x2)], [0x01, 0x00], ""),
    (32, [("R_RISCV_SUB16", 0x1234)], [0x34, 0x12], ""),
    (64, [("R_RISCV_SUB32", 0x10)], [0x08, 0x00, 0x00, 0x00], ""),
    (32, [("R_RISCV_SUB32", 0x80000000)], [0x00, 0x00, 0x00, 0x00], ""),
    (64, [("R_RISCV_SUB64", 0x1)], [0] * 8, "0 - 1"),
    # the label differences GNU as writes: .word A - B and friends
    (64, [("R_RISCV_ADD8", 0x10080), ("R_RISCV_SUB8", 0x10000)], [0, ], "A - B = 0x80"),
    (32, [("R_RISCV_ADD8", 0x10000), ("R_RISCV_SUB8", 0x10001)], [0], "A - B = -1"),
    (64, [("R_RISCV_ADD16", 0x20000), ("R_RISCV_SUB16", 0x1ffff)], [0, 0], ""),
    (32, [("R_RISCV_ADD16", 0x10000), ("R_RISCV_SUB16", 0x18000)], [0, 0], "negative"),
    (64, [("R_RISCV_ADD32", 0x8040100), ("R_RISCV_SUB32", 0x8040400)], [0, 0, 0, 0],
     "a jump table entry: code below the table"),
    (64, [("R_RISCV_ADD32", 0x208040100), ("R_RISCV_SUB32", 0x8040000)], [0, 0, 0, 0],
     "8 GiB apart: modulo 2^32"),
    (32, [("R_RISCV_ADD32", 0x8040100), ("R_RISCV_SUB32", 0x8040400)], [0, 0, 0, 0], ""),
    (32, [("R_RISCV_ADD32", 0xfffffff0), ("R_RISCV_SUB32", 0x10)], [1, 0, 0, 0],
     "the field's own 1 counts"),
    (64, [("R_RISCV_ADD64", 0x8040100), ("R_RISCV_SUB64", 0x8040400)], [0] * 8, ""),
    (64, [("R_RISCV_ADD64", 0xfffffffff0000000), ("R_RISCV_SUB64", 0x10000000)], [0] * 8, ""),
    # SET: the field is S + A modulo 2^N; SET6/SUB6 keep the top 2 bits
    (64, [("R_RISCV_SET6", 0x7f)], [0xc0], "0x3f, top bits kept"),
    (32, [("R_RISCV_SET6", 0x41)], [0x80], ""),
    (64, [("R_RISCV_SET6", 0x0)], [0xff], ""),
    (64, [("R_RISCV_SUB6", 0x2)], [0xc1], "1 - 2 wraps in 6 bits, top bits kept"),
    (32, [("R_RISCV_SUB6", 0x10)], [0x7f], ""),
    (64, [("R_RISCV_SET6", 0x10010), ("R_RISCV_SUB6", 0x10004)], [0xc2],
     "DW_CFA_advance_loc as GNU as writes it"),
    (32, [("R_RISCV_SET6", 0x10004), ("R_RISCV_SUB6", 0x10010)], [0x40], "negative"),
    (64, [("R_RISCV_SET8", 0x1ff)], [0x55], "0xff"),
    (32, [("R_RISCV_SET8", 0x80)], [0x00], ""),
    (64, [("R_RISCV_SET8", 0x10010), ("R_RISCV_SUB8", 0x10004)], [0xaa], ""),
    (64, [("R_RISCV_SET16", 0x12345)], [0xff, 0xff], "0x2345"),
    (32, [("R_RISCV_SET16", 0xfffe)], [0, 0], ""),
    (32, [("R_RISCV_SET16", 0x10010), ("R_RISCV_SUB16", 0x20000)], [0, 0], ""),
    (64, [("R_RISCV_SET32", 0x7fffffff)], [0xff] * 4, ""),
    (64, [("R_RISCV_SET32", M64 - 0x7fffffff)], [0] * 4, "-2^31"),
    (32, [("R_RISCV_SET32", 0xfffffff0)], [0] * 4, "RV32: modulo 2^32"),
    (32, [("R_RISCV_SET32", 0x80000000)], [0] * 4, "RV32: modulo 2^32"),
    (64, [("R_RISCV_SET32", 0x10010), ("R_RISCV_SUB32", 0x10004)], [0] * 4, ""),
    (32, [("R_RISCV_SET32", 0x10004), ("R_RISCV_SUB32", 0x10010)], [0] * 4, ""),
    # the ULEB128 pair: the value in the length the field has
    (64, [("R_RISCV_SET_ULEB128", 0x1007f), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x00],
     "127: the most one byte holds"),
    (32, [("R_RISCV_SET_ULEB128", 0x10005), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x7f], ""),
    (64, [("R_RISCV_SET_ULEB128", 0x10080), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x80, 0x00],
     "128 in two bytes"),
    (32, [("R_RISCV_SET_ULEB128", 0x13fff), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x80, 0x00],
     "0x3fff: the most two bytes hold"),
    (64, [("R_RISCV_SET_ULEB128", 0x10003), ("R_RISCV_SUB_ULEB128", 0x10000)],
     [0x80, 0x80, 0x00], "3, padded to three bytes"),
    (32, [("R_RISCV_SET_ULEB128", 0x10000), ("R_RISCV_SUB_ULEB128", 0x10000)],
     [0xff, 0xff, 0xff, 0xff, 0x0f], "0 in five bytes"),
    (64, [("R_RISCV_SET_ULEB128", 0x7fffffffffffffff), ("R_RISCV_SUB_ULEB128", 0)],
     [0x80] * 8 + [0x00], "2^63 - 1: the most nine bytes hold"),
    (64, [("R_RISCV_SET_ULEB128", 0), ("R_RISCV_SUB_ULEB128", 1)],
     [0x80] * 9 + [0x00], "-1 as a 64-bit value: ten bytes hold it"),
]

# ld.lld 19 refuses these: (xlen, relocs, before)
BAD = [
    (64, [("R_RISCV_SET32", 0x80000000)], [0] * 4),
    (64, [("R_RISCV_SET32", M64 - 0x80000000)], [0] * 4),
    (64, [("R_RISCV_SET_ULEB128", 0x10080), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x00]),
    (32, [("R_RISCV_SET_ULEB128", 0x14000), ("R_RISCV_SUB_ULEB128", 0x10000)], [0x80, 0x00]),
    (32, [("R_RISCV_SET_ULEB128", 0x10000), ("R_RISCV_SUB_ULEB128", 0x10010)],
     [0x80, 0x80, 0x80, 0x80, 0x00]),
    (64, [("R_RISCV_SET_ULEB128", 0), ("R_RISCV_SUB_ULEB128", 1)], [0x80] * 8 + [0x00]),
]


def hx(b):
    return "{" + ", ".join(f"0x{x:02x}" for x in b) + "}"


def c_u64(v):
    return f"UINT64_C({v:#x})" if v > 0xffffffff else f"{v:#x}"


def row_c(xlen, relocs, before, after):
    rs = ", ".join(f"{{{t}, {c_u64(S)}}}" for t, S in relocs)
    return (f"    {{{xlen}, {len(before)}, {hx(before)}, {hx(after)}, {len(relocs)}, "
            f"{{{rs}}}}},")


if __name__ == "__main__" and sys.argv[1:] == ["rows"]:
    for xlen, relocs, before, comment in ROWS:
        after, err = link(xlen, relocs, before, LLD19)
        if after is None:
            # RV32 SET32 of a value >= 2^31: ld.lld 19 checks it as an int32
            # without first taking the RV32 value modulo 2^32
            assert xlen == 32 and relocs[0][0] == "R_RISCV_SET32", (xlen, relocs, err)
            comment += "; ld.lld 19 refuses it (" + err.split("): ", 1)[1].split(";")[0] + \
                "), ld.lld 14 and GNU ld write this"
            after, err = link(xlen, relocs, before, LLD14)
        if "ULEB128" not in relocs[0][0]:  # LLVM 14 and binutils 2.40 know no ULEB128
            for tools in (LLD14, GNU):
                other, err = link(xlen, relocs, before, tools)
                assert other == after, (tools[1], xlen, relocs, other, after, err)
        print(row_c(xlen, relocs, before, after) + (f" /* {comment} */" if comment else ""))
    print()
    for xlen, relocs, before in BAD:
        after, err = link(xlen, relocs, before, LLD19)
        assert after is None, (xlen, relocs, "ld.lld 19 took it")
        print(f"    /* ld.lld 19: {err.split('): ', 1)[1]} */")
        print(row_c(xlen, relocs, before, before))
