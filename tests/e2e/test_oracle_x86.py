"""The oracle for x86-64 and i386: wamrc's ELF object of the same module,
linked by ld.lld at the addresses aot-xip reports, must give the same code
and data bytes.

- Near natives: for every v6 fixture with its .o, aot-xip's code equals
  ld.lld's .text and each read-only data copy equals ld.lld's section
  (.aot_stack_sizes excepted: wamrc rewrites its contents in the .aot, not
  in the .o).
- Far natives, x86-64: natives 8 GiB from the image, beyond a rel32. Every
  call to a native lands, by an independent decoder here, on a veneer whose
  `jmp *disp(%rip)` reads the native's address; every other byte equals
  ld.lld's link at the same addresses (ld.lld has no x86-64 thunks: it is
  told to write what it can, --noinhibit-exec, and the call fields are left
  out of the comparison).
- Far natives, i386: a rel32 wraps around the 32-bit address space, so the
  calls are direct and every byte equals ld.lld's.
- R_X86_64_32S with the image above 2 GiB: the exact error.
- Every v3, v3-1x, v4 and v5 fixture of both targets rewrites and verifies.
"""
import struct

import pytest

from conftest import aot_files, aot_path
from oracle import (BASE, code_of, compare_code, compare_data, is_native, lld_link,
                    natives_of, relocations, rewrite, section_bytes, v6_cases)

TARGETS = ("x86_64", "i386")
# BASE is below 2 GiB: R_X86_64_32S addresses (jump-table bases) fit
NEAR = 0x08000000      # natives just below the image
FAR_BASE = 0x40000000
FAR = 0x240000000      # x86-64: 8 GiB above FAR_BASE, beyond a rel32 (+-2 GiB)
I386_FAR = 0xf0000000  # i386: 3.7 GiB above BASE, reached by a wrapping rel32
HIGH = 0x80000000      # added to BASE: the same layout with the image above 2 GiB


def old_cases():
    return [pytest.param(path, id=ident) for ident, path in aot_files()
            if ident.split("/")[0] in ("v3", "v3-1x", "v4", "v5")
            and ident.split("/")[1] in TARGETS]


def link_x86(tmp_path, obj, report, syms, far=False):
    """lld_link for x86: no GOTPCRELX relaxation (aot-xip keeps the GOT
    load), and with far, out-of-range calls are written truncated instead of
    failing the link (x86 ld.lld makes no thunks)."""
    return lld_link(tmp_path, obj, report, syms,
                    args=["--no-relax", *(["--noinhibit-exec"] if far else [])])


def text_relocations(obj, section):
    """(offset, type, symbol, addend) of each relocation in section."""
    return [r[1:] for r in relocations(obj) if r[0] == section]


def check_code_and_data(tmp_path, image, report, obj, elf, skip=()):
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"), skip)
    compare_data(tmp_path, image, report, elf)


@pytest.mark.parametrize("target, path", v6_cases(TARGETS))
def test_near_natives_match_lld(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, NEAR, BASE)
    assert report["arch"] == target
    assert report["verified"] and report["veneers"] == [] and report["got"] == []
    obj = path.with_suffix(".o")
    check_code_and_data(tmp_path, image, report, obj, link_x86(tmp_path, obj, report, syms))


def rel32_target(code, off, addr):
    """Where a CALL/JMP/Jcc rel32 whose displacement is at code[off] goes:
    an independent decoder (the displacement ends the instruction)."""
    op = code[off - 1]
    assert op in (0xe8, 0xe9) or (code[off - 2] == 0x0f and 0x80 <= op <= 0x8f), \
        f"text+{off:#x}: not a call, jmp or jcc rel32 ({code[off - 2]:02x} {op:02x})"
    return addr + 4 + struct.unpack_from("<i", code, off)[0]


def veneer_target(image, base, addr):
    """Decode `jmp *disp32(%rip)` at addr and read the quad it jumps through."""
    at = addr - base
    assert image[at:at + 2] == b"\xff\x25", f"veneer at {addr:#x}: {image[at:at + 6].hex()}"
    slot = addr + 6 + struct.unpack_from("<i", image, at + 2)[0]
    return struct.unpack_from("<Q", image, slot - base)[0]


