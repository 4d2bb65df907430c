"""The rewrite from the command line: outputs, and what happens on failure."""
import json
import os

import pytest

FIXTURE = "v6/thumbv7em/imports"
NATIVES = "aot_set_exception_with_id = 0x08000101\naot_invoke_native = 0x08000201\n"


@pytest.fixture
def work(tmp_path, data):
    src = data(FIXTURE)
    m = tmp_path / "fw.sym"
    m.write_text(NATIVES)
    return src, m, tmp_path


def test_writes_image_map_and_report(aotx, work):
    src, m, d = work
    r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", d / "app.xip.aot",
                 "--map", d / "app.map", "--report", d / "app.json")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    rep = json.loads((d / "app.json").read_text())
    assert rep["arch"] == "thumb" and rep["base"] == 0x08040000
    assert rep["code_address"] == 0x08040140 and rep["verified"] is True
    assert rep["relocations"] == 14
    assert rep["exports"] == {"call_host": 0x08040141, "trap_div": 0x080401bd,
                              "trap_unreachable": 0x08040221}
    assert [(s["name"], s["value"], s["origin"], s["uses"]) for s in rep["symbols"]] == [
        (".aot_stack_sizes", 0x08040270, "image", 6),
        ("aot_set_exception_with_id", 0x08000101, str(m), 6),
        ("aot_invoke_native", 0x08000201, str(m), 2)]
    assert rep["data"] == [{"name": ".aot_stack_sizes", "address": 0x08040270, "size": 12,
                            "align": 16}]
    # a stock load: one page for text and PLT (304 + 2 natives x 20 bytes),
    # one for .aot_stack_sizes; the XIP load keeps only the latter
    assert rep["ram"] == {"page_size": 4096, "page_size_from": "default",
                          "stock_load": 2 * 4096, "xip_load": 4096, "saved": 4096,
                          "plt_estimate": 40}
    # 808 bytes of image, then the 156-byte "aot-xip" stamp section (8 header,
    # 4 kind, 10 name, 64 + 2 natives x (4 + name + 8) + 4 (CRC) content, no
    # firmware id: test_stamp.py)
    assert rep["image_size"] == (d / "app.xip.aot").stat().st_size == 808 + 156
    text = (d / "app.map").read_text()
    assert "code     0x08040140  300 bytes\n" in text
    assert "  0x08040141  aot_func#0  call_host\n" in text
    assert text.endswith("saved 4096\n")
    # inspect reads the image back as XIP, with nothing left to relocate
    j = aotx.inspect(d / "app.xip.aot")
    assert j["target"]["e_type"] == 4 and j["relocation_groups"] == []


@pytest.mark.parametrize("page_size", [None, 1024])
def test_the_ram_figure_says_its_granule(aotx, work, page_size):
    """The RAM figure rests on the loader's allocation granule: the report
    and the map's RAM line say whether it was assumed (the default, 4096,
    as WAMR's Zephyr and ESP-IDF ports allocate) or given."""
    src, m, d = work
    given = ["--page-size", str(page_size)] if page_size else []
    r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", d / "app.xip.aot",
                 "--map", d / "app.map", "--report", d / "app.json", *given)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    ram = json.loads((d / "app.json").read_text())["ram"]
    line = (d / "app.map").read_text().splitlines()[-1]
    if page_size is None:
        assert (ram["page_size"], ram["page_size_from"]) == (4096, "default")
        assert line == ("RAM: a stock load allocates 8192 bytes (text and a 40-byte PLT "
                        "estimate, data, in 4096-byte pages, assumed: the allocation granule "
                        "of WAMR's Zephyr and ESP-IDF ports; --page-size for another); this "
                        "image 4096; saved 4096")
    else:
        assert (ram["page_size"], ram["page_size_from"]) == (1024, "--page-size")
        assert line == ("RAM: a stock load allocates 2048 bytes (text and a 40-byte PLT "
                        "estimate, data, in 1024-byte pages, as --page-size says); this image "
                        "1024; saved 1024")


@pytest.mark.parametrize("fixture", ["v6/x86_64/control", "v6/thumbv7em/float",
                                     "v6/aarch64/memory", "v6/riscv32/arith"])
