"""Symbol maps as text, through the tool: the ARM mapping symbols ($a, $t, $d)
that nm prints with --special-syms tell each native's instruction set, and
every address in a map is hex while --defsym refuses a leading zero."""
import json

from conftest import DATA_DIR

SYM = DATA_DIR / "symbols"
INVOKE = "aot_invoke_native=0x08000201"


def rewrite(aotx, tmp_path, src, *args):
    out, rep, m = tmp_path / "o.aot", tmp_path / "o.json", tmp_path / "o.map"
    r = aotx.run(src, "--base", "0x08040000", *args, "-o", out, "--report", rep, "--map", m)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    syms = {s["name"]: s for s in json.loads(rep.read_text())["symbols"]}
    return syms, m.read_text()


def test_an_arm_module_calls_a_thumb_native_the_nm_map_marks(aotx, tmp_path, data):
    """An A32 module (armv7) calling aot_set_exception_with_id, a Thumb function
    at 0x0800001a: plain nm output prints it even and cannot tell, so its state
    is unknown and the rewrite refuses it; with the mapping symbols ($t at
    0x0800001a) it is Thumb, and the call a BLX."""
    src = data("v6/armv7/imports")
    r = aotx.run(src, "--base", "0x08040000", "--symbols", SYM / "fw.nm", "--defsym", INVOKE,
                 "-o", tmp_path / "x.aot")
    assert r.returncode == 1
    assert "unknown instruction set (1): 'aot_set_exception_with_id';" in r.stderr
    for nm in ("fw-special.nm", "fw-special-posix.nm"):
        syms, _ = rewrite(aotx, tmp_path, src, "--symbols", SYM / nm, "--defsym", INVOKE)
        e = syms["aot_set_exception_with_id"]
        assert (e["value"], e["origin"], e["thumb"], e["isa_assumed"]) == \
            (0x0800001b, str(SYM / nm), True, False)


def test_a_thumb_native_is_known_not_assumed(aotx, tmp_path, data):
    """The same for a Thumb module: the map no longer says the state was
    assumed (compare test_rewrite's fw.nm case)."""
    for nm in ("fw-special.nm", "fw-clang.nm", "fw-clang-generic.nm"):
        syms, m = rewrite(aotx, tmp_path, data("v6/thumbv7em/imports"), "--symbols", SYM / nm,
                          "--defsym", INVOKE)
        e = syms["aot_set_exception_with_id"]
        assert (e["thumb"], e["isa_assumed"]) == (True, False)
        line = [x for x in m.splitlines() if "aot_set_exception_with_id" in x]
        assert line == [f"  0x{e['value']:08x}  aot_set_exception_with_id            native   "
                        f"    6 uses  from {SYM / nm}"]


def test_plain_map_addresses_are_hex(aotx, tmp_path, data):
    """'08000101' without 0x is 0x08000101, not the decimal 8000101 (0x7a1165)."""
    m = tmp_path / "fw.sym"
    m.write_text("aot_set_exception_with_id = 08000101\n08000201 aot_invoke_native\n")
    syms, _ = rewrite(aotx, tmp_path, data("v6/thumbv7em/imports"), "--symbols", m)
    assert syms["aot_set_exception_with_id"]["value"] == 0x08000101
    assert syms["aot_invoke_native"]["value"] == 0x08000201


def test_defsym_leading_zero_is_refused(aotx, tmp_path, data):
    out = tmp_path / "o.aot"
    r = aotx.run(data("v6/thumbv7em/imports"), "--base", "0x08040000",
                 "--defsym", "aot_invoke_native=010", "-o", out)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == ("aot-xip: --defsym 'aot_invoke_native=010': a leading zero does not make "
                        "'010' octal here: write 0x10 for hex or 10 for decimal\n"
                        "(try 'aot-xip --help')\n")
    assert not out.exists()