@pytest.mark.parametrize("target, path", v6_cases(("x86_64",)))
def test_x86_64_far_natives_go_through_veneers(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, FAR, FAR_BASE)
    assert report["verified"]
    obj = path.with_suffix(".o")
    calls = [(off, name) for off, typ, name, addend in text_relocations(obj, ".rela.text")
             if is_native(name)]
    assert all(typ == "R_X86_64_PLT32" and addend == -4
               for _, typ, name, addend in text_relocations(obj, ".rela.text") if is_native(name))
    veneers = {v["address"]: v for v in report["veneers"]}
    assert sorted(v["target_name"] for v in veneers.values()) == sorted({n for _, n in calls})
    end = report["code_address"] + report["code_size"]
    for addr, v in veneers.items():
        assert addr % 16 == 0 and addr >= end and v["size"] == 16
        assert v["target"] == syms[v["target_name"]]
        assert veneer_target(image, report["base"], addr) == syms[v["target_name"]]
        tail = image[addr - report["base"] + 14:addr - report["base"] + 16]
        assert tail == b"\xcc\xcc"
    code = code_of(image, report)
    for off, name in calls:
        dest = rel32_target(code, off, report["code_address"] + off)
        v = veneers.get(dest)
        assert v is not None, f"text+{off:#x}: the call to {name} lands at {dest:#x}, no veneer"
        assert v["target_name"] == name
    # everything else is what ld.lld made of it
    elf = link_x86(tmp_path, obj, report, syms, far=True)
    check_code_and_data(tmp_path, image, report, obj, elf,
                        skip={o + k for o, _ in calls for k in range(4)})


@pytest.mark.parametrize("target, path", v6_cases(("i386",)))
def test_i386_far_natives_wrap_and_match_lld(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, I386_FAR, BASE)
    assert report["verified"] and report["veneers"] == []
    obj = path.with_suffix(".o")
    assert any(is_native(n) for _, _, n, _ in text_relocations(obj, ".rel.text"))
    check_code_and_data(tmp_path, image, report, obj, link_x86(tmp_path, obj, report, syms))


def test_x86_64_32s_above_2gib_is_an_error(aotx, tmp_path):
    """float.aot's `andps .rodata.cst16+0x30, %xmm0` is an R_X86_64_32S:
    with the image moved 2 GiB up, the constant's address no longer fits."""
    path = aot_path("v6/x86_64/float")
    _, report, _ = rewrite(aotx, tmp_path, path, NEAR, BASE)
    rels = [r for r in text_relocations(path.with_suffix(".o"), ".rela.text")
            if r[1] == "R_X86_64_32S"]
    assert len(rels) == 1
    off, _, sym, addend = rels[0]
    # the same layout 2 GiB higher (HIGH keeps every 16-byte alignment)
    addr = {d["name"]: d["address"] + HIGH for d in report["data"]}[sym]
    value = addr + addend
    assert value > 2 ** 31 - 1
    info = aotx.inspect(path)
    funcs = [f["text_offset"] for f in info["functions"]]
    fn = max(i for i, t in enumerate(funcs) if t <= off)
    name = next(e["name"] for e in info["exports"]  # its export: aot_func#N (name)
                if e["kind"] == "function" and e["index"] == len(info["imports"]) + fn)
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {NEAR + HIGH + 0x40 * i:#x}\n"
                         for i, n in enumerate(natives_of(aotx, path))))
    out = tmp_path / "high.aot"
    r = aotx.run(path, "--base", hex(BASE + HIGH), "--symbols", m, "-o", out)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == (
        f"aot-xip: error: {path}: text+{off:#x} (aot_func#{fn} ({name})+{off - funcs[fn]:#x}): "
        f"relocation R_X86_64_32S out of range: {value} is not in "
        f"[-2147483648, 2147483647]; references '{sym}'\n")
    assert not out.exists()


@pytest.mark.parametrize("path", old_cases())
def test_older_versions_rewrite_and_verify(aotx, tmp_path, path):
    image, report, _ = rewrite(aotx, tmp_path, path, NEAR, BASE)
    assert report["verified"] is True
    assert report["arch"] in TARGETS and len(image) == report["image_size"]