def test_the_code_starts_on_64_bytes_unless_told(aotx, data, tmp_path, fixture):
    """The code starts at a multiple of 64 (a cache line), or of
    --code-align N: the literal area before it is padded. At 16 (the
    layout before 64 became the default) x86_64/control's code would start
    at 16 mod 64."""
    path = data(fixture)
    thumb = aotx.inspect(path)["target"]["arch"] == "thumb"
    natives = [x for i, s in enumerate(aotx.inspect(path)["symbols"]) if s["class"] == "native"
               for x in ("--defsym", f"{s['name']}={0x0fff0000 + 0x40 * i + thumb:#x}")]
    literal = aotx.inspect(path)["text"]["literal_size"]
    for align in (None, 16, 32, 128, 4096):
        rep = tmp_path / f"{align}.json"
        r = aotx.run(path, "--base", "0x10000000", *natives, "-o", tmp_path / f"{align}.aot",
                     "--report", rep, *(["--code-align", str(align)] if align else []))
        assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
        j = json.loads(rep.read_text())
        want = align or 64
        assert (j["code_align"], j["verified"]) == (want, True)
        end = j["literal_address"] + literal
        assert j["code_address"] == -(-end // want) * want == end + j["literal_pad"]
        if fixture == "v6/x86_64/control" and align == 16:
            assert j["code_address"] % 64 == 16


@pytest.mark.parametrize("value", ["48", "8", "0", "8192", "64k", "-64"])
def test_code_align_must_be_a_power_of_two(aotx, work, value):
    src, m, d = work
    out = d / "app.xip.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", out, "--code-align", value)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == (f"aot-xip: --code-align '{value}': expected a power of two from 16 to "
                        "4096\n(try 'aot-xip --help')\n")
    assert not out.exists()


def _padded(src, dst, n):
    """src with a raw custom section "pad" of n zero bytes appended (custom
    sections come last; the loader skips raw ones)."""
    b = src.read_bytes()
    body = (0).to_bytes(4, "little") + (4).to_bytes(2, "little") + b"pad\0" + bytes(n)
    dst.write_bytes(b + bytes(-len(b) % 4) + (100).to_bytes(4, "little") +
                    len(body).to_bytes(4, "little") + body)
    return len(b) + (-len(b) % 4), 8 + len(body)


def test_a_big_input_rewrites_alike(aotx, work):
    """An input of 8 MiB (the module and a raw custom section of zeros)
    rewrites as the module alone: the same image, the pad carried over after
    it; the map and report as for a small input."""
    src, m, d = work
    at, pad = _padded(src, d / "big.aot", 8 << 20)
    assert at + pad >= 8 << 20
    outs = {}
    for name in ("small", "big"):
        inp = src if name == "small" else d / "big.aot"
        r = aotx.run(inp, "--base", "0x08040000", "--symbols", m, "-o", d / f"{name}.xip",
                     "--no-stamp", "--report", d / f"{name}.json")
        assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
        outs[name] = (d / f"{name}.xip").read_bytes()
    small, big = outs["small"], outs["big"]
    assert big[:len(small)] == small
    assert big[len(small):] == (d / "big.aot").read_bytes()[at:]
    rep = json.loads((d / "big.json").read_text())
    assert rep["verified"] is True and rep["image_size"] == len(big)
    assert sorted(os.listdir(d)) == ["big.aot", "big.json", "big.xip", "fw.sym", "small.json",
                                     "small.xip"]
    # stamped, the stamp follows the pad, and its input hash (taken on a
    # thread of its own while the input is parsed) names this input
    r = aotx.run(d / "big.aot", "--base", "0x08040000", "--symbols", m, "-o", d / "big.xip")
    assert (r.returncode, r.stderr) == (0, "")
    r = aotx.run("check", d / "big.xip", "--symbols", m, "--input", d / "big.aot")
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{d / 'big.xip'}: up to date (2 natives match, base 0x08040000)\n", "")


def test_no_verify_writes_the_same_image_unverified(aotx, work):
    """--no-verify skips reading the image back, for a small input and a
    padded 4 MiB one alike: the same bytes, and the report and map say so."""
    src, m, d = work
    _padded(src, d / "big.aot", 4 << 20)
    for inp in (src, d / "big.aot"):
        imgs = {}
        for flag in ((), ("--no-verify",)):
            name = "unverified" if flag else "verified"
            r = aotx.run(inp, "--base", "0x08040000", "--symbols", m, "-o", d / f"{name}.xip",
                         "--map", d / f"{name}.map", "--report", d / f"{name}.json", *flag)
            assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
            imgs[name] = (d / f"{name}.xip").read_bytes()
            rep = json.loads((d / f"{name}.json").read_text())
            assert rep["verified"] is not bool(flag)
            assert ("14 relocations applied, not verified (--no-verify)\n" if flag else
                    "14 relocations applied, image verified\n") in (d / f"{name}.map").read_text()
        assert imgs["unverified"] == imgs["verified"]


