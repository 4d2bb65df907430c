"""Output formats (-O) and --load-address, checked against binutils' reading of
them: objcopy gives back the image bytes, objdump -h the addresses, and the C
output compiles with gcc and holds the same bytes."""
import re
import struct
import subprocess

import pytest

BASE = 0x08040000

# (fixture, objcopy's name for the ELF, ELF class, data, e_machine)
TARGETS = [
    ("v6/thumbv7em/imports", "elf32-little", 1, 1, 40),
    ("v6/mips/arith", "elf32-big", 1, 2, 8),
    ("v6/x86_64/arith", "elf64-little", 2, 1, 62),
    ("v6/aarch64/arith", "elf64-little", 2, 1, 183),
]


def natives(aotx, src):
    """--defsym for every native the module references, at distinct addresses
    below the base (within every target's call reach)."""
    names = [s["name"] for s in aotx.inspect(src)["symbols"] if s["class"] == "native"]
    args = []
    for i, n in enumerate(names):
        args += ["--defsym", f"{n}={0x08000100 + 0x100 * i:#x}"]
    return args


def rewrite(aotx, src, out, *extra):
    r = aotx.run(src, "--base", hex(BASE), *natives(aotx, src), "-o", out, *extra)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    return out


def run(*cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"{cmd}: {p.stderr}"
    return p.stdout


def objdump_sections(objdump, path):
    """[(name, size, vma, lma)] from objdump -h."""
    rows = re.findall(r"^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s",
                      run(objdump, "-h", path), re.M)
    return [(n, int(s, 16), int(v, 16), int(l, 16)) for n, s, v, l in rows]


def to_binary(objcopy, bfd, path, tmp):
    out = tmp / (path.name + ".bin")
    run(objcopy, "-I", bfd, "-O", "binary", path, out)
    return out.read_bytes()


@pytest.mark.parametrize("target", TARGETS, ids=[t[0].split("/")[1] for t in TARGETS])
def test_formats_give_back_the_image(aotx, data, tool, tmp_path, target):
    ident, bfd, cls, order, machine = target
    objcopy, objdump = tool("objcopy"), tool("objdump")
    src = data(ident)
    image = rewrite(aotx, src, tmp_path / "app.aot").read_bytes()
    assert rewrite(aotx, src, tmp_path / "app.bin", "-O", "binary").read_bytes() == image
    # the default format is aot, spelled or not
    assert rewrite(aotx, src, tmp_path / "app2.aot", "-O", "aot").read_bytes() == image

    hexf = rewrite(aotx, src, tmp_path / "app.hex", "-O", "ihex")
    srec = rewrite(aotx, src, tmp_path / "app.srec", "-O", "srec")
    elf = rewrite(aotx, src, tmp_path / "app.elf", "-O", "elf")
    assert to_binary(objcopy, "ihex", hexf, tmp_path) == image
    assert to_binary(objcopy, "srec", srec, tmp_path) == image
    assert to_binary(objcopy, bfd, elf, tmp_path) == image
    assert objdump_sections(objdump, hexf) == [(".sec1", len(image), BASE, BASE)]
    assert objdump_sections(objdump, srec) == [(".sec1", len(image), BASE, BASE)]
    assert objdump_sections(objdump, elf) == [(".aot_xip", len(image), BASE, BASE)]

    lines = hexf.read_text().splitlines()
    # 0x0804 upper address: 02+00+00+04+08+04 = 0x12, checksum 0x100-0x12
    assert lines[0] == ":020000040804EE" and lines[-1] == ":00000001FF"
    assert len(lines) == 2 + (len(image) + 15) // 16
    s = srec.read_text().splitlines()
    # S0 "aot-xip"; S7 with no start address: ~(05) = 0xFA
    assert s[0] == "S00A0000616F742D78697033" and s[-1] == "S70500000000FA"
    assert s[1].startswith("S315" + f"{BASE:08X}") and len(s) == 2 + (len(image) + 15) // 16

    e = elf.read_bytes()
    assert e[:4] == b"\x7fELF" and (e[4], e[5]) == (cls, order)
    end = ">" if order == 2 else "<"
    assert struct.unpack(end + "HH", e[16:20]) == (2, machine)  # ET_EXEC, the target's machine


def test_load_address_is_carried_by_every_format(aotx, data, tool, tmp_path):
    """Written at 0x0800ff00 (crossing a 64 KiB boundary), executed at the base."""
    objcopy, objdump = tool("objcopy"), tool("objdump")
    src = data("v6/thumbv7em/imports")
    image = rewrite(aotx, src, tmp_path / "app.aot").read_bytes()
    load = ["--load-address", "0x0800ff00"]
    # the code is relocated for --base whatever the load address (which -O
    # aot does not carry: a warning says so)
    r = aotx.run(src, "--base", hex(BASE), *natives(aotx, src), "-o", tmp_path / "l.aot", *load)
    assert (r.returncode, r.stderr) == (0, "aot-xip: warning: --load-address is ignored: -O aot "
                                           "carries no address (ihex, srec, elf and c do)\n")
    assert (tmp_path / "l.aot").read_bytes() == image
    hexf = rewrite(aotx, src, tmp_path / "app.hex", "-O", "ihex", *load)
    srec = rewrite(aotx, src, tmp_path / "app.srec", "-O", "srec", *load)
    elf = rewrite(aotx, src, tmp_path / "app.elf", "-O", "elf", *load)
    for path, bfd in ((hexf, "ihex"), (srec, "srec"), (elf, "elf32-little")):
        assert to_binary(objcopy, bfd, path, tmp_path) == image
    # objcopy starts a new section at each extended address record: contiguous
    assert objdump_sections(objdump, hexf) == [(".sec1", 0x100, 0x0800ff00, 0x0800ff00),
                                               (".sec2", len(image) - 0x100, 0x08010000,
                                                0x08010000)]
    assert objdump_sections(objdump, srec) == [(".sec1", len(image), 0x0800ff00, 0x0800ff00)]
    assert objdump_sections(objdump, elf) == [(".aot_xip", len(image), BASE, 0x0800ff00)]
    lines = hexf.read_text().splitlines()
    ela = [l for l in lines if l[7:9] == "04"]
    # 0x0800, then 0x0801 after 0x100 bytes (16 records)
    assert ela == [":020000040800F2", ":020000040801F1"]
    assert lines.index(":020000040801F1") == 17


def test_c_output_compiles_and_holds_the_image(aotx, data, tool, tmp_path):
    gcc, objcopy = tool("gcc"), tool("objcopy")
    src = data("v6/thumbv7em/imports")
    image = rewrite(aotx, src, tmp_path / "app.aot").read_bytes()
    rewrite(aotx, src, tmp_path / "app_xip.c", "-O", "c", "--load-address", "0x00040000")
    header = (tmp_path / "app_xip.h").read_text()
    assert "#define APP_XIP_BASE 0x08040000u" in header
    assert "#define APP_XIP_LOAD_ADDRESS 0x00040000u" in header
    assert f"#define APP_XIP_SIZE {len(image)}u\n" in header
    assert f"extern const uint8_t app_xip[{len(image)}];" in header
    assert '__attribute__((section(".aot_xip"), aligned(16), used))' in \
        (tmp_path / "app_xip.c").read_text()
    # the object file's section holds the bytes
    obj = tmp_path / "app_xip.o"
    run(gcc, "-std=c11", "-Wall", "-Werror", "-c", tmp_path / "app_xip.c", "-o", obj)
    run(objcopy, "-O", "binary", "--only-section=.aot_xip", obj, tmp_path / "sec.bin")
    assert (tmp_path / "sec.bin").read_bytes() == image
    # and a program using the header sees the same bytes and numbers
    main = tmp_path / "main.c"
    main.write_text('#include <stdio.h>\n#include "app_xip.h"\n'
                    'int main(void) {\n'
                    '  printf("%#x %#x %u %s\\n", APP_XIP_BASE, APP_XIP_LOAD_ADDRESS,\n'
                    '         APP_XIP_SIZE, APP_XIP_SECTION);\n'
                    '  for (unsigned i = 0; i < sizeof app_xip; i++) printf("%02x", app_xip[i]);\n'
                    '  return 0;\n}\n')
    exe = tmp_path / "main"
    run(gcc, "-std=c11", "-Wall", "-Werror", "-I", tmp_path, main, tmp_path / "app_xip.c",
        "-o", exe)
    out = run(exe).split("\n")
    assert out[0] == f"0x8040000 0x40000 {len(image)} .aot_xip"
    assert bytes.fromhex(out[1]) == image


def test_c_section_name_and_array_name(aotx, data, tmp_path):
    src = data("v6/thumbv7em/imports")
    rewrite(aotx, src, tmp_path / "1-app.image", "-O", "c", "--section", ".flash.wasm")
    h = (tmp_path / "1-app.image.h").read_text()
    assert "extern const uint8_t _1_app_image[" in h
    assert '#define _1_APP_IMAGE_SECTION ".flash.wasm"' in h
    assert '__attribute__((section(".flash.wasm")' in (tmp_path / "1-app.image").read_text()


def test_format_errors(aotx, data, tmp_path):
    src = data("v6/thumbv7em/imports")
    args = [src, "--base", hex(BASE), *natives(aotx, src)]
    r = aotx.run(*args, "-O", "hex", "-o", tmp_path / "x")
    assert (r.returncode, r.stderr) == (
        2, "aot-xip: -O 'hex': expected aot, binary, ihex, srec, elf or c\n"
           "(try 'aot-xip --help')\n")
    r = aotx.run(*args, "--load-address", "0x1ffffff00", "-O", "ihex", "-o", tmp_path / "x")
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {tmp_path / 'x'}: ihex: image at 0x1ffffff00..0x2000002c4 "
           f"does not fit 32-bit addresses\n")
    r = aotx.run(*args, "--load-address", "0xfffffff0", "-O", "elf", "-o", tmp_path / "x")
    assert (r.returncode, r.stderr) == (
        1, f"aot-xip: error: {tmp_path / 'x'}: elf: image at 0x8040000 (load 0xfffffff0) "
           f"does not fit a 32-bit ELF\n")
    r = aotx.run(*args, "--load-address", "-1", "-o", tmp_path / "x")
    assert r.returncode == 2 and r.stderr.startswith("aot-xip: --load-address '-1': expected")
    assert not (tmp_path / "x").exists()
