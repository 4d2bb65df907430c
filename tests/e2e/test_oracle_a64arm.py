"""The ld.lld oracle for AArch64 and ARM (A32) code: wamrc's ELF object of the
same module, linked by ld.lld at the addresses aot-xip reports, must give the
same code and data bytes.

For every v6 fixture of aarch64 and armv7 that has its .o (and aarch64's
big.aot, from the shared fixtures when the test data does not hold it):
- natives near the image: aot-xip's code equals ld.lld's .text, and each
  read-only data copy ld.lld's section;
- natives far away (aarch64: 8 GiB, armv7: 1 GiB): each call to a native,
  decoded here independently of the tool, lands on a veneer of aot-xip's
  whose instructions and slot are right, and every byte no such call
  patches equals ld.lld's (which makes thunks of its own).
An ARM module calling a Thumb native gets BLX, byte for byte as ld.lld
writes it for a Thumb STT_FUNC; a far Thumb native is reached through the
veneer with the Thumb bit in its slot. Every older fixture of both targets
(v3, v3-1x, v4, v5, and armv7's big.aot) rewrites and verifies.

External programs: ld.lld, llvm-objcopy, llvm-mc, readelf."""
import os
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import AOT_DIR, aot_files, find_tool
from oracle import (BASE, code_of, compare_code, compare_data, is_native, lld_link, placed,
                    relocations, section_bytes, v6_cases)
from oracle import rewrite as oracle_rewrite

NEAR = 0x08000000
TARGETS = {
    "aarch64": {"arch": "aarch64", "far": BASE + (8 << 30)},
    "armv7": {"arch": "arm", "far": BASE + (1 << 30)},
}
# big.aot and its .o are kept with the shared fixtures, not the test data
FIXTURES = Path(os.environ.get("AOTX_FIXTURES", "/work/shared/fixtures")) / "aot"

CALL_TYPES = {"R_AARCH64_CALL26", "R_AARCH64_JUMP26", "R_ARM_CALL", "R_ARM_JUMP24",
              "R_ARM_PC24"}
A64_VENEER = struct.pack("<II", 0x58000050, 0xd61f0200)  # ldr x16, #8; br x16
ARM_VENEER = struct.pack("<I", 0xe51ff004)                # ldr pc, [pc, #-4]
NO_RELAX = ["--no-relax"]  # for lld_link: ld.lld rewrites no instruction on its own


def rewrite(aotx, tmp_path, path, natives):
    """oracle.rewrite, the natives at even addresses said to be ARM code
    (--assume-isa arm; a plain map cannot say it): what ld.lld makes of a
    --defsym'd address, and what the tests' ARM-state stubs are. AArch64
    code has no such state: the option changes nothing there."""
    return oracle_rewrite(aotx, tmp_path, path, natives, args=("--assume-isa", "arm"))


def big_aot(target):
    for d in (AOT_DIR, FIXTURES):
        p = d / "v6" / target / "big.aot"
        if p.is_file():
            return p
    return None


def oracle_cases():
    out = v6_cases(TARGETS)
    big = big_aot("aarch64")
    if big is None or not big.with_suffix(".o").is_file():
        out.append(pytest.param("aarch64", None, id="aarch64-big", marks=pytest.mark.skip(
            reason=f"v6/aarch64/big.aot and big.o are neither in {AOT_DIR} nor in {FIXTURES} "
                   f"(set AOTX_FIXTURES)")))
    elif big.parent.parent.parent != AOT_DIR:
        out.append(pytest.param("aarch64", big, id="aarch64-big"))
    return out


def rewrite_cases():
    out = [pytest.param(p, id=i) for i, p in aot_files()
           if i.split("/")[1] in TARGETS and not i.startswith("v6/")]
    big = big_aot("armv7")
    if big is not None and big.parent.parent.parent != AOT_DIR:
        out.append(pytest.param(big, id="v6/armv7/big"))
    return out


