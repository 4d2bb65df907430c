"""The stale-map guard: the "aot-xip" raw custom section appended to every image,
`inspect` showing it, and `aot-xip check` (exit 0 when the firmware's symbols
still match, 1 naming what changed). The section's bytes are rebuilt here by
hand from the format in src/stamp.h, and every stamped image is walked the
way the stock WAMR loader walks it (docs/design.md, "The stamp and the stock
loader")."""
import struct

import pytest

from conftest import DATA_DIR, aot_files

FIXTURE = "v6/thumbv7em/imports"
FW_ELF = DATA_DIR / "symbols" / "fw.elf"   # aot_set_exception_with_id at 0x0800001b (Thumb)
INVOKE = "aot_invoke_native=0x08000201"


M64 = 0xffffffffffffffff
K, S = 0x9e3779b97f4a7c15, 0x2545f4914f6cdd1d


def _step(v, w):
    v ^= w
    return ((v << 29 | v >> 35) & M64) * K & M64


def _fmix64(h):
    for k in (0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53):
        h = (h ^ h >> 33) * k & M64
    return h ^ h >> 33


def hash64(data):
    """stamp_hash64 (tools/tool.h, version 3), written again from its description:
    four lanes over 32-byte blocks, combined, then the length."""
    lanes = [S ^ (j * K & M64) for j in range(4)]
    padded = data + bytes(-len(data) % 32)
    for i, (w,) in enumerate(struct.iter_unpack("<Q", padded)):
        lanes[i % 4] = _step(lanes[i % 4], w)
    h = S
    for v in lanes + [len(data)]:
        h = _step(h, v)
    return _fmix64(h)


def hash64_v2(data):
    """The version-2 hash (an earlier aot-xip): one chain of the same step over
    8-byte words, seeded with the length."""
    h = S ^ len(data)
    for (w,) in struct.iter_unpack("<Q", data + bytes(-len(data) % 8)):
        h = _step(h, w)
    return _fmix64(h)


def crc32(data):
    """CRC-32 of zlib (include/aot_xip/crc32.h), bitwise, from its definition."""
    c = 0xffffffff
    for b in data:
        c ^= b
        for _ in range(8):
            c = c >> 1 ^ (0xedb88320 if c & 1 else 0)
    return c ^ 0xffffffff


def stamp_bytes(base, src_bytes, natives, flags=1, version=4, image=b"", fw_id=b""):
    """The section: id 100, size, kind 0, name (u16 length with its NUL, as
    strings are in a 2.x XIP file), then the content (hashed as that version
    hashes). Version 4 (docs/stamp-format.md) goes after image (its length a
    multiple of 4): the whole image's size, the natives-table fields (0), the
    firmware id, and the CRC-32 of everything before it."""
    h = hash64 if version >= 3 else hash64_v2
    listed = b"".join(struct.pack("<I", len(name)) + name.encode() + struct.pack("<Q", value)
                      for name, value in natives)
    content = struct.pack("<IIQQQQI", version, flags, base, len(src_bytes), h(src_bytes),
                          h(listed), len(natives))
    if version == 4:
        size = len(image) + 8 + 14 + len(content) + 20 + len(fw_id) + len(listed) + 4
        content += struct.pack("<IIQI", size, 0, 0, len(fw_id)) + fw_id
    body = struct.pack("<I", 0) + struct.pack("<H", 8) + b"aot-xip\0" + content + listed
    section = struct.pack("<II", 100, len(body) + (4 if version == 4 else 0)) + body
    if version == 4:
        section += struct.pack("<I", crc32(image + section))
    return section


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
        [("aot_set_exception_with_id", 0x0800001b), ("aot_invoke_native", 0x08000201)],
        image=unstamped)
    # the independent reader walks it as a raw custom section after section 5
    o = aotdump_parse(out)
    assert o["custom"] == [(0, 156 - 8)]
    assert "custom" not in aotdump_parse(plain)


