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


M64 = 0xffffffffffffffff


def hash64(data):
    """stamp_hash64 (src/stamp.h), written again from its description."""
    h = 0x2545f4914f6cdd1d ^ len(data)
    padded = data + bytes(-len(data) % 8)
    for (w,) in struct.iter_unpack("<Q", padded):
        h ^= w
        h = ((h << 29 | h >> 35) & M64) * 0x9e3779b97f4a7c15 & M64
    for k in (0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53):
        h = (h ^ h >> 33) * k & M64
    return h ^ h >> 33


def stamp_bytes(base, src_bytes, natives, flags=1):
    """The section: id 100, size, kind 0, name (u16 length with its NUL, as
    strings are in a 2.x XIP file), then the content."""
    listed = b"".join(struct.pack("<I", len(name)) + name.encode() + struct.pack("<Q", value)
                      for name, value in natives)
    content = struct.pack("<IIQQQQI", 2, flags, base, len(src_bytes), hash64(src_bytes),
                          hash64(listed), len(natives)) + listed
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
    h = hash64(src.read_bytes())
    hn = hash64(struct.pack("<I", 25) + b"aot_set_exception_with_id" + struct.pack("<Q", 0x0800001b)
                + struct.pack("<I", 17) + b"aot_invoke_native" + struct.pack("<Q", 0x08000201))
    assert r.stdout.endswith(
        '\ncustom section: kind 0, 120 bytes, name "aot-xip"\n'
        f"\naot-xip stamp: base 0x08040000, input 1120 bytes (hash 0x{h:016x}), 2 natives "
        f"(hash 0x{hn:016x})\n"
        "  0x0800001b  aot_set_exception_with_id\n  0x08000201  aot_invoke_native\n")
    j = aotx.inspect(out)["stamp"]
    assert j["base"] == 0x08040000 and j["input_size"] == 1120 and j["input_hash64"] == h
    assert j["natives_hash64"] == hn
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
