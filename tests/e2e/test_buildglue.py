"""Build-system glue: scripts/aot-xip.cmake's aot_xip_image() in a tiny CMake
firmware project (Thumb, cross-compiled with arm-linux-gnueabihf-gcc) whose
linker script INCLUDEs scripts/xip-region.ld. The image it builds must be the
one aot-xip writes by hand from the same firmware ELF, and relinking the
firmware must relocate it again."""
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


def _run(*cmd, cwd=None):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                       timeout=300)
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