def test_inspect_shows_the_stamp(aotx, stamped):
    src, out = stamped
    r = aotx.run("inspect", out)
    assert r.returncode == 0
    image = out.read_bytes()
    assert len(image) == 964
    crc, = struct.unpack("<I", image[-4:])
    assert crc == crc32(image[:-4])
    h = hash64(src.read_bytes())
    hn = hash64(struct.pack("<I", 25) + b"aot_set_exception_with_id" + struct.pack("<Q", 0x0800001b)
                + struct.pack("<I", 17) + b"aot_invoke_native" + struct.pack("<Q", 0x08000201))
    assert r.stdout.endswith(
        '\ncustom section: kind 0, 144 bytes, name "aot-xip"\n'
        f"\naot-xip stamp: base 0x08040000, input 1120 bytes (hash 0x{h:016x}), 2 natives "
        f"(hash 0x{hn:016x})\n"
        f"  version 4, image 964 bytes, CRC-32 0x{crc:08x}, firmware id none\n"
        "  0x0800001b  aot_set_exception_with_id\n  0x08000201  aot_invoke_native\n")
    j = aotx.inspect(out)["stamp"]
    assert j["base"] == 0x08040000 and j["input_size"] == 1120 and j["input_hash64"] == h
    assert j["natives_hash64"] == hn
    assert (j["version"], j["image_size"], j["crc32"], j["firmware_id"], j["natives_abi"],
            j["natives_table"]) == (4, 964, crc, "", 0, 0)
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
    b[-5] ^= 0x01  # the last native's value (before the CRC): the natives hash differs
    bad = tmp_path / "bad.aot"
    bad.write_bytes(b)
    r = aotx.run("check", bad, "--symbols", FW_ELF, "--defsym", INVOKE)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {bad}: the \"aot-xip\" section is damaged: its natives hash does "
           f"not match\n")


def test_stamp_of_another_version_is_refused(aotx, data, tmp_path):
    """An image stamped by an earlier aot-xip (version 2: the same content, its
    hashes one serial chain) cannot be compared: check says which version it
    found and what to do, with the exit status of a damaged stamp; content too
    short for any stamp keeps its own message."""
    src = data(FIXTURE)
    plain = tmp_path / "plain.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE,
                 "--no-stamp", "-o", plain)
    assert r.returncode == 0 and plain.stat().st_size % 4 == 0
    natives = [("aot_set_exception_with_id", 0x0800001b), ("aot_invoke_native", 0x08000201)]
    old = tmp_path / "v2.aot"
    old.write_bytes(plain.read_bytes() + stamp_bytes(0x08040000, src.read_bytes(), natives,
                                                     version=2))
    msg = ('the "aot-xip" section is a version 2 stamp; this aot-xip reads versions 3 and 4: '
           'relocate the image again')
    r = aotx.run("check", old, "--symbols", FW_ELF, "--defsym", INVOKE, "--input", src)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", f"aot-xip: error: {old}: {msg}\n")
    r = aotx.run("inspect", old)
    assert r.returncode == 0 and r.stdout.endswith(f"\naot-xip stamp: {msg}\n")
    # 43 bytes of content: too short for a version-3 stamp
    short = tmp_path / "short.aot"
    body = struct.pack("<IH", RAW, 8) + b"aot-xip\0" + struct.pack("<I", 3) + bytes(39)
    short.write_bytes(plain.read_bytes() + struct.pack("<II", CUSTOM, len(body)) + body)
    r = aotx.run("check", short, "--symbols", FW_ELF, "--defsym", INVOKE)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {short}: the \"aot-xip\" section is cut short: 43 bytes\n")
    # a version-4 stamp of 50 bytes: its fixed fields (64 bytes) cut short
    body = struct.pack("<IH", RAW, 8) + b"aot-xip\0" + struct.pack("<I", 4) + bytes(46)
    short.write_bytes(plain.read_bytes() + struct.pack("<II", CUSTOM, len(body)) + body)
    r = aotx.run("check", short, "--symbols", FW_ELF, "--defsym", INVOKE)
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {short}: the \"aot-xip\" section is cut short: 50 bytes\n")



