"""`aot-xip check` reads the image in every format the tool writes (-O aot,
binary, ihex, srec, elf, c), told from the content, not the file's name; the
text formats are read strictly: a damaged or truncated file is refused with
the line that is wrong."""
import pytest

from test_outfmt import BASE, natives, rewrite

SRC = "v6/thumbv7em/imports"
FORMATS = ["aot", "binary", "ihex", "srec", "elf", "c"]
# what check says after "base 0x08040000" for each format
READ_AS = {"aot": "", "binary": "", "ihex": "; read as ihex, loaded at 0x08040000",
           "srec": "; read as srec, loaded at 0x08040000",
           "elf": "; read as elf, loaded at 0x08040000", "c": "; read as c"}


def moved(args):
    """The --defsym arguments with the last native 0x100 further."""
    name, value = args[-1].split("=")
    return args[:-1] + [f"{name}={int(value, 16) + 0x100:#x}"]


def check(aotx, path, args):
    r = aotx.run("check", path, *args)
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_checks_against_its_map(aotx, data, tmp_path, fmt):
    src = data(SRC)
    syms = natives(aotx, src)
    # a name that says nothing of the format: the content does
    out = rewrite(aotx, src, tmp_path / "image.out", "-O", fmt, *syms)
    before = out.read_bytes()
    assert check(aotx, out, syms) == (
        0, f"{out}: up to date (2 natives match, base 0x08040000{READ_AS[fmt]})\n", "")
    assert check(aotx, out, moved(syms)) == (
        1, "", f"aot-xip: {out} is stale: 'aot_invoke_native' moved from 0x08000200 to "
               "0x08000300\n")
    assert out.read_bytes() == before


def test_load_address_is_read_back(aotx, data, tmp_path):
    """A load address that crosses a 64 KiB boundary: two type 04 records,
    the bytes reassembled in one run."""
    src = data(SRC)
    syms = natives(aotx, src)
    for fmt in ("ihex", "srec", "elf"):
        out = rewrite(aotx, src, tmp_path / f"app.{fmt}", "-O", fmt, "--load-address",
                      "0x0800ff00", *syms)
        assert check(aotx, out, syms) == (
            0, f"{out}: up to date (2 natives match, base 0x08040000; read as {fmt}, loaded "
               "at 0x0800ff00)\n", "")


def damaged(aotx, data, tmp_path, fmt, edit):
    """The image written as fmt, its lines edited by edit(lines) -> text;
    check's (exit code, stdout, stderr) on it."""
    src = data(SRC)
    syms = natives(aotx, src)
    out = rewrite(aotx, src, tmp_path / "app.txt", "-O", fmt, *syms)
    out.write_text(edit(out.read_text().splitlines()))
    return check(aotx, out, syms), out


def joined(lines):
    return "\n".join(lines) + "\n"


def refused(res, msg):
    (rc, out, err), path = res
    assert (rc, out, err) == (1, "", f"aot-xip: error: {path}: {msg}\n")


def ihex(record):
    """':' + the record's hex + its checksum."""
    b = bytes.fromhex(record)
    return f":{record}{-sum(b) & 0xff:02X}"


def srec(kind, record):
    b = bytes.fromhex(record)
    return f"S{kind}{record}{~sum(b) & 0xff:02X}"


IHEX_CASES = [
    # the checksum of line 3 (0xAE) changed
    ("checksum", lambda l: joined(l[:2] + [l[2][:-2] + "AF"] + l[3:]),
     "ihex: line 3: checksum 0xAF, expected 0xAE (a damaged record)"),
    # a data digit changed: the checksum no longer matches
    ("data", lambda l: joined(l[:1] + [l[1][:9] + "01" + l[1][11:]] + l[2:]),
     "ihex: line 2: checksum 0x76, expected 0x75 (a damaged record)"),
    # cut in the middle of line 31
    ("cut", lambda l: "\n".join(l[:30] + [l[30][:21]]),
     "ihex: line 31: record length 16 does not match its 5 data bytes"),
    # the end record lost
    ("no-end", lambda l: joined(l[:-1]), "ihex: no end record (type 01): the file is truncated"),
    # a data record lost
    ("gap", lambda l: joined(l[:5] + l[6:]),
     "ihex: line 6: data at 0x08040050, expected 0x08040040: the image must be one "
     "contiguous run (a gap or an overlap)"),
    ("type", lambda l: joined([":020000060804EC"] + l[1:]),
     "ihex: line 1: unknown record type 0x06 (00 to 05)"),
    ("after-end", lambda l: joined(l + [l[1]]), "ihex: line 64: a record after the end record"),
    ("not-hex", lambda l: joined(l[:3] + [l[3].replace("0", "G", 1)] + l[4:]),
     "ihex: line 4: not an Intel HEX record (':' and pairs of hex digits)"),
    ("ela-length", lambda l: joined([":0100000408F3"] + l[1:]),
     "ihex: line 1: record type 0x04 with 1 data bytes, expected 2"),
    ("no-data", lambda l: joined(l[:1] + l[-1:]), "ihex: no data records"),
    ("short", lambda l: joined(l[:1] + [":0000"] + l[1:]),
     "ihex: line 2: record too short (2 bytes; at least 5)"),
    ("wraps", lambda l: joined(l[:1] + [ihex("04FFFE00" + "00616F74")] + l[2:]),
     "ihex: line 2: data record wraps past a 64 KiB boundary"),
]


