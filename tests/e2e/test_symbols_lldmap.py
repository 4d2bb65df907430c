"""ld.lld -Map files through the tool: tests/data/symbols/fw-clang.map is the
map of the link that made fw-clang.elf (build.sh), so a rewrite against either
makes the same image. ld.lld writes a Thumb function's value odd, and that
says its state where a GNU ld map (fw.map) says none."""
import json

from conftest import DATA_DIR

SYM = DATA_DIR / "symbols"
BASE = "0x08040000"
INVOKE = "aot_invoke_native=0x08000201"
CANNOT = ("as a line of an ld.lld map (VMA LMA SIZE ALIGN, then a section, a command or a "
          "symbol)")


def rewrite(aotx, out, src, *args):
    r = aotx.run(src, "--base", BASE, *args, "-o", out, "--map", f"{out}.map",
                 "--report", f"{out}.json")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", ""), r.stderr
    syms = {s["name"]: s for s in json.loads(out.with_name(out.name + ".json").read_text())
            ["symbols"]}
    return out.read_bytes(), syms, out.with_name(out.name + ".map").read_text()


def test_thumb_module_against_the_lld_map_as_against_its_elf(aotx, tmp_path, data):
    """control.aot calls aot_set_exception_with_id, a Thumb function at
    0x08000046 (the map: 8000047): the image equals the one the ELF makes,
    read by detection or as --symbols-format ldmap, and check finds it up to
    date against the map."""
    src, lld = data("v6/thumbv7em/control"), SYM / "fw-clang.map"
    want, _, _ = rewrite(aotx, tmp_path / "elf.aot", src, "--symbols", SYM / "fw-clang.elf")
    for fmt in ([], ["--symbols-format", "ldmap"]):
        out = tmp_path / "lld.aot"
        image, syms, m = rewrite(aotx, out, src, *fmt, "--symbols", lld)
        assert image == want
        e = syms["aot_set_exception_with_id"]
        assert (e["value"], e["origin"], e["thumb"], e["isa_assumed"]) == \
            (0x08000047, str(lld), True, False)
        assert [x for x in m.splitlines() if "aot_set_exception_with_id" in x] == \
            [f"  0x08000047  aot_set_exception_with_id            native      15 uses  from {lld}"]
    r = aotx.run("check", tmp_path / "lld.aot", "--symbols", lld)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == f"{tmp_path / 'lld.aot'}: up to date (1 natives match, base {BASE})\n"


def test_an_arm_module_learns_the_thumb_state_from_the_lld_map(aotx, tmp_path, data):
    """An A32 module (armv7): the GNU ld map prints the Thumb function even and
    its state is unknown (refused); ld.lld's prints it odd: Thumb, not assumed,
    the call a BLX, the image the ELF's."""
    src = data("v6/armv7/imports")
    r = aotx.run(src, "--base", BASE, "--symbols", SYM / "fw.map", "--defsym", INVOKE,
                 "-o", tmp_path / "x.aot")
    assert r.returncode == 1
    assert "unknown instruction set (1): 'aot_set_exception_with_id';" in r.stderr
    want, _, _ = rewrite(aotx, tmp_path / "elf.aot", src, "--symbols", SYM / "fw-clang.elf",
                         "--defsym", INVOKE)
    image, syms, _ = rewrite(aotx, tmp_path / "lld.aot", src, "--symbols",
                             SYM / "fw-clang.map", "--defsym", INVOKE)
    assert image == want
    e = syms["aot_set_exception_with_id"]
    assert (e["value"], e["thumb"], e["isa_assumed"]) == (0x08000047, True, False)


def refused(aotx, tmp_path, src, mapfile, message):
    before = src.read_bytes()
    r = aotx.run(src, "--base", BASE, "--symbols", mapfile, "-o", tmp_path / "o.aot",
                 "--map", tmp_path / "o.map", "--report", tmp_path / "o.json")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", message)
    assert sorted(p.name for p in tmp_path.iterdir()) == [mapfile.name]  # nothing written
    assert src.read_bytes() == before


def test_a_name_listed_at_two_addresses_is_ambiguous(aotx, tmp_path, data):
    """ld.lld lists local symbols too, and not which are local: a second
    aot_set_exception_with_id (a static function of another file) makes the
    name ambiguous, where the ELF would pick the global one."""
    src, two = data("v6/thumbv7em/control"), tmp_path / "two.map"
    lines = (SYM / "fw-clang.map").read_text().splitlines(keepends=True)
    assert lines[22].endswith(" weak_hook\n")
    lines[23:23] = [" 800009e  800009e        2     2         other.o:(.text.aot_set_exception"
                    "_with_id)\n",
                    " 800009f  800009f        2     1                 aot_set_exception_with_id\n"]
    two.write_text("".join(lines))
    refused(aotx, tmp_path, src, two, f"aot-xip: error: {src}: ambiguous: 2 local symbols "
                                      f"'aot_set_exception_with_id' in {two}\n")


def test_a_line_the_reader_cannot_read_is_refused(aotx, tmp_path, data):
    src, bad = data("v6/thumbv7em/control"), tmp_path / "bad.map"
    lines = (SYM / "fw-clang.map").read_text().splitlines(keepends=True)
    lines[2] = " 8000000  8000000        8     4   fw-clang.o:(.vectors)\n"  # indent 2
    bad.write_text("".join(lines))
    refused(aotx, tmp_path, src, bad, f"aot-xip: error: {bad}:3: cannot read '8000000  8000000"
                                      f"        8     4   fw-clang.o:(.vectors)' {CANNOT}\n")