def test_check_still_reads_version_3(aotx, data, tmp_path):
    """Images already flashed carry a version-3 stamp (no size, identity or
    CRC): check compares their natives as before."""
    src = data(FIXTURE)
    plain = tmp_path / "plain.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE,
                 "--no-stamp", "-o", plain)
    assert r.returncode == 0
    natives = [("aot_set_exception_with_id", 0x0800001b), ("aot_invoke_native", 0x08000201)]
    old = tmp_path / "v3.aot"
    old.write_bytes(plain.read_bytes() + stamp_bytes(0x08040000, src.read_bytes(), natives,
                                                     version=3))
    r = aotx.run("check", old, "--symbols", FW_ELF, "--defsym", INVOKE, "--input", src)
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{old}: up to date (2 natives match, base 0x08040000)\n", "")
    r = aotx.run("check", old, "--symbols", FW_ELF, "--defsym", "aot_invoke_native=0x08000301")
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: {old} is stale: 'aot_invoke_native' moved from 0x08000200 to "
           f"0x08000300\n")


# ---------------------------------------------------------------- the firmware identity

FW1 = DATA_DIR / "guard" / "fw1.elf"   # the e2e loader, linked with --build-id


def _build_id(elf):
    """The GNU build id of elf, read here from its note (ELF32 LE)."""
    b = elf.read_bytes()
    shoff, = struct.unpack_from("<I", b, 32)
    shentsize, shnum = struct.unpack_from("<HH", b, 46)
    for i in range(shnum):
        _, stype, _, _, off, size = struct.unpack_from("<IIIIII", b, shoff + i * shentsize)
        at = off
        while stype == 7 and at < off + size:
            namesz, descsz, ntype = struct.unpack_from("<III", b, at)
            name_end = at + 12 + (namesz + 3) // 4 * 4
            if ntype == 3 and b[at + 12:at + 12 + namesz] == b"GNU\0":
                return b[name_end:name_end + descsz]
            at = name_end + (descsz + 3) // 4 * 4
    return b""


def _stamp_id(image):
    """The firmware id of the version-4 stamp ending image (its content
    starts 22 bytes into its section: the 2.x name "aot-xip" with its NUL)."""
    secs = loader_sections(image)
    _, off, _ = secs[-1]
    c = off + 14
    n, = struct.unpack_from("<I", image, c + 60)
    assert struct.unpack_from("<I", image, c + 44)[0] == len(image)
    return image[c + 64:c + 64 + n]


def test_firmware_id_from_the_elf_and_the_option(aotx, data, tmp_path):
    src = data(FIXTURE)
    out = tmp_path / "app.aot"
    bid = _build_id(FW1)
    assert len(bid) == 20
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE, "-o", out)
    assert (r.returncode, r.stderr) == (0, "")
    assert _stamp_id(out.read_bytes()) == bid
    assert aotx.inspect(out)["stamp"]["firmware_id"] == bid.hex()
    assert f", firmware id {bid.hex()}\n" in aotx.run("inspect", out).stdout
    # the same id given by hand (an nm or map user): the same image
    again = tmp_path / "again.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 "--firmware-id", bid.hex(), "-o", again)
    assert (r.returncode, r.stderr) == (0, "")
    assert again.read_bytes() == out.read_bytes()
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE,
                 "--firmware-id", "0xC0FFEE", "-o", again)
    assert (r.returncode, r.stderr) == (0, "")
    assert _stamp_id(again.read_bytes()) == bytes.fromhex("c0ffee")
    # an ELF with no build id and no --firmware-id: a zero-length id
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE,
                 "-o", again)
    assert r.returncode == 0 and _stamp_id(again.read_bytes()) == b""