@pytest.mark.parametrize("edit,msg", [c[1:] for c in IHEX_CASES], ids=[c[0] for c in IHEX_CASES])
def test_damaged_ihex_is_refused(aotx, data, tmp_path, edit, msg):
    refused(damaged(aotx, data, tmp_path, "ihex", edit), msg)


SREC_CASES = [
    ("checksum", lambda l: joined(l[:1] + [l[1][:-2] + "65"] + l[2:]),
     "srec: line 2: checksum 0x65, expected 0x64 (a damaged record)"),
    ("cut", lambda l: "\n".join(l[:30] + [l[30][:20]]),
     "srec: line 31: byte count 21 does not match the record's 8 bytes"),
    ("no-end", lambda l: joined(l[:-1]),
     "srec: no end record (S7, S8 or S9): the file is truncated"),
    ("gap", lambda l: joined(l[:5] + l[6:]),
     "srec: line 6: data at 0x08040050, expected 0x08040040: the image must be one "
     "contiguous run (a gap or an overlap)"),
    # an S5 record that counts 3 data records, after 59
    ("count", lambda l: joined(l[:-1] + ["S5030003F9", l[-1]]),
     "srec: line 63: record count 3, but 61 data records before it"),
    ("S4", lambda l: joined(l[:1] + ["S4030000FC"] + l[1:]),
     "srec: line 2: unknown record type S4"),
    ("short", lambda l: joined(l[:1] + [srec(3, "04080400")] + l[1:]),
     "srec: line 2: record too short for its 4-byte address"),
    ("no-data", lambda l: joined(l[:1] + l[-1:]), "srec: no data records"),
    ("bare", lambda l: joined(l[:1] + ["S3"] + l[1:]),
     "srec: line 2: record too short for its 4-byte address"),
    ("after-end", lambda l: joined(l + [l[1]]), "srec: line 64: a record after the end record"),
    ("not-srec", lambda l: joined(l[:2] + ["X" + l[2][1:]] + l[3:]),
     "srec: line 3: not an S-record ('S' and a type digit)"),
]


@pytest.mark.parametrize("edit,msg", [c[1:] for c in SREC_CASES], ids=[c[0] for c in SREC_CASES])
def test_damaged_srec_is_refused(aotx, data, tmp_path, edit, msg):
    refused(damaged(aotx, data, tmp_path, "srec", edit), msg)


def test_damaged_elf_is_refused(aotx, data, tmp_path):
    src = data(SRC)
    syms = natives(aotx, src)
    elf = rewrite(aotx, src, tmp_path / "app.elf", "-O", "elf", *syms)
    e = elf.read_bytes()
    cases = [
        (e[:40], "elf: truncated header, or an unknown class or byte order"),
        (e[:60], "elf: program headers at 0x34 (1 of 32 bytes) are not within the file's "
                 "60 bytes"),
        # the image's file offset is 0x60 (its size 964)
        (e[:0x60 + 100], "elf: PT_LOAD segment 0 (964 bytes at offset 0x60) is not within "
                         "the file's 196 bytes"),
        (e[:0x60] + b"\0elf" + e[0x64:], "elf: no PT_LOAD segment holds a WAMR AOT image "
                                         "(bytes 00 61 6f 74)"),
    ]
    for content, msg in cases:
        elf.write_bytes(content)
        assert check(aotx, elf, syms) == (1, "", f"aot-xip: error: {elf}: {msg}\n")


def test_c_header_and_damaged_c_are_refused(aotx, data, tmp_path):
    src = data(SRC)
    syms = natives(aotx, src)
    c = rewrite(aotx, src, tmp_path / "app.c", "-O", "c", *syms)
    h = tmp_path / "app.h"
    assert check(aotx, h, syms) == (
        1, "", f"aot-xip: error: {h}: c: no array 'NAME[SIZE] = {{' (is this the -O c header? "
               "check the .c file)\n")
    text = c.read_text()
    cases = [
        (text.replace("0x61, ", "", 1),
         "c: line 87: the array ends after 963 of its 964 bytes"),
        (text.replace("0x61,", "0xq1,", 1), "c: line 6: expected a byte (0xNN)"),
        (text.replace("\n};", ", 0x00\n};"), "c: line 86: expected '}' after the array's 964 bytes"),
    ]
    for content, msg in cases:
        c.write_text(content)
        assert check(aotx, c, syms) == (1, "", f"aot-xip: error: {c}: {msg}\n")
