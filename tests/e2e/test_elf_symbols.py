"""-O elf carries a symbol table: binutils name each function of the image at
the address the report gives (its export name, else aot_func#N), with its
size; Thumb entries have bit 0 set in the table, as ARM ELF does."""
import json
import re

import pytest

from test_outfmt import run

# (fixture, base, binutils' prefix, Thumb, hex digits of an address)
TARGETS = [
    ("v6/thumbv7em/control", 0x08040000, "arm-none-eabi-", True, 8),
    ("v6/x86_64/control", 0x40040000, "", False, 16),
]


def natives(aotx, src, base):
    names = [s["name"] for s in aotx.inspect(src)["symbols"] if s["class"] == "native"]
    args = []
    for i, n in enumerate(names):
        args += ["--defsym", f"{n}={base - 0x3ff00 + 0x100 * i:#x}"]
    return args


def expected(report):
    """[(entry, size, name)] by address, from the report: each function's
    first export name or aot_func#N, its size to the next one's entry (the
    last: to the end of the code)."""
    names = {}
    for name, addr in report["exports"].items():
        names.setdefault(addr, name)
    funcs = sorted((f["address"], names.get(f["address"], f"aot_func#{f['index']}"))
                   for f in report["functions"])
    end = report["code_address"] + report["code_size"]
    nexts = [a & ~1 for a, _ in funcs[1:]] + [end]
    return [(a, n - (a & ~1), name) for (a, name), n in zip(funcs, nexts)]


@pytest.mark.parametrize("target", TARGETS, ids=[t[0].split("/")[1] for t in TARGETS])
def test_binutils_name_the_functions(aotx, data, tool, tmp_path, target):
    ident, base, prefix, thumb, width = target
    src = data(ident)
    elf, rep = tmp_path / "app.elf", tmp_path / "app.json"
    r = aotx.run(src, "--base", hex(base), *natives(aotx, src, base), "-O", "elf", "-o", elf,
                 "--report", rep)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    report = json.loads(rep.read_text())
    want = expected(report)
    assert any(n.startswith("aot_func#") for _, _, n in want)  # unexported ones too
    assert all((a & 1) == thumb for a, _, _ in want)

    # the table itself: the section symbol, then each function, bit 0 as is
    syms = re.findall(r"^\s*\d+: ([0-9a-f]+)\s+(\d+) (\w+)\s+(\w+)\s+\w+\s+(\w+) (\S+)$",
                      run(tool("readelf"), "-sW", elf), re.M)
    assert syms == [(f"{base:0{width}x}", "0", "SECTION", "LOCAL", "1", ".aot_xip")] + \
        [(f"{a:0{width}x}", str(s), "FUNC", "GLOBAL", "1", n) for a, s, n in want]

    # nm (ARM: the entry without the Thumb bit), objdump -d and addr2line -f
    nm = run(tool(prefix + "nm"), "-n", "-S", elf)
    assert nm == "".join(f"{a & ~1:0{width}x} {s:0{width}x} T {n}\n" for a, s, n in want)
    labels = re.findall(r"^([0-9a-f]+) <([^>]+)>:$", run(tool(prefix + "objdump"), "-d", elf),
                        re.M)
    assert labels[1:] == [(f"{a & ~1:0{width}x}", n) for a, _, n in want]
    inside = [hex((a & ~1) + s // 2) for a, s, _ in want]
    a2l = run(tool(prefix + "addr2line"), "-f", "-e", elf, *inside)
    assert a2l == "".join(f"{n}\n??:?\n" for _, _, n in want)


def test_gdb_names_the_code(aotx, data, tool, tmp_path):
    """gdb (the host's, x86-64) says which function an address is in."""
    ident, base, _, _, _ = TARGETS[1]
    src = data(ident)
    elf, rep = tmp_path / "app.elf", tmp_path / "app.json"
    r = aotx.run(src, "--base", hex(base), *natives(aotx, src, base), "-O", "elf", "-o", elf,
                 "--report", rep)
    assert r.returncode == 0, r.stderr
    want = expected(json.loads(rep.read_text()))
    cmds = [a for addr, _, _ in want for a in ("-ex", f"info symbol {addr + 3:#x}")]
    out = run(tool("gdb"), "-nx", "-batch", *cmds, elf)
    assert out == "".join(f"{n} + 3 in section .aot_xip\n" for _, _, n in want)
