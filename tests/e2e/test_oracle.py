"""The oracle: wamrc's ELF object of the same module, linked by ld.lld at the
addresses aot-xip reports, must give the same code and data bytes.

For every v6 fixture of a target aot-xip relocates, with natives placed
near the image, aot-xip's code bytes equal ld.lld's .text and each read-only
data copy equals ld.lld's section. With natives placed beyond the branch
range, calls go through aot-xip's veneers where ld.lld would make thunks of
its own: there every byte that no call patches still equals ld.lld's, and
each call is decoded here, independently of the tool, to check that it
lands on a veneer that jumps to the right native."""
import json
import struct
import subprocess

import pytest

from conftest import aot_files, find_tool

BASE = 0x08040000

# target folder -> the natives' region near the image, and far from it
TARGETS = {
    "thumbv6m": {"near": 0x08000000, "far": 0x0a000000},
    "thumbv7em": {"near": 0x08000000, "far": 0x0a000000},
    "thumbv8m": {"near": 0x08000000, "far": 0x0a000000},
}
THUMB = {"thumbv6m", "thumbv7em", "thumbv8m"}


def cases():
    out = []
    for ident, path in aot_files():
        version, target, name = ident.split("/")
        if version == "v6" and target in TARGETS and path.with_suffix(".o").exists():
            out.append(pytest.param(target, path, id=f"{target}-{name}"))
    return out


def natives_of(aotx, path):
    return [s["name"] for s in aotx.inspect(path)["symbols"] if s["class"] == "native"]


def rewrite(aotx, tmp_path, target, path, region):
    """Rewrite with every native at region + 0x40 * i (Thumb: odd, as a
    plain map that writes the Thumb bit)."""
    thumb = 1 if target in THUMB else 0
    syms = {n: region + 0x40 * i for i, n in enumerate(natives_of(aotx, path))}
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {a | thumb:#x}\n" for n, a in syms.items()))
    out, rep = tmp_path / "out.aot", tmp_path / "out.json"
    r = aotx.run(path, "--base", hex(BASE), "--symbols", m, "-o", out, "--report", rep)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    return out.read_bytes(), json.loads(rep.read_text()), syms


def lld_link(tmp_path, obj, report, syms, thunks=False):
    """Link obj with ld.lld: .text at the code address, each data section
    at its copy's address, every native --defsym'd. With thunks, ld.lld's
    own far-call thunks after the code may run into the data copies."""
    objcopy, lld = find_tool("llvm-objcopy"), find_tool("ld.lld")
    o = tmp_path / "in.o"
    flags = []
    sections = subprocess.run(["readelf", "-SW", obj], capture_output=True, text=True).stdout
    for d in report["data"]:
        if d["name"].startswith(".rodata.cst") and d["name"] in sections:
            # linkers merge SHF_MERGE constants: keep them as they are
            flags += ["--set-section-flags", f"{d['name']}=alloc,readonly,data"]
    subprocess.run([objcopy, *flags, obj, o], check=True)
    script = [f"SECTIONS {{\n  .text {report['code_address']:#x} : {{ *(.text) "
              f". = ALIGN(4); *(.text.unlikely.) . = ALIGN(4); *(.text.hot.) }}"]
    for d in report["data"]:
        script.append(f"  {d['name']} {d['address']:#x} : {{ *({d['name']}) }}")
    script.append("  /DISCARD/ : { *(.ARM.exidx*) *(.ARM.extab*) *(.eh_frame) }\n}\n")
    (tmp_path / "link.ld").write_text("\n".join(script))
    defs = [a for n, v in syms.items() for a in ("--defsym", f"{n}={v:#x}")]
    elf = tmp_path / "linked.elf"
    extra = ["--no-check-sections"] if thunks else []
    p = subprocess.run([lld, "-T", tmp_path / "link.ld", "-o", elf, o, *defs, *extra],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return elf


def section_bytes(tmp_path, elf, name):
    out = tmp_path / (name.strip(".") + ".bin")
    subprocess.run([find_tool("llvm-objcopy"), "-O", "binary", f"--only-section={name}", elf,
                    out], check=True)
    return out.read_bytes()


def code_of(image, report):
    at = report["code_address"] - report["base"]
    return image[at:at + report["code_size"]]


@pytest.mark.parametrize("target, path", cases())
def test_near_natives_match_lld(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, target, path, TARGETS[target]["near"])
    assert report["verified"] and report["veneers"] == []
    elf = lld_link(tmp_path, path.with_suffix(".o"), report, syms)
    code, text = code_of(image, report), section_bytes(tmp_path, elf, ".text")
    # the object's .text; after it the .aot pads with zeros to 4, ld.lld with traps
    n = text_size(path.with_suffix(".o"))
    assert len(text) >= n and code[n:] == bytes(len(code) - n)
    diffs = [hex(i) for i in range(n) if code[i] != text[i]]
    assert diffs == [], f"code differs from ld.lld's at text+{diffs[:8]}"
    for d in report["data"]:
        if d["name"] == ".aot_stack_sizes":
            continue  # wamrc rewrites its contents in the .aot, not in the .o
        at = d["address"] - report["base"]
        assert image[at:at + d["size"]] == section_bytes(tmp_path, elf, d["name"]), d["name"]


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


@pytest.mark.parametrize("target, path", cases())
def test_far_natives_go_through_veneers(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, target, path, TARGETS[target]["far"])
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
    """(offset, native name) of each call relocation in the object, from readelf."""
    out = subprocess.run(["readelf", "-rW", path.with_suffix(".o")], capture_output=True,
                         text=True).stdout
    calls, in_text = [], False
    for line in out.splitlines():
        if line.startswith("Relocation section"):
            in_text = "'.rel.text'" in line
            continue
        f = line.split()
        if in_text and len(f) >= 5 and f[2] in ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24") \
                and not f[4].startswith("aot_func") and not f[4].startswith("."):
            calls.append((int(f[0], 16), f[4]))
    return calls


def text_size(obj):
    """Size of the object's .text (no fixture has .text.unlikely. or .text.hot.)."""
    out = subprocess.run(["readelf", "-SW", obj], capture_output=True, text=True).stdout
    names = [line.split("]", 1)[1].split()[0] for line in out.splitlines() if "] ." in line]
    assert ".text.unlikely." not in names and ".text.hot." not in names
    for line in out.splitlines():
        if "] .text " in line:
            return int(line.split("]", 1)[1].split()[4], 16)
    raise AssertionError(f"{obj}: no .text")