def test_never_writes_over_its_input(aotx, work, tmp_path):
    src, m, d = work
    copy = d / "in.aot"
    copy.write_bytes(src.read_bytes())
    before = copy.read_bytes()
    for opt, args in (("-o", ["-o", copy]), ("--map", ["-o", d / "x.aot", "--map", copy])):
        r = aotx.run(copy, "--base", "0x08040000", "--symbols", m, *args)
        assert r.returncode == 2
        assert r.stderr == (f"aot-xip: {opt} '{copy}' is the same file as the input '{copy}': "
                            f"aot-xip never writes over an input\n(try 'aot-xip --help')\n")
    assert copy.read_bytes() == before


def test_failure_leaves_nothing_behind(aotx, work):
    src, m, d = work
    m.write_text("aot_invoke_native = 0x08000201\n")
    before = sorted(os.listdir(d))
    r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", d / "out.aot",
                 "--map", d / "out.map", "--report", d / "out.json")
    assert r.returncode == 1
    assert r.stderr == (f"aot-xip: error: {src}: undefined symbol: "
                        f"'aot_set_exception_with_id': the firmware's symbol maps do not define "
                        f"it (if its linker dropped it, keep it with "
                        f"-Wl,--undefined=aot_set_exception_with_id)\n"
                        f">>> referenced by text+0x2c (aot_func#0 (call_host)+0x2c)\n"
                        f">>> referenced by text+0xaa (aot_func#1 (trap_div)+0x2e)\n"
                        f">>> referenced by text+0xcc (aot_func#1 (trap_div)+0x50)\n"
                        f">>> referenced 3 more times\n")
    assert sorted(os.listdir(d)) == before


def test_a_failed_rewrite_keeps_an_older_output(aotx, work):
    src, m, d = work
    out = d / "out.aot"
    out.write_bytes(b"previous build")
    r = aotx.run(src, "--base", "0x08040002", "--symbols", m, "-o", out)
    assert r.returncode == 1
    assert out.read_bytes() == b"previous build"


def test_output_is_reproducible(aotx, work):
    src, m, d = work
    outs = []
    for i, env in enumerate([{}, {"LC_ALL": "C.UTF-8", "TZ": "Asia/Kathmandu"},
                             {"LC_ALL": "POSIX", "TZ": "America/St_Johns"}]):
        out = d / f"out{i}.aot"
        r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", out, env=env)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_defsym_wins_over_the_maps(aotx, work):
    src, m, d = work
    r = aotx.run(src, "--base", "0x08040000", "--symbols", m, "--defsym",
                 "aot_invoke_native=0x08000301", "-o", d / "o.aot", "--report", d / "o.json")
    assert r.returncode == 0, r.stderr
    rep = json.loads((d / "o.json").read_text())
    s = {x["name"]: (x["value"], x["origin"]) for x in rep["symbols"]}
    assert s["aot_invoke_native"] == (0x08000301, "--defsym")


def test_missing_symbol_map(aotx, work):
    src, m, d = work
    r = aotx.run(src, "--base", "0x08040000", "--symbols", d / "nope.map", "-o", d / "o.aot")
    assert r.returncode == 1
    assert r.stderr == f"aot-xip: error: {d / 'nope.map'}: cannot open: No such file or directory\n"


THUMB = ("thumbv6m", "thumbv7em", "thumbv8m")


def thumb_fixtures():
    from conftest import aot_files
    return [pytest.param(p, id=i) for i, p in aot_files() if i.split("/")[1] in THUMB]


