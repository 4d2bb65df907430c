"""Build-system glue: scripts/aot-xip.cmake's aot_xip_image() and the Meson
snippet scripts/aot-xip-meson.txt, each in a tiny firmware project (Thumb,
cross-compiled with arm-linux-gnueabihf-gcc) whose linker script INCLUDEs
scripts/xip-region.ld. The image each builds must be the one aot-xip writes by
hand from the same firmware ELF, and relinking the firmware must relocate it
again."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import AOTX_BIN, REPO

FIXTURE = "v6/thumbv7em/imports"   # natives: aot_set_exception_with_id, aot_invoke_native
BASE = "0x08040000"
CC = "arm-linux-gnueabihf-gcc"

FW_LD = """MEMORY
{
    FLASH (rx)  : ORIGIN = 0x08000000, LENGTH = 256K
    RAM   (rwx) : ORIGIN = 0x20000000, LENGTH = 128K
}
INCLUDE xip-region.ld
ENTRY(_start)
SECTIONS
{
    .text : { *(.text .text.*) } > FLASH
    .rodata : { *(.rodata .rodata.*) } > FLASH
    .data : { *(.data .data.*) } > RAM AT > FLASH
    .bss (NOLOAD) : { *(.bss .bss.* COMMON) } > RAM
    /DISCARD/ : { *(.ARM.exidx*) *(.comment) }
}
"""

FW_C = """extern const unsigned char __aot_xip_start[];
PADDING
int aot_set_exception_with_id(int a, int b) { return a + b; }
int aot_invoke_native(int a) { return a * 2; }
const void *xip_image(void) { return __aot_xip_start; }
void _start(void) { for (;;) aot_invoke_native(aot_set_exception_with_id(1, 2)); }
"""

CMAKELISTS = f"""cmake_minimum_required(VERSION 3.13)
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_C_COMPILER {CC})
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
project(fw C)
include({REPO / "scripts" / "aot-xip.cmake"})

add_executable(firmware fw.c)
target_compile_options(firmware PRIVATE -mthumb -march=armv7-a -mfloat-abi=soft -O1
  -ffreestanding -fno-asynchronous-unwind-tables)
target_link_options(firmware PRIVATE -nostdlib -static -Wl,--build-id=none
  -T ${{CMAKE_SOURCE_DIR}}/fw.ld -L{REPO / "scripts"})
set_target_properties(firmware PROPERTIES LINK_DEPENDS ${{CMAKE_SOURCE_DIR}}/fw.ld)

aot_xip_image(TARGET firmware INPUT ${{CMAKE_SOURCE_DIR}}/app.aot BASE {BASE}
  OUTPUT ${{CMAKE_BINARY_DIR}}/app.xip.aot MAP ${{CMAKE_BINARY_DIR}}/app.xip.map)
aot_xip_image(TARGET firmware INPUT ${{CMAKE_SOURCE_DIR}}/app.aot BASE {BASE}
  OUTPUT ${{CMAKE_BINARY_DIR}}/app.hex FORMAT ihex NAME firmware_hex)