def test_firmware_id_refusals(aotx, data, tmp_path):
    src = data(FIXTURE)
    out = tmp_path / "app.aot"
    bid = _build_id(FW1).hex()
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 "--firmware-id", "0011", "-o", out)
    assert (r.returncode, r.stdout, r.stderr) == (
        1, "", f"aot-xip: error: {src}: {FW1} has build id {bid}, but --firmware-id says 0011: "
               f"an image is made for one firmware\n")
    assert not out.exists()
    for bad in ("", "0x", "abc", "zz", "00" * 65):
        r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--firmware-id", bad,
                     "-o", out)
        assert (r.returncode, r.stderr) == (
            2, f"aot-xip: --firmware-id '{bad}': expected 1 to 64 bytes in hex (a GNU build "
               f"id, as `readelf -n` prints it)\n(try 'aot-xip --help')\n")
        assert not out.exists()
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--firmware-id", "00",
                 "--no-stamp", "-o", out)
    assert (r.returncode, r.stderr) == (
        2, "aot-xip: --firmware-id goes into the stamp: it cannot be given with --no-stamp\n"
           "(try 'aot-xip --help')\n")
    assert not out.exists()


# ---------------------------------------------------------------- the stock loader

SECTION_IDS = {0, 1, 2, 3, 4, 5, 100}   # the only ids create_sections() accepts
CUSTOM, RAW = 100, 0


def loader_sections(image):
    """[(id, body offset, size)]: the image walked as the stock loader does
    (WAMR 1.3.3 to main, create_sections() and load_from_sections()): from
    offset 8 to the very end of the buffer, each header at the next multiple
    of 4 (the writer's padding is zeros), a known id, a body that fits; then
    the order: 0 first, each next one up or 100, the last 5 or 100."""
    secs, p = [], 8
    while p < len(image):
        pad = -p % 4
        assert image[p:p + pad] == bytes(pad), f"padding at {p:#x} is not zeros"
        p += pad
        # a byte after the last section would be read as a header: "unexpected end"
        assert p + 8 <= len(image), f"{len(image) - p} bytes after the last section"
        sid, size = struct.unpack_from("<II", image, p)
        assert sid in SECTION_IDS, f"invalid section id {sid} at {p:#x}"
        p += 8
        assert p + size <= len(image), f"section {sid} at {p - 8:#x} runs past the end"
        secs.append((sid, p, size))
        p += size
    ids = [sid for sid, _, _ in secs]
    assert ids[0] == 0
    for prev, sid in zip(ids, ids[1:]):
        assert sid in (prev + 1, CUSTOM), f"invalid section order: {ids}"
    assert ids[-1] in (5, CUSTOM), f"section missing: {ids}"
    return secs


def raw_custom(image, off, size):
    """(sub-type, name bytes with what its u16 length counts, content) of a custom
    section, read as load_custom_section() reads a raw one."""
    (sub,) = struct.unpack_from("<I", image, off)
    (n,) = struct.unpack_from("<H", image, off + 4)   # 2-aligned: off is 4-aligned
    assert 6 + n <= size, "the name runs past the section"
    return sub, image[off + 6:off + 6 + n], image[off + 6 + n:off + size]


def assert_stock_loader_takes_the_stamp(image, aotdump_parse, path):
    secs = loader_sections(image)
    (e_type,) = struct.unpack_from("<H", image, secs[0][1] + 4)
    assert e_type == 4                                      # XIP
    sid, off, size = secs[-1]
    # the stamp is the last section and ends the image: no byte after it,
    # however long its content (the image need not end on a multiple of 4)
    assert sid == CUSTOM and off + size == len(image)
    sub, name, content = raw_custom(image, off, size)
    # sub-type 0 (raw): skipped unless WASM_ENABLE_LOAD_CUSTOM_SECTION; with it,
    # the name must end in a NUL its length counts (2.x refuses the load
    # otherwise; 1.3.3 would move the name inside the image, i.e. write to flash)
    assert (sub, name) == (RAW, b"aot-xip\0") and content
    earlier = [raw_custom(image, o, n)[:2] for i, o, n in secs[:-1] if i == CUSTOM]
    assert (RAW, b"aot-xip\0") not in earlier
    # the independent reader walks the same sections
    o = aotdump_parse(path)
    assert o["sections"] == secs and o["custom"][-1] == (RAW, size)