@pytest.mark.parametrize("path", thumb_fixtures())
def test_every_thumb_fixture_rewrites(aotx, tmp_path, path):
    """Every version and layout: the image verifies and reads back as XIP."""
    natives = [s["name"] for s in aotx.inspect(path)["symbols"] if s["class"] == "native"]
    m = tmp_path / "n.sym"
    m.write_text("".join(f"{n} = {0x08000001 + 0x40 * i:#x}\n" for i, n in enumerate(natives)))
    out, rep = tmp_path / "o.aot", tmp_path / "o.json"
    r = aotx.run(path, "--base", "0x08040000", "--symbols", m, "-o", out, "--report", rep)
    assert r.returncode == 0, r.stderr
    assert json.loads(rep.read_text())["verified"] is True
    before, after = aotx.inspect(path), aotx.inspect(out)
    assert after["target"]["e_type"] == 4 and after["relocation_groups"] == []
    assert after["layout"] == before["layout"] and after["version"] == before["version"]
    assert after["exports"] == before["exports"]
    assert [f["text_offset"] for f in after["functions"]] == \
        [f["text_offset"] for f in before["functions"]]
    assert (after["text"]["code_offset"] + 0x08040000) % 16 == 0


def test_one_x_strings_gain_their_nul(aotx, tmp_path, data):
    """A WAMR 1.x file carries strings without NUL, except in XIP mode."""
    src = data("v3-1x/thumbv7em/imports")
    m = tmp_path / "n.sym"
    m.write_text("aot_set_exception_with_id = 0x08000101\naot_invoke_native = 0x08000201\n")
    out = tmp_path / "o.aot"
    assert aotx.run(src, "--base", "0x08040000", "--symbols", m, "-o", out).returncode == 0
    raw = out.read_bytes()
    assert b"\x0a\x00call_host\x00" in raw       # u16 length counts the NUL
    assert b"\x09\x00call_host" in src.read_bytes()


def test_firmware_elf_as_the_map(aotx, tmp_path, data):
    """The firmware's ELF knows the Thumb bit: aot_set_exception_with_id is a
    Thumb function at 0x0800001a (st_value 0x0800001b), so BL; its state is
    not assumed. aot_invoke_native is not in it: --defsym gives it."""
    sym_dir = data("v6/thumbv7em/imports").parents[3] / "symbols"
    out, rep = tmp_path / "o.aot", tmp_path / "o.json"
    r = aotx.run(data("v6/thumbv7em/imports"), "--base", "0x08040000",
                 "--symbols", sym_dir / "fw.elf", "--defsym", "aot_invoke_native=0x08000027",
                 "-o", out, "--report", rep, "--map", tmp_path / "o.map")
    assert r.returncode == 0, r.stderr
    s = {x["name"]: x for x in json.loads(rep.read_text())["symbols"]}
    e = s["aot_set_exception_with_id"]
    assert (e["value"], e["origin"], e["thumb"], e["isa_assumed"]) == \
        (0x0800001b, str(sym_dir / "fw.elf"), True, False)
    n = s["aot_invoke_native"]
    assert (n["value"], n["origin"], n["thumb"], n["isa_assumed"]) == \
        (0x08000027, "--defsym", True, False)


def test_a_map_that_cannot_tell_the_state_on_a_cortex_m(aotx, tmp_path, data):
    """nm prints Thumb functions with bit 0 clear, so it cannot tell ARM from
    Thumb; a Cortex-M core has no ARM state: Thumb, nothing assumed. (Where
    the core has both, --assume-isa must say: test_refusals.py.)"""
    sym_dir = data("v6/thumbv7em/imports").parents[3] / "symbols"
    m = tmp_path / "o.map"
    r = aotx.run(data("v6/thumbv7em/imports"), "--base", "0x08040000",
                 "--symbols-format", "nm", "--symbols", sym_dir / "fw.nm",
                 "--defsym", "aot_invoke_native=0x08000027", "-o", tmp_path / "o.aot", "--map", m)
    assert (r.returncode, r.stderr) == (0, "")
    assert ("  0x0800001b  aot_set_exception_with_id            native       6 uses  from "
            f"{sym_dir / 'fw.nm'}\n") in m.read_text()


def test_symbols_format_is_checked(aotx, tmp_path, data):
    sym_dir = data("v6/thumbv7em/imports").parents[3] / "symbols"
    r = aotx.run(data("v6/thumbv7em/imports"), "--base", "0x08040000",
                 "--symbols-format", "elf", "--symbols", sym_dir / "fw.sym", "-o", tmp_path / "o")
    assert r.returncode == 1
    assert r.stderr.startswith(f"aot-xip: error: {sym_dir / 'fw.sym'}: ")
    assert not (tmp_path / "o").exists()
