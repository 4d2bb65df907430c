"""What the ld.lld oracle tests (test_oracle*.py) share: rewriting a fixture
with its natives placed, linking wamrc's object with ld.lld at the addresses
aot-xip reports, reading the object's relocations and sections with readelf,
and comparing bytes. Decoders of branches, veneers and instructions are
arch-specific and stay in each test file.

External programs: ld.lld, llvm-objcopy, readelf."""
import json
import subprocess

import pytest

from conftest import aot_files, find_tool

BASE = 0x08040000


def v6_cases(targets):
    """(target, path) of every v6 fixture of targets that has its .o beside it."""
    out = []
    for ident, path in aot_files():
        version, target, name = ident.split("/")
        if version == "v6" and target in targets and path.with_suffix(".o").exists():
            out.append(pytest.param(target, path, id=f"{target}-{name}"))
    return out


def natives_of(aotx, path):
    return [s["name"] for s in aotx.inspect(path)["symbols"] if s["class"] == "native"]


def is_native(name):
    """A relocation's symbol that is neither a function of the module nor a section."""
    return not name.startswith(".") and not name.startswith("aot_func")


def placed(aotx, path, region):
    """Every native of path at region + 0x40 * i."""
    return {n: region + 0x40 * i for i, n in enumerate(natives_of(aotx, path))}


def rewrite(aotx, tmp_path, path, natives, base=BASE, thumb_bit=0, args=()):
    """Rewrite path at base with a plain map of natives: a dict name ->
    address, or a region (every native at region + 0x40 * i). thumb_bit is
    or'ed into each address the map writes; args go to aot-xip too. Returns
    (image, report, the natives' addresses as given, without thumb_bit)."""
    syms = placed(aotx, path, natives) if isinstance(natives, int) else natives
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {a | thumb_bit:#x}\n" for n, a in syms.items()))
    out, rep = tmp_path / "out.aot", tmp_path / "out.json"
    r = aotx.run(path, "--base", hex(base), "--symbols", m, "-o", out, "--report", rep, *args)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    return out.read_bytes(), json.loads(rep.read_text()), syms


def section_sizes(obj):
    """{name: size} of the object's sections, from readelf -SW."""
    out = subprocess.run([find_tool("readelf"), "-SW", obj], capture_output=True, text=True,
                         check=True).stdout
    sizes = {}
    for line in out.splitlines():
        if "] ." in line:
            f = line.split("]", 1)[1].split()
            sizes.setdefault(f[0], int(f[4], 16))
    return sizes


def lld_link(tmp_path, obj, report, syms, thunks=False, args=(), objs=(), script=()):
    """Link obj with ld.lld: .text at the code address (then, if the object
    has them, .text.unlikely. and .text.hot., 4-aligned), each data section
    at its copy's address, every native --defsym'd. Mergeable constant
    sections (.rodata.cst16, .srodata.cst8, ...) lose SHF_MERGE first, so that
    ld.lld keeps every constant where wamrc put it, as the .aot does.
    With thunks, ld.lld's own far-call thunks after the code may run into the
    data copies (--no-check-sections). args: more ld.lld options; objs: more
    objects; script: more output sections, placed before .text (at lower
    addresses: ld.lld keeps the file in address order)."""
    objcopy, lld = find_tool("llvm-objcopy"), find_tool("ld.lld")
    names = section_sizes(obj)
    o = tmp_path / "in.o"
    flags = []
    for d in report["data"]:
        if ".cst" in d["name"] and d["name"] in names:
            flags += ["--set-section-flags", f"{d['name']}=alloc,readonly,data"]
    subprocess.run([objcopy, *flags, obj, o], check=True)
    text = "*(.text)"
    for extra in (".text.unlikely.", ".text.hot."):
        if extra in names:
            text += f" . = ALIGN(4); *({extra})"
    lines = ["SECTIONS {", *script, f"  .text {report['code_address']:#x} : {{ {text} }}"]
    for d in report["data"]:
        lines.append(f"  {d['name']} {d['address']:#x} : {{ *({d['name']}) }}")
    lines.append("  /DISCARD/ : { *(.ARM.exidx*) *(.ARM.extab*) *(.eh_frame) }\n}\n")
    (tmp_path / "link.ld").write_text("\n".join(lines))
    defs = [a for n, v in syms.items() for a in ("--defsym", f"{n}={v:#x}")]
    elf = tmp_path / "linked.elf"
    extra = ["--no-check-sections"] if thunks else []
    p = subprocess.run([lld, "-T", tmp_path / "link.ld", "-o", elf, o, *objs, *defs, *args,
                        *extra], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return elf


def relocations(obj):
    """(section, offset, type, symbol, addend) of every relocation in obj
    that names a symbol, from readelf -rW (addend 0 in a .rel section)."""
    out = subprocess.run([find_tool("readelf"), "-rW", obj], capture_output=True, text=True,
                         check=True).stdout
    rels, sec = [], None
    for line in out.splitlines():
        if line.startswith("Relocation section"):
            sec = line.split("'")[1]
            continue
        f = line.split()
        if sec is None or len(f) < 5 or not f[2].startswith("R_"):
            continue
        addend = 0
        if len(f) >= 7 and f[5] in ("+", "-"):
            addend = int(f[6], 16) * (-1 if f[5] == "-" else 1)
        rels.append((sec, int(f[0], 16), f[2], f[4], addend))
    return rels


def section_bytes(tmp_path, elf, name):
    out = tmp_path / (name.strip(".") + ".bin")
    subprocess.run([find_tool("llvm-objcopy"), "-O", "binary", f"--only-section={name}", elf,
                    out], check=True)
    return out.read_bytes()


def code_of(image, report):
    at = report["code_address"] - report["base"]
    return image[at:at + report["code_size"]]


def text_size(obj):
    """Size of the object's .text (no fixture has .text.unlikely. or .text.hot.)."""
    sizes = section_sizes(obj)
    assert ".text.unlikely." not in sizes and ".text.hot." not in sizes
    assert ".text" in sizes, f"{obj}: no .text"
    return sizes[".text"]


def compare_code(image, report, obj, text, skip=()):
    """aot-xip's code equals ld.lld's .text (text) at every offset of the
    object's .text not in skip; after it the .aot pads with zeros to 4,
    ld.lld with traps (or its thunks)."""
    code = code_of(image, report)
    n = text_size(obj)
    assert len(text) >= n and code[n:] == bytes(len(code) - n)
    diffs = [hex(i) for i in range(n) if i not in skip and code[i] != text[i]]
    assert diffs == [], f"code differs from ld.lld's at text+{diffs[:8]} ({len(diffs)} bytes)"


def compare_data(tmp_path, image, report, elf):
    """Each read-only data copy equals ld.lld's section."""
    for d in report["data"]:
        if d["name"] == ".aot_stack_sizes":
            continue  # wamrc rewrites its contents in the .aot, not in the .o
        at = d["address"] - report["base"]
        assert image[at:at + d["size"]] == section_bytes(tmp_path, elf, d["name"]), d["name"]
