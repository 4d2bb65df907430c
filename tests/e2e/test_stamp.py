"""The stale-map guard: the "aot-xip" raw custom section appended to every image,
`inspect` showing it, and `aot-xip check` (exit 0 when the firmware's symbols
still match, 1 naming what changed). The section's bytes are rebuilt here by
hand from the format in src/stamp.h."""
import struct

import pytest

from conftest import DATA_DIR

FIXTURE = "v6/thumbv7em/imports"
FW_ELF = DATA_DIR / "symbols" / "fw.elf"   # aot_set_exception_with_id at 0x0800001b (Thumb)
INVOKE = "aot_invoke_native=0x08000201"


def fnv1a(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


def stamp_bytes(base, src_bytes, natives, flags=1):
    """The section: id 100, size, kind 0, name (u16 length with its NUL, as
    strings are in a 2.x XIP file), then the content."""
    h = 0xcbf29ce484222325
    for name, value in natives:
        h = fnv1a(name.encode() + b"\0" + struct.pack("<Q", value), h)
    content = struct.pack("<IIQQQQI", 1, flags, base, len(src_bytes), fnv1a(src_bytes), h,
                          len(natives))
    for name, value in natives:
        content += struct.pack("<I", len(name)) + name.encode() + struct.pack("<Q", value)
    body = struct.pack("<I", 0) + struct.pack("<H", 8) + b"aot-xip\0" + content
    return struct.pack("<II", 100, len(body)) + body


@pytest.fixture
def stamped(aotx, data, tmp_path):
    src = data(FIXTURE)
    out = tmp_path / "app.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE, "-o", out)
    assert (r.returncode, r.stderr) == (0, "")
    return src, out


def test_stamp_is_the_last_section_and_only_appended(aotx, stamped, tmp_path, aotdump_parse):
    src, out = stamped
    plain = tmp_path / "plain.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE,
                 "--no-stamp", "-o", plain)
    assert r.returncode == 0
    image, unstamped = out.read_bytes(), plain.read_bytes()
    assert len(unstamped) == 808 and len(unstamped) % 4 == 0
    # the image the rewrite verified, then the stamp, byte for byte
    assert image == unstamped + stamp_bytes(
        0x08040000, src.read_bytes(),
        [("aot_set_exception_with_id", 0x0800001b), ("aot_invoke_native", 0x08000201)])
    # the independent reader walks it as a raw custom section after section 5
    o = aotdump_parse(out)
    assert o["custom"] == [(0, 132 - 8)]
    assert "custom" not in aotdump_parse(plain)


def test_inspect_shows_the_stamp(aotx, stamped):
    src, out = stamped
    r = aotx.run("inspect", out)
    assert r.returncode == 0
    h = fnv1a(src.read_bytes())
    hn = fnv1a(b"aot_set_exception_with_id\0" + struct.pack("<Q", 0x0800001b))
    hn = fnv1a(b"aot_invoke_native\0" + struct.pack("<Q", 0x08000201), hn)
    assert r.stdout.endswith(
        '\ncustom section: kind 0, 120 bytes, name "aot-xip"\n'
        f"\naot-xip stamp: base 0x08040000, input 1120 bytes (FNV-1a 0x{h:016x}), 2 natives "
        f"(FNV-1a 0x{hn:016x})\n"
        "  0x0800001b  aot_set_exception_with_id\n  0x08000201  aot_invoke_native\n")
    j = aotx.inspect(out)["stamp"]
    assert j["base"] == 0x08040000 and j["input_size"] == 1120 and j["input_fnv1a64"] == h
    assert j["natives_fnv1a64"] == hn
    assert j["natives"] == {"aot_set_exception_with_id": 0x0800001b,
                            "aot_invoke_native": 0x08000201}


def test_check_passes_with_the_same_symbols(aotx, stamped, tmp_path):
    src, out = stamped
    r = aotx.run("check", out, "--symbols", FW_ELF, "--defsym", INVOKE, "--input", src)
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{out}: up to date (2 natives match, base 0x08040000)\n", "")
    # a map with the Thumb bit written or not is the same address
    m = tmp_path / "fw.sym"
    m.write_text("aot_set_exception_with_id = 0x0800001a\naot_invoke_native = 0x08000200\n")
    r = aotx.run("check", out, "--symbols", m)
    assert r.returncode == 0, r.stderr


def test_check_names_what_changed(aotx, stamped, data):
    src, out = stamped
    r = aotx.run("check", out, "--symbols", FW_ELF, "--defsym", "aot_invoke_native=0x08000301")
    assert (r.returncode, r.stdout, r.stderr) == (
        1, "", f"aot-xip: {out} is stale: 'aot_invoke_native' moved from 0x08000200 to "
               f"0x08000300\n")
    r = aotx.run("check", out, "--symbols", FW_ELF)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: {out} is stale: 'aot_invoke_native' (0x08000201) is not in the symbol "
           f"maps\n")
    other = data("v6/thumbv7em/float")
    r = aotx.run("check", out, "--symbols", FW_ELF, "--defsym", INVOKE, "--input", other)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: {out} is stale: '{other}' is not the input the image was made from\n")


def test_check_without_a_stamp_and_usage(aotx, data, tmp_path):
    src = data(FIXTURE)
    r = aotx.run("check", src, "--symbols", FW_ELF)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: {src}: no aot-xip stamp (not an aot-xip image, or written with "
           f"--no-stamp)\n")
    r = aotx.run("check", src)
    assert (r.returncode, r.stderr) == (
        2, "aot-xip: check: no symbols (--symbols MAP or --defsym)\n(try 'aot-xip --help')\n")
    r = aotx.run("check", "--symbols", FW_ELF)
    assert (r.returncode, r.stderr) == (2, "aot-xip: check: no image file\n"
                                           "(try 'aot-xip --help')\n")


def test_damaged_stamp_is_reported(aotx, stamped, tmp_path):
    src, out = stamped
    b = bytearray(out.read_bytes())
    b[-1] ^= 0x01  # the last native's value: the natives hash no longer matches
    bad = tmp_path / "bad.aot"
    bad.write_bytes(b)
    r = aotx.run("check", bad, "--symbols", FW_ELF, "--defsym", INVOKE)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {bad}: the \"aot-xip\" section is damaged: its natives hash does "
           f"not match\n")