"""


def _run(*cmd, cwd=None, env=None):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                       timeout=300, env=env)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))}:\n{p.stdout}\n{p.stderr}"
    return p.stdout


def _nm(nm, elf):
    return {name: int(addr, 16) for addr, _, name in
            (line.split() for line in _run(nm, elf).splitlines() if len(line.split()) == 3)}


@pytest.fixture
def project(tool, data, tmp_path):
    cmake, ninja = tool("cmake"), tool("ninja")
    tool(CC)
    src = tmp_path / "src"
    src.mkdir()
    (src / "CMakeLists.txt").write_text(CMAKELISTS)
    (src / "fw.ld").write_text(FW_LD)
    (src / "fw.c").write_text(FW_C.replace("PADDING", ""))
    shutil.copy(data(FIXTURE), src / "app.aot")
    build = tmp_path / "build"
    _run(cmake, "-S", src, "-B", build, "-G", "Ninja", f"-DCMAKE_MAKE_PROGRAM={ninja}",
         f"-DAOT_XIP_EXECUTABLE={AOTX_BIN}")
    return src, build


def test_cmake_aot_xip_image_relocates_against_the_linked_firmware(aotx, tool, project,
                                                                    tmp_path):
    nm = tool("arm-linux-gnueabihf-nm")
    src, build = project
    _run("cmake", "--build", build)
    fw = build / "firmware"
    syms = _nm(nm, fw)
    # xip-region.ld reserved the region at the default base
    assert (syms["__aot_xip_start"], syms["__aot_xip_end"]) == (0x08040000, 0x08080000)
    # the image is what aot-xip writes by hand from the same ELF, in both formats
    by_hand = tmp_path / "by-hand.aot"
    r = aotx.run(src / "app.aot", "--base", BASE, "--symbols", fw, "-o", by_hand)
    assert (r.returncode, r.stderr) == (0, "")
    assert (build / "app.xip.aot").read_bytes() == by_hand.read_bytes()
    assert (build / "app.xip.map").is_file()
    r = aotx.run(src / "app.aot", "--base", BASE, "--symbols", fw, "-O", "ihex",
                 "-o", tmp_path / "by-hand.hex")
    assert r.returncode == 0
    assert (build / "app.hex").read_bytes() == (tmp_path / "by-hand.hex").read_bytes()
    r = aotx.run("check", build / "app.xip.aot", "--symbols", fw, "--input", src / "app.aot")
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{build / 'app.xip.aot'}: up to date (2 natives match, base 0x08040000)\n", "")

    # the firmware changes: the natives move, the rebuild relocates again
    old = tmp_path / "old.xip.aot"
    shutil.copy(build / "app.xip.aot", old)
    (src / "fw.c").write_text(FW_C.replace(
        "PADDING", "int pad(int x) { return x * x * x + 7 * x - 3; }"))
    _run("cmake", "--build", build)
    moved = _nm(nm, fw)
    assert moved["aot_invoke_native"] != syms["aot_invoke_native"]
    r = aotx.run("check", old, "--symbols", fw)
    assert r.returncode == 1
    assert f"'aot_invoke_native' moved from 0x{syms['aot_invoke_native'] & ~1:08x} to " \
           f"0x{moved['aot_invoke_native'] & ~1:08x}" in r.stderr
    r = aotx.run("check", build / "app.xip.aot", "--symbols", fw)
    assert (r.returncode, r.stderr) == (0, "")
    assert (build / "app.xip.aot").read_bytes() != old.read_bytes()
    # nothing left to do: the image is up to date with the firmware
    assert "no work to do" in _run("cmake", "--build", build)


def test_xip_region_ld_refuses_firmware_reaching_into_the_region(tool, tmp_path):
    cc = tool(CC)
    (tmp_path / "fw.ld").write_text(FW_LD.replace("256K", "1M").replace(
        "*(.text .text.*) }", "*(.text .text.*) . = 0x50000; }"))
    (tmp_path / "fw.c").write_text(FW_C.replace("PADDING", ""))
    p = subprocess.run([cc, "-mthumb", "-march=armv7-a", "-mfloat-abi=soft", "-O1",
                        "-ffreestanding", "-nostdlib", "-static", "-Wl,--build-id=none",
                        "-T", "fw.ld",
                        f"-L{REPO / 'scripts'}", "-o", "fw.elf", "fw.c"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 1
    assert "section .aot_xip_region VMA [08040000,0807ffff] overlaps section .text " \
           "VMA [08000000,0804ffff]" in p.stderr


# The Meson snippet as a user takes it in: the firmware's meson.build defines
# its executable() as `firmware` (the name the snippet expects), then the
# snippet follows, copied as is but for the one edit its header asks for: the
# module's file name. A cross file makes the firmware Thumb code.
MESON_CROSS = f"""[binaries]
c = '{CC}'

[host_machine]
system = 'none'
cpu_family = 'arm'
cpu = 'cortex-m4'
endian = 'little'
"""

MESON_FIRMWARE = f"""project('fw', 'c')

firmware = executable('firmware', 'fw.c',
  c_args: ['-mthumb', '-march=armv7-a', '-mfloat-abi=soft', '-O1', '-ffreestanding',
           '-fno-asynchronous-unwind-tables'],
  link_args: ['-nostdlib', '-static', '-Wl,--build-id=none',
              '-T', meson.current_source_dir() / 'fw.ld', '-L{REPO / "scripts"}'],
  link_depends: 'fw.ld')