def relocated_calls(obj, natives=True):
    """(offset, symbol, type) of each call relocation to a native (or, with
    natives=False, to anything) in the object's text."""
    return [(off, sym, typ) for sec, off, typ, sym, _ in relocations(obj)
            if sec in (".rela.text", ".rel.text") and typ in CALL_TYPES
            and (not natives or is_native(sym))]


def branch_target(target, code, off, addr):
    """Decode the B/BL (A64), or B/BL/BLX (A32) at code[off], placed at addr:
    (destination, BLX?). An independent decoder."""
    (w,) = struct.unpack_from("<I", code, off)
    if target == "aarch64":
        assert w >> 26 in (0b000101, 0b100101), f"{w:#010x} is not B/BL"
        imm = w & 0x3ffffff
        return addr + ((imm - (1 << 26) if imm >> 25 else imm) << 2), False
    imm = w & 0xffffff
    off26 = (imm - (1 << 24) if imm >> 23 else imm) << 2
    blx = w >> 28 == 0xf
    if blx:
        off26 |= ((w >> 24) & 1) << 1
    else:
        assert (w >> 25) & 7 == 0b101, f"{w:#010x} is not B/BL"
    return addr + 8 + off26, blx


@pytest.mark.parametrize("target, path", oracle_cases())
def test_near_natives_match_lld(aotx, tmp_path, target, path):
    syms = placed(aotx, path, NEAR)
    image, report, _ = rewrite(aotx, tmp_path, path, syms)
    assert report["arch"] == TARGETS[target]["arch"]
    assert report["verified"] is True and report["veneers"] == []
    obj = path.with_suffix(".o")
    elf = lld_link(tmp_path, obj, report, syms, args=NO_RELAX)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"))
    compare_data(tmp_path, image, report, elf)


def check_veneer_calls(target, image, report, obj, syms, thumb=()):
    """Every native call lands on a veneer for its native; returns the
    patched byte offsets."""
    veneers = {v["address"]: v for v in report["veneers"]}
    code = code_of(image, report)
    calls = relocated_calls(obj)
    assert bool(calls) == bool(syms)
    for off, name, _ in calls:
        dest, blx = branch_target(target, code, off, report["code_address"] + off)
        assert not blx, f"text+{off:#x}: BLX to a veneer, which is ARM code"
        v = veneers.get(dest)
        assert v is not None, f"text+{off:#x}: the call to {name} lands at {dest:#x}, no veneer"
        assert v["target_name"] == name
        at = dest - report["base"]
        want = syms[name] | (1 if name in thumb else 0)
        if target == "aarch64":
            assert image[at:at + 8] == A64_VENEER
            assert struct.unpack_from("<Q", image, at + 8)[0] == want
        else:
            assert image[at:at + 4] == ARM_VENEER
            assert struct.unpack_from("<I", image, at + 4)[0] == want
    return {o + k for o, _, _ in calls for k in range(4)}


@pytest.mark.parametrize("target, path", oracle_cases())
def test_far_natives_go_through_veneers(aotx, tmp_path, target, path):
    syms = placed(aotx, path, TARGETS[target]["far"])
    image, report, _ = rewrite(aotx, tmp_path, path, syms)
    assert report["verified"] is True
    assert sorted(v["target_name"] for v in report["veneers"]) == sorted(syms)
    obj = path.with_suffix(".o")
    patched = check_veneer_calls(target, image, report, obj, syms)
    elf = lld_link(tmp_path, obj, report, syms, thunks=True, args=NO_RELAX)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"), skip=patched)


def thumb_stubs(tmp_path, natives):
    """An object defining each native (name -> address) as a Thumb function
    (STT_FUNC, odd value) in its own section, and the script lines that
    place the sections at the addresses."""
    src, lines = ["  .syntax unified", "  .thumb"], []
    for n, a in sorted(natives.items(), key=lambda kv: kv[1]):
        src += [f"  .section .stub.{n}, \"ax\", %progbits", f"  .globl {n}",
                f"  .type {n}, %function", "  .thumb_func", f"{n}:", "  bx lr"]
        lines.append(f"  .stub.{n} {a:#x} : {{ *(.stub.{n}) }}")
    s = tmp_path / "stubs.s"
    s.write_text("\n".join(src) + "\n")
    o = tmp_path / "stubs.o"
    subprocess.run([find_tool("llvm-mc"), "-triple=thumbv7-none-eabi", "-filetype=obj", "-o",
                    o, s], check=True)
    return o, lines


