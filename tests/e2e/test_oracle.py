"""The oracle: wamrc's ELF object of the same module, linked by ld.lld at the
addresses aot-xip reports, must give the same code and data bytes.

For every v6 fixture of a target aot-xip relocates, with natives placed
near the image, aot-xip's code bytes equal ld.lld's .text and each read-only
data copy equals ld.lld's section. With natives placed beyond the branch
range, calls go through aot-xip's veneers where ld.lld would make thunks of
its own: there every byte that no call patches still equals ld.lld's, and
each call is decoded here, independently of the tool, to check that it
lands on a veneer that jumps to the right native."""
import struct

import pytest

from oracle import (code_of, compare_code, compare_data, is_native, lld_link, relocations,
                    rewrite, section_bytes, text_size, v6_cases)

# target folder -> the natives' region near the image, and far from it
TARGETS = {
    "thumbv6m": {"near": 0x08000000, "far": 0x0a000000},
    "thumbv7em": {"near": 0x08000000, "far": 0x0a000000},
    "thumbv8m": {"near": 0x08000000, "far": 0x0a000000},
}
THUMB = {"thumbv6m", "thumbv7em", "thumbv8m"}


def rewrite_thumb(aotx, tmp_path, target, path, region):
    """Rewrite with every native at region + 0x40 * i (Thumb: odd, as a
    plain map that writes the Thumb bit)."""
    return rewrite(aotx, tmp_path, path, region, thumb_bit=1 if target in THUMB else 0)


@pytest.mark.parametrize("target, path", v6_cases(TARGETS))
def test_near_natives_match_lld(aotx, tmp_path, target, path):
    image, report, syms = rewrite_thumb(aotx, tmp_path, target, path, TARGETS[target]["near"])
    assert report["verified"] and report["veneers"] == []
    obj = path.with_suffix(".o")
    elf = lld_link(tmp_path, obj, report, syms)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"))
    compare_data(tmp_path, image, report, elf)


def thumb_branch_target(code, off, addr):
    """Decode a Thumb-2 BL/BLX/B.W at code[off] (an independent decoder)."""
    hi, lo = struct.unpack_from("<HH", code, off)
    s = (hi >> 10) & 1
    i1 = 1 - (((lo >> 13) & 1) ^ s)
    i2 = 1 - (((lo >> 11) & 1) ^ s)
    imm = (s << 24) | (i1 << 23) | (i2 << 22) | ((hi & 0x3ff) << 12) | ((lo & 0x7ff) << 1)
    if s:
        imm -= 1 << 25
    pc = addr + 4
    if not (lo & 0x1000):   # BLX: from Align(PC, 4)
        pc &= ~3
    return pc + imm


@pytest.mark.parametrize("target, path", v6_cases(TARGETS))
def test_far_natives_go_through_veneers(aotx, tmp_path, target, path):
    image, report, syms = rewrite_thumb(aotx, tmp_path, target, path, TARGETS[target]["far"])
    veneers = {v["address"]: v for v in report["veneers"]}
    assert sorted(v["target_name"] for v in veneers.values()) == sorted(syms)
    elf = lld_link(tmp_path, path.with_suffix(".o"), report, syms, thunks=True)
    code, text = code_of(image, report), section_bytes(tmp_path, elf, ".text")
    # every native call, from the object's relocations
    j = aotx.inspect(path)
    calls = relocated_calls(path)
    for off, name in calls:
        dest = thumb_branch_target(code, off, report["code_address"] + off)
        v = veneers.get(dest)
        assert v is not None, f"text+{off:#x}: the call to {name} lands at {dest:#x}, no veneer"
        assert v["target_name"] == name
        slot = dest - report["base"] + (8 if target == "thumbv6m" else 4)
        assert struct.unpack_from("<I", image, slot)[0] == syms[name] | 1
    patched = {o + k for o, _ in calls for k in range(4)}
    # everything else is what ld.lld made of it, up to where lld's thunks begin
    same = [i for i in range(text_size(path.with_suffix(".o"))) if i not in patched]
    assert [hex(i) for i in same if code[i] != text[i]] == []
    assert j["target"]["arch"] == "thumb"


def relocated_calls(path):
    """(offset, native name) of each call relocation in the object."""
    return [(off, sym) for sec, off, typ, sym, _ in relocations(path.with_suffix(".o"))
            if sec == ".rel.text" and typ in ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24")
            and is_native(sym)]