"""

MESON_EDITS = [("app.aot", "sensor.aot")]   # (snippet text, what this project has)
MESON_OUTPUTS = ["app.xip.aot", "app.xip.map", "app.xip.json", "app.xip.hex"]


def _meson_snippet():
    text = (REPO / "scripts" / "aot-xip-meson.txt").read_text()
    for old, new in MESON_EDITS:
        assert old in text, f"scripts/aot-xip-meson.txt no longer mentions {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture
def meson_project(tool, data, tmp_path):
    """(src, build, env): the project set up with the built aot-xip first in PATH,
    so the snippet's find_program('aot-xip') finds the program under test."""
    meson, _ = tool("meson"), tool("ninja")
    tool(CC)
    src = tmp_path / "src"
    src.mkdir()
    (src / "meson.build").write_text(MESON_FIRMWARE + _meson_snippet())
    (src / "cross.ini").write_text(MESON_CROSS)
    (src / "fw.ld").write_text(FW_LD)
    (src / "fw.c").write_text(FW_C.replace("PADDING", ""))
    shutil.copy(data(FIXTURE), src / "sensor.aot")
    env = {**os.environ, "PATH": f"{AOTX_BIN.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    build = tmp_path / "build"
    out = _run(meson, "setup", "--cross-file", src / "cross.ini", build, src, env=env)
    assert f"Program aot-xip found: YES ({AOTX_BIN})" in out, out
    return src, build, env


def test_meson_snippet_relocates_against_the_linked_firmware(tool, meson_project, tmp_path):
    nm, ninja = tool("arm-linux-gnueabihf-nm"), tool("ninja")
    src, build, env = meson_project
    _run(ninja, "-C", build, env=env)
    fw = build / "firmware"
    syms = _nm(nm, fw)
    assert (syms["__aot_xip_start"], syms["__aot_xip_end"]) == (0x08040000, 0x08080000)

    # The image, map, report and hex are what aot-xip writes by hand with the
    # snippet's own arguments, from a folder beside the build folder (the map
    # and the report name the input and output as given).
    def by_hand(folder):
        folder.mkdir()
        shutil.copy(fw, folder / "firmware")
        given = json.loads((build / "app.xip.json").read_text())["input"]
        assert (build / given).resolve() == (src / "sensor.aot").resolve()
        common = [AOTX_BIN, given, "--base", BASE, "--symbols", "firmware"]
        _run(*common, "-o", "app.xip.aot", "--map", "app.xip.map", "--report", "app.xip.json",
             cwd=folder)
        _run(*common, "-O", "ihex", "-o", "app.xip.hex", cwd=folder)
        return folder

    hand = by_hand(tmp_path / "hand")
    for name in MESON_OUTPUTS:
        assert (build / name).read_bytes() == (hand / name).read_bytes(), name
    assert (build / "app.xip.hex").read_text().startswith(":02000004080")

    # the check-xip run target: exit 0 while the image matches the firmware
    out = _run(ninja, "-C", build, "check-xip", env=env)
    assert "app.xip.aot: up to date (2 natives match, base 0x08040000)" in out, out

    # the firmware changes: the natives move, the rebuild relocates again
    old = tmp_path / "old.xip.aot"
    shutil.copy(build / "app.xip.aot", old)
    (src / "fw.c").write_text(FW_C.replace(
        "PADDING", "int pad(int x) { return x * x * x + 7 * x - 3; }"))
    out = _run(ninja, "-C", build, env=env)
    assert "Generating app-xip with a custom command" in out, out
    moved = _nm(nm, fw)
    assert moved["aot_invoke_native"] != syms["aot_invoke_native"]
    assert (build / "app.xip.aot").read_bytes() != old.read_bytes()
    p = subprocess.run([str(AOTX_BIN), "check", str(old), "--symbols", str(fw)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1, p.stderr
    assert f"'aot_invoke_native' moved from 0x{syms['aot_invoke_native'] & ~1:08x} to " \
           f"0x{moved['aot_invoke_native'] & ~1:08x}" in p.stderr
    hand = by_hand(tmp_path / "hand-after")
    for name in MESON_OUTPUTS:
        assert (build / name).read_bytes() == (hand / name).read_bytes(), name
    out = _run(ninja, "-C", build, "check-xip", env=env)
    assert "app.xip.aot: up to date (2 natives match, base 0x08040000)" in out, out
    # nothing left to do: the image is up to date with the firmware
    assert "no work to do" in _run(ninja, "-C", build, env=env)