def _natives_at(aotx, path, tmp_path):
    """A plain map putting every native the module needs below the base (Thumb
    ones with bit 0 set)."""
    natives = [s["name"] for s in aotx.inspect(path)["symbols"] if s["class"] == "native"]
    bit = 1 if "/thumb" in path.as_posix() else 0
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {0x08000000 + 0x40 * i | bit:#x}\n"
                         for i, n in enumerate(natives)))
    return m


# every layout and target: 1.x (36-byte target info, strings without a NUL
# unless XIP) and 2.x; "memory" calls 4 natives, so the image ends 2 bytes past
# a multiple of 4
@pytest.mark.parametrize("ident", [i for i, _ in aot_files() if i.endswith("/memory")])
def test_stamp_meets_the_stock_loaders_rules(aotx, data, tmp_path, aotdump_parse, ident):
    src = data(ident)
    m = _natives_at(aotx, src, tmp_path)
    isa = ["--assume-isa", "arm"] if "/armv7/" in f"/{ident}" else []  # even: ARM code
    out, plain = tmp_path / "app.aot", tmp_path / "plain.aot"
    for args in (["-o", out], ["--no-stamp", "-o", plain]):
        r = aotx.run(src, "--base", "0x08040000", "--symbols", m, *isa, *args)
        assert (r.returncode, r.stderr) == (0, "")
    image, unstamped = out.read_bytes(), plain.read_bytes()
    assert_stock_loader_takes_the_stamp(image, aotdump_parse, out)
    assert image.startswith(unstamped) and len(image) % 4 == 2
    assert loader_sections(unstamped) == loader_sections(image)[:-1]


def test_stamp_follows_the_inputs_own_custom_sections(aotx, data, tmp_path, aotdump_parse):
    """wamrc --emit-custom-sections puts raw custom sections after section 5;
    the rewrite keeps them, and the stamp goes after them, still last."""
    image = bytearray(data(FIXTURE).read_bytes())
    for name, content in ((b"mysec\0", b"hello"), (b"aot-xip\0", b"not a stamp")):
        image += bytes(-len(image) % 4)
        body = struct.pack("<IH", RAW, len(name)) + name + content
        image += struct.pack("<II", CUSTOM, len(body)) + body
    src, out = tmp_path / "in.aot", tmp_path / "app.aot"
    src.write_bytes(image)
    r = aotx.run(src, "--base", "0x08040000", "--symbols", FW_ELF, "--defsym", INVOKE, "-o", out)
    assert (r.returncode, r.stderr) == (0, "")
    stamped = out.read_bytes()
    secs = loader_sections(stamped)
    assert [sid for sid, _, _ in secs] == [0, 1, 2, 3, 4, 5, CUSTOM, CUSTOM, CUSTOM]
    assert [raw_custom(stamped, o, n)[:2] for _, o, n in secs[6:]] == [
        (RAW, b"mysec\0"), (RAW, b"aot-xip\0"), (RAW, b"aot-xip\0")]
    sid, off, size = secs[-1]
    assert stamped[off:off + size].endswith(stamp_bytes(
        0x08040000, image,
        [("aot_set_exception_with_id", 0x0800001b), ("aot_invoke_native", 0x08000201)],
        image=stamped[:off - 8])[8:])
    # check reads the last section of that name: the stamp
    r = aotx.run("check", out, "--symbols", FW_ELF, "--defsym", INVOKE, "--input", src)
    assert r.returncode == 0, r.stderr
