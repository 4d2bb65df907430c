#!/usr/bin/env python3
# Vectors for tests/unit/test_arch_a64arm.c. Each row: a placeholder field
# with one relocation against a symbol S, assembled by llvm-mc and linked by
# ld.lld at P; the linked bytes are the expected ones. Rows that must fail
# are not linked. Prints C rows.
import os
import struct
import subprocess
import sys
import tempfile

M64 = (1 << 64) - 1


def run(*a):
    p = subprocess.run(a, capture_output=True, text=True)
    if p.returncode:
        sys.exit(p.stderr)


def page(x):
    return x & ~0xfff & M64


# ------------------------------------------------------------ AArch64
A64_ABS = {"ABS64", "ABS32", "ABS16", "MOVW_UABS_G0", "MOVW_UABS_G0_NC", "MOVW_UABS_G1",
           "MOVW_UABS_G1_NC", "MOVW_UABS_G2", "MOVW_UABS_G2_NC", "MOVW_UABS_G3",
           "MOVW_SABS_G0", "MOVW_SABS_G1", "MOVW_SABS_G2", "ADD_ABS_LO12_NC",
           "LDST8_ABS_LO12_NC", "LDST16_ABS_LO12_NC", "LDST32_ABS_LO12_NC",
           "LDST64_ABS_LO12_NC", "LDST128_ABS_LO12_NC"}
A64_PAGE = {"ADR_PREL_PG_HI21", "ADR_PREL_PG_HI21_NC"}
SIZE = {"ABS64": 8, "PREL64": 8, "ABS16": 2, "PREL16": 2}
A64_DATA = {"ABS64", "PREL64", "ABS32", "PREL32", "ABS16", "PREL16"}

P2 = lambda n: 1 << n