def thumb_natives(aotx, path, region):
    """The natives of path placed from region, memmove and memset Thumb:
    memmove at an address that is 2 mod 4 (BLX with H = 1), memset 4-aligned
    (H = 0). Returns (addresses, the map with the Thumb bit)."""
    syms = placed(aotx, path, region)
    syms["memmove"] += 2
    return syms, {n: a | (n in ("memmove", "memset")) for n, a in syms.items()}


def test_arm_calls_thumb_natives_with_blx(aotx, tmp_path, data):
    """R_ARM_CALL to a Thumb native becomes BLX, with its H bit, as ld.lld
    writes it for a Thumb STT_FUNC."""
    path = data("v6/armv7/memory")
    syms, natives = thumb_natives(aotx, path, NEAR)
    image, report, _ = rewrite(aotx, tmp_path, path, natives)
    assert report["veneers"] == []
    assert {s["name"]: s["value"] for s in report["symbols"] if s["class"] == "native"} == \
        natives
    obj = path.with_suffix(".o")
    stubs, lines = thumb_stubs(tmp_path, {n: syms[n] for n in ("memmove", "memset")})
    arm = {n: a for n, a in syms.items() if n not in ("memmove", "memset")}
    elf = lld_link(tmp_path, obj, report, arm, args=NO_RELAX, objs=[stubs],
                   script=lines)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"))
    # and, decoded here: every call to them is a BLX that lands on them
    code = code_of(image, report)
    calls = [c for c in relocated_calls(obj) if c[1] in ("memmove", "memset")]
    assert sorted(c[1] for c in calls) == ["memmove"] * 4 + ["memset"]
    for off, name, _ in calls:
        assert branch_target("armv7", code, off, report["code_address"] + off) == \
            (syms[name], True)


def test_arm_reaches_far_thumb_natives_through_veneers(aotx, tmp_path, data):
    """Thumb natives 1 GiB away: BL to the veneer, whose slot holds the
    address with the Thumb bit, so its LDR to the PC changes state."""
    path = data("v6/armv7/memory")
    syms, natives = thumb_natives(aotx, path, TARGETS["armv7"]["far"])
    image, report, _ = rewrite(aotx, tmp_path, path, natives)
    obj = path.with_suffix(".o")
    patched = check_veneer_calls("armv7", image, report, obj, syms, thumb={"memmove", "memset"})
    # the calls are checked above; for the other bytes the natives' state
    # does not matter (and Thumb stubs 1 GiB away would make a 1 GiB file)
    elf = lld_link(tmp_path, obj, report, natives, thunks=True, args=NO_RELAX)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"), skip=patched)


def test_arm_module_functions_are_arm_state(aotx, tmp_path, data):
    """An armv7 module's functions are ARM code: their addresses are even,
    and calls between them are BL, as ld.lld links them."""
    path = data("v6/armv7/control")
    image, report, _ = rewrite(aotx, tmp_path, path, NEAR)
    assert [f["address"] & 1 for f in report["functions"]] == [0] * len(report["functions"])
    code = code_of(image, report)
    calls = [c for c in relocated_calls(path.with_suffix(".o"), natives=False)
             if c[1].startswith("aot_func#")]
    assert len(calls) == 6
    for off, _, _ in calls:
        assert struct.unpack_from("<I", code, off)[0] >> 24 == 0xeb, f"text+{off:#x}: not BL"


@pytest.mark.parametrize("path", rewrite_cases())
def test_older_fixtures_rewrite_and_verify(aotx, tmp_path, path):
    image, report, _ = rewrite(aotx, tmp_path, path, NEAR)
    assert report["verified"] is True
    assert report["arch"] == TARGETS[path.parent.name]["arch"]
    assert len(image) == report["image_size"]