def a64_rows():
    R = []

    def row(t, ph, v, note="", ok=True, bad=None, A=0, low=0):
        R.append(dict(t=t, ph=ph, v=v, note=note, ok=ok, bad=bad, A=A, low=low))

    def lim(t, ph, lo, hi, step, align=0, extra=(), fail_lo=True, fail_hi=True, A=0):
        for v, n in ((lo, "min"), (lo + step, "min + step"), (-step, "-step"), (0, "0"),
                     (step, "step"), (hi, "max")):
            if lo <= v <= hi:
                row(t, ph, v, n, A=A)
        bad = (lo, hi, align)
        if fail_lo:
            row(t, ph, lo - step, "min - step", ok=False, bad=bad, A=A)
        if fail_hi:
            row(t, ph, hi + step, "max + step", ok=False, bad=bad, A=A)
        for v, n in extra:
            row(t, ph, v, n, ok=False, bad=bad, A=A)

    # data; placeholders hold junk, which RELA ignores
    row("NONE", 0xd503201f, 0, "nothing written (nop)")
    row("ABS64", 0x1111111111111111, 0x0123456789abcdef, "S + A, no check", A=0x10)
    row("ABS64", 0, -1, "S + A = 2^64 - 1")
    row("PREL64", 0x1111111111111111, -0x123456789, "S + A - P, no check", A=-8)
    lim("ABS32", 0x11111111, -P2(31), P2(32) - 1, 1)
    lim("PREL32", 0x11111111, -P2(31), P2(32) - 1, 1)
    lim("ABS16", 0x1111, -P2(15), P2(16) - 1, 1)
    lim("PREL16", 0x1111, -P2(15), P2(16) - 1, 1)
    # branches: B, BL (imm26); B.cond, CBZ, LDR (literal) (imm19); TBZ (imm14)
    lim("CALL26", 0x94000000, -P2(27), P2(27) - 4, 4, 4, [(2, "not a multiple of 4")])
    row("CALL26", 0x94000000, 0x1000, "A = 8", A=8)
    lim("JUMP26", 0x14000000, -P2(27), P2(27) - 4, 4, 4, [(-6, "not a multiple of 4")])
    lim("CONDBR19", 0x54000001, -P2(20), P2(20) - 4, 4, 4, [(0x101, "not a multiple of 4")])
    row("CONDBR19", 0xb4000003, 0x100, "cbz x3")
    lim("LD_PREL_LO19", 0x58000000, -P2(20), P2(20) - 4, 4, 4, [(6, "not a multiple of 4")])
    lim("TSTBR14", 0x36000000 | 31 << 19, -P2(15), P2(15) - 4, 4, 4,
        [(1, "not a multiple of 4")])
    # ADR, ADRP
    lim("ADR_PREL_LO21", 0x10000000, -P2(20), P2(20) - 1, 1)
    lim("ADR_PREL_PG_HI21", 0x90000000, -P2(32), P2(32) - 4096, 4096, 4096)
    row("ADR_PREL_PG_HI21", 0xf0000009, 0x12345000, "adrp x9, junk immediate", low=0x678)
    row("ADR_PREL_PG_HI21_NC", 0x90000000, P2(32), "no check: 2^32 wraps to page 0")
    row("ADR_PREL_PG_HI21_NC", 0x90000000, -P2(32) - 4096, "no check")
    # :lo12:
    for v in (0, 0xfff, 0x12345678):
        row("ADD_ABS_LO12_NC", 0x91000000, v, "imm12 = X[11:0]")
    for t, ph, sz in (("LDST8_ABS_LO12_NC", 0x39400000, 1), ("LDST16_ABS_LO12_NC", 0x79400000, 2),
                      ("LDST32_ABS_LO12_NC", 0xb9400000, 4), ("LDST64_ABS_LO12_NC", 0xf9400000, 8),
                      ("LDST128_ABS_LO12_NC", 0x3dc00000, 16)):
        row(t, ph, 0x2000, "X[11:0] = 0")
        row(t, ph, sz, "one access up")
        row(t, ph, 0x7654321000 + 0x1000 - sz, "X[11:0] = 0x1000 - size: the last")
        if sz > 1:
            row(t, ph, 0x2000 + sz // 2, "not a multiple of the access size", ok=False,
                bad=(-P2(63), P2(63) - 1, sz))
            row(t, ph, 0x2fff, "not a multiple of the access size", ok=False,
                bad=(-P2(63), P2(63) - 1, sz))
    # MOVZ/MOVK, unsigned
    for t, ph, sh in (("MOVW_UABS_G0", 0xd2800000, 0), ("MOVW_UABS_G1", 0xf2a00000, 16),
                      ("MOVW_UABS_G2", 0xf2c00000, 32)):
        lim(t, ph, 0, P2(sh + 16) - 1, P2(sh), fail_lo=False,
            extra=[(-1, "negative")])
        row(t, ph, 0x0123456789abcdef & (P2(sh + 16) - 1), "every chunk distinct")
    for t, ph, sh in (("MOVW_UABS_G0_NC", 0xf2800000, 0), ("MOVW_UABS_G1_NC", 0xf2a00000, 16),
                      ("MOVW_UABS_G2_NC", 0xf2c00000, 32), ("MOVW_UABS_G3", 0xf2e00000, 48)):
        row(t, ph, 0x0123456789abcdef, "no check")
        row(t, ph, -1, "no check")
    # MOVN/MOVZ, signed: MOVN with ~chunk when X < 0
    for t, sh in (("MOVW_SABS_G0", 0), ("MOVW_SABS_G1", 16), ("MOVW_SABS_G2", 32),
                  ("MOVW_PREL_G0", 0), ("MOVW_PREL_G1", 16), ("MOVW_PREL_G2", 32)):
        lim(t, 0xd2800000 | (sh // 16) << 21, -P2(sh + 16), P2(sh + 16) - 1, P2(sh))
        row(t, 0x92800000 | (sh // 16) << 21, 0x5a5a << sh, "movn placeholder becomes movz")
    row("MOVW_PREL_G3", 0xd2e00000, -0x0123456789abcdef, "no check, movz")
    row("MOVW_PREL_G3", 0x92e00000, 0x0123456789abcdef, "no check, movn becomes movz")
    for t, sh in (("MOVW_PREL_G0_NC", 0), ("MOVW_PREL_G1_NC", 16), ("MOVW_PREL_G2_NC", 32)):
        row(t, 0xf2800000 | (sh // 16) << 21, -0x0123456789abcdef, "movk, no check")
        row(t, 0xf2800000 | (sh // 16) << 21, 0x0123456789abcdef, "movk, no check")
    return R


A64_INSN_LE_IN_BE = ("CALL26", "ADR_PREL_PG_HI21", "MOVW_SABS_G0")


def a64_emit(rows, be, T):
    """Assemble and link rows at T; fill each row's P, S, out."""
    d = tempfile.mkdtemp()
    src = [".text", ".globl _start", "_start:"]
    defs = []
    P = T
    for i, r in enumerate(rows):
        t, sz = r["t"], SIZE.get(r["t"], 4)
        P = (P + 7) & ~7
        r["P"], r["size"] = P, sz
        src.append(".balign 8")
        if t in A64_ABS:
            S = r["v"] - r["A"]
        elif t in A64_PAGE:
            S = page(P) + r["v"] + r["low"] - r["A"]
        else:
            S = r["v"] - r["A"] + P
        r["S"] = S & M64
        if r["ok"]:
            src += [f".globl s{i}", f".reloc ., R_AARCH64_{t}, s{i}{r['A']:+d}" if t != "NONE"
                    else f".reloc ., R_AARCH64_NONE, s{i}"]
            defs += ["--defsym", f"s{i}={r['S']:#x}"]
        ph = r["ph"] & (P2(8 * sz) - 1)
        src.append({2: f".hword {ph:#x}", 4: f".word {ph:#x}", 8: f".xword {ph:#x}"}[sz]
                   if t in A64_DATA
                   else f".inst {ph:#x}")
        P += 8
    open(f"{d}/v.s", "w").write("\n".join(src) + "\n")
    triple = "aarch64_be-none-elf" if be else "aarch64-none-elf"
    run("llvm-mc", f"-triple={triple}", "-filetype=obj", "-o", f"{d}/v.o", f"{d}/v.s")
    run("ld.lld", "-o", f"{d}/v.elf", f"{d}/v.o", f"-Ttext={T:#x}", *defs)
    run("llvm-objcopy", "-O", "binary", "--only-section=.text", f"{d}/v.elf", f"{d}/v.bin")
    img = open(f"{d}/v.bin", "rb").read()
    for r in rows:
        o, sz = r["P"] - T, r["size"]
        data = r["t"] in A64_DATA
        e = ">" if (be and data) else "<"
        f = {2: "H", 4: "I", 8: "Q"}[sz]
        r["in"] = r["ph"] & (P2(8 * sz) - 1)
        r["out"] = struct.unpack_from(e + f, img, o)[0] if r["ok"] else 0


# ------------------------------------------------------------ ARM
ARM_ABS = {"ABS32", "MOVW_ABS_NC", "MOVT_ABS", "NONE", "V4BX"}


def arm_addend(t, w):
    def sx(v, n):
        return v - (1 << n) if v >> (n - 1) & 1 else v
    if t in ("ABS32", "REL32"):
        return sx(w, 32)
    if t == "PREL31":
        return sx(w & 0x7fffffff, 31)
    if t in ("CALL", "JUMP24", "PC24"):
        a = sx((w & 0xffffff) << 2, 26)
        return a | ((w >> 24 & 1) << 1 if w >> 28 == 0xf else 0)
    if t.startswith("MOV"):
        return sx((w >> 16 & 0xf) << 12 | (w & 0xfff), 16)
    return 0


def arm_rows():
    R = []

    def row(t, ph, v, note="", ok=True, bad=None, state="arm"):
        # state: "arm" (absolute NOTYPE symbol), "armfn" (ARM STT_FUNC), "thumb" (Thumb STT_FUNC)
        R.append(dict(t=t, ph=ph, v=v, note=note, ok=ok, bad=bad, state=state))

    BL, BLX, B, BEQ = 0xebfffffe, 0xfafffffe, 0xeafffffe, 0x0afffffe
    row("NONE", 0xe1a00000, 0, "nothing written (nop)")
    row("V4BX", 0xe12fff10, 0, "bx r0 stays")
    row("ABS32", 0x00000004, 0x2001f2a4, "(S + A) | T, A = 4 from the word")
    row("ABS32", 0xfffffffc, 0x00000000, "A = -4, wraps to 0")
    row("ABS32", 0x00000000, 0x08123459, "a Thumb function: bit 0 set", state="thumb")
    row("REL32", 0x00000000, -0x40000000, "((S + A) | T) - P")
    row("REL32", 0x00000008, 0x1234, "A = 8")
    row("PREL31", 0x80000000, 0x3ffffffc, "bit 31 kept; near max 2^30 - 1", state="armfn")
    for v, n in ((-P2(30), "min"), (-4, "-4"), (0, "0"), (P2(30) - 4, "max - 3")):
        row("PREL31", 0x00000000, v, n)
    for v, n in ((-P2(30) - 4, "min - 4"), (P2(30), "max + 1")):
        row("PREL31", 0x00000000, v, n, ok=False, bad=(-P2(30), P2(30) - 1, 0, 0))
    # BL / BLX
    for v, n in ((-P2(25), "min"), (-P2(25) + 4, "min + 4"), (-4, "-4"), (0, "0"), (4, "4"),
                 (P2(25) - 4, "max")):
        row("CALL", BL, v, "BL, " + n)
    row("CALL", BL, -P2(25) - 4, "BL, min - 4", ok=False, bad=(-P2(25), P2(25) - 4, 4, 0))
    row("CALL", BL, P2(25), "BL, max + 4", ok=False, bad=(-P2(25), P2(25) - 4, 4, 0))
    row("CALL", BL, 0x1002, "BL, not a multiple of 4", ok=False,
        bad=(-P2(25), P2(25) - 4, 4, 0))
    row("CALL", BLX, 0x100000, "BLX placeholder, ARM function: becomes BL", state="armfn")
    for v, n in ((-P2(25), "min, H = 0"), (-P2(25) + 2, "min + 2, H = 1"),
                 (-0x100002, "H = 1"), (0x100000, "H = 0"), (0x100002, "H = 1"),
                 (P2(25) - 2, "max, H = 1")):
        row("CALL", BL, v | 1, "BL to Thumb: BLX, " + n, state="thumb")
    row("CALL", BLX, 0x200006 | 1, "BLX to Thumb stays BLX, H = 1", state="thumb")
    row("CALL", BL, (-P2(25) - 2) | 1, "BLX, min - 2", ok=False,
        bad=(-P2(25), P2(25) - 2, 2, 0), state="thumb")
    row("CALL", BL, P2(25) | 1, "BLX, max + 2", ok=False, bad=(-P2(25), P2(25) - 2, 2, 0),
        state="thumb")
    # B<c>, BL<c>: ARM targets only
    for t, ph in (("JUMP24", B), ("JUMP24", BEQ), ("PC24", B), ("PC24", 0x1bfffffe)):
        for v, n in ((-P2(25), "min"), (-4, "-4"), (0, "0"), (P2(25) - 4, "max")):
            row(t, ph, v, n)
        bad = (-P2(25), P2(25) - 4, 4, 0)
        row(t, ph, -P2(25) - 4, "min - 4", ok=False, bad=bad)
        row(t, ph, P2(25), "max + 4", ok=False, bad=bad)
        row(t, ph, 6, "not a multiple of 4", ok=False, bad=bad)
        row(t, ph, 0x1000 | 1, "a Thumb target: needs a veneer", ok=False,
            bad=(-P2(25), P2(25) - 4, 4, 1), state="thumb")
    # MOVW/MOVT: the immediate is the (shared) addend
    row("MOVW_ABS_NC", 0xe3000000, 0x2001f2a0, "movw r0, X[15:0]")
    row("MOVW_ABS_NC", 0xe3000008, 0x2001f2a8, "A = 8")
    row("MOVW_ABS_NC", 0xe3000000, 0x0812345d, "Thumb function: bit 0 kept", state="thumb")
    row("MOVT_ABS", 0xe3400000, 0x2001f2a0, "movt r0, X[31:16]")
    row("MOVT_ABS", 0xe34f0ff8, 0x2001fff8, "A = -8 (sext imm16)")
    row("MOVT_ABS", 0xe3400008, 0x20020004, "A = 8 carries into X[16]")
    row("MOVW_PREL_NC", 0xe3001000, -0x1234568, "movw r1, X[15:0]")
    row("MOVW_PREL_NC", 0xe30f1ff8, 0x7ffff0, "A = -8")
    row("MOVT_PREL", 0xe3401000, -0x1234568, "movt r1, X[31:16]")
    row("MOVT_PREL", 0xe34f1ff8, 0x7ffff0, "A = -8")
    return R


def arm_emit(rows, T):
    d = tempfile.mkdtemp()
    src = [".syntax unified", ".cpu cortex-a7", ".arm", ".text", ".globl _start", "_start:"]
    fns, defs = [], []
    P = T
    used = []
    for i, r in enumerate(rows):
        r["P"] = P
        A = arm_addend(r["t"], r["ph"])
        S = r["v"] - A + (0 if r["t"] in ARM_ABS else P)
        r["S"], r["A"] = S & 0xffffffff, A
        if r["ok"]:
            src += [f".globl s{i}", f".reloc ., R_ARM_{r['t']}, s{i}"]
            if r["state"] == "arm":
                defs += ["--defsym", f"s{i}={r['S']:#x}"]
            else:
                fns.append((i, r["S"] & ~1, r["state"]))
        src.append(f".inst {r['ph']:#x}" if r["t"] not in ("ABS32", "REL32", "PREL31")
                   else f".word {r['ph']:#x}")
        P += 4
    for i, a, st in fns:
        src += [f".section .f{i}, \"ax\", %progbits", ".thumb" if st == "thumb" else ".arm",
                f".type s{i}, %function"] + ([".thumb_func"] if st == "thumb" else []) + \
               [f"s{i}:", "bx lr"]
        defs += [f"--section-start=.f{i}={a:#x}"]
    open(f"{d}/v.s", "w").write("\n".join(src) + "\n")
    run("llvm-mc", "-triple=armv7-none-eabi", "-filetype=obj", "-o", f"{d}/v.o", f"{d}/v.s")
    run("ld.lld", "-o", f"{d}/v.elf", f"{d}/v.o", f"-Ttext={T:#x}", *defs)
    run("llvm-objcopy", "-O", "binary", "--only-section=.text", f"{d}/v.elf", f"{d}/v.bin")
    img = open(f"{d}/v.bin", "rb").read()
    for r in rows:
        r["in"] = r["ph"]
        r["out"] = struct.unpack_from("<I", img, r["P"] - T)[0] if r["ok"] else 0
        if r["ok"] and r["t"] in ("CALL", "JUMP24", "PC24"):
            w = r["out"]  # no thunk: the branch lands on S
            off = ((w & 0xffffff) ^ 0x800000) - 0x800000 << 2
            if w >> 28 == 0xf:
                off |= (w >> 24 & 1) << 1
            assert r["P"] + 8 + off == r["S"] & ~1, (r, hex(w))


def hx(v):
    return f"-{-v:#x}" if v < 0 else f"{v:#x}"


def c_int(v):
    if v < 0:
        return f"-{-v:#x}ll" if -v < P2(63) else "INT64_MIN"
    return f"{v:#x}"


def c_rows(rows, prefix, be, expr):
    co, cc = "/" + "*", "*" + "/"
    out = []
    for r in rows:
        if r["ok"]:
            res = "FITS"
        else:
            lo, hi, al, st = (*r["bad"], 0)[:4]
            lo_s = "INT64_MIN" if lo == -P2(63) else c_int(lo)
            hi_s = "INT64_MAX" if hi == P2(63) - 1 else c_int(hi)
            res = f"REFUSED({lo_s}, {hi_s}, {al}, {st})"
        out.append(f"    {co} {expr(r)} {cc}")
        out.append(f"    {{{prefix}{r['t']}, {r['P']:#x}, {r['S']:#x}, {c_int(r['A'])}, "
                   f"{r['in']:#x}, {r['out']:#x}, {be}, {res}}},")
    return out


def a64_expr(r):
    t = r["t"]
    v = r["v"]
    what = "Page(S+A) - Page(P)" if t in A64_PAGE else "S + A" if t in A64_ABS else "S + A - P"
    if t == "NONE":
        return f"NONE: {r['note']}"
    return f"{t}: {what} = {hx(v)}: {r['note']}"


def arm_expr(r):
    what = {"ABS32": "(S + A) | T", "MOVW_ABS_NC": "(S + A) | T", "MOVT_ABS": "S + A",
            "MOVT_PREL": "S + A - P", "NONE": "-", "V4BX": "-"}.get(r["t"], "((S + A) | T) - P")
    if what == "-":
        return f"{r['t']}: {r['note']}"
    return f"{r['t']}: {what} = {hx(r['v'])} (A = {r['A']}): {r['note']}"


if __name__ == "__main__":
    rows = a64_rows()
    a64_emit(rows, 0, 0x200000000)
    be_rows = [r for r in a64_rows() if r["t"] in A64_DATA or
               (r["t"] in A64_INSN_LE_IN_BE and r["note"] in ("max", "min"))]
    a64_emit(be_rows, 1, 0x200000000)
    print("static const struct vec a64[] = {")
    print("\n".join(c_rows(rows, "R_AARCH64_", 0, a64_expr)))
    print("\n".join(c_rows(be_rows, "R_AARCH64_", 1, a64_expr)))
    print("};\n")
    rows = arm_rows()
    arm_emit(rows, 0x48000000)  # high enough that no target wraps below 0
    print("static const struct vec a32[] = {")
    print("\n".join(c_rows(rows, "R_ARM_", 0, arm_expr)))
    print("};")
