"""The linker-script fragments with a firmware that links its image in, as the
C array of `aot-xip -O c` (section .aot_xip), for a Thumb core: linked by GNU
ld (through arm-none-eabi-gcc, as most firmware is) and by ld.lld.

scripts/xip-array.ld puts the array at AOT_XIP_BASE, and fails the link with
its ASSERT's message where the base is missing or misaligned, where no array is
at the base, or where the array outgrows AOT_XIP_SIZE; scripts/xip-region.ld,
which only reserves the region for an image flashed on its own, fails the link
of a firmware holding the array instead of letting it land in the firmware's
flash."""
import re
import subprocess

import pytest

from conftest import REPO
from test_buildglue import FW_LD as BUILDGLUE_LD

FIXTURE = "v6/thumbv7em/imports"   # natives: aot_set_exception_with_id, aot_invoke_native
BASE = 0x08040000
CC = "arm-none-eabi-gcc"
CFLAGS = ["-mthumb", "-mcpu=cortex-m4", "-O1", "-ffreestanding", "-Wall", "-Wextra",
          "-Werror", "-fno-asynchronous-unwind-tables"]
LINKERS = ["gnu-ld", "ld.lld"]

# The firmware finds the image through the fragment's symbols only, so its code
# is the same whether the array is linked in or not: the natives stay put.
FW_C = """extern const unsigned char __aot_xip_start[], __aot_xip_end[];
int aot_set_exception_with_id(int a, int b) { return a + b; }
int aot_invoke_native(int a) { return a * 2; }
unsigned xip_image_size(void) { return (unsigned)(__aot_xip_end - __aot_xip_start); }
void _start(void) { for (;;) aot_invoke_native(aot_set_exception_with_id(1, 2)); }
"""

# test_buildglue's firmware script, with the base set and xip-array.ld
FW_LD = "AOT_XIP_BASE = 0x08040000;\n" + BUILDGLUE_LD.replace("INCLUDE xip-region.ld",
                                                            "INCLUDE xip-array.ld")

MSG_NO_BASE = ("xip-array.ld: AOT_XIP_BASE is not set: define it as the image's --base "
               "before INCLUDE xip-array.ld, or with --defsym=AOT_XIP_BASE=ADDR ahead of -T")
MSG_BASE_16 = ("xip-array.ld: AOT_XIP_BASE is not a multiple of 16, the alignment of the "
               "aot-xip array: relocate the image for a base aligned as the flash erase page")
MSG_NO_ARRAY = ("xip-array.ld: no aot-xip array at AOT_XIP_BASE: link in the -O c output, "
                "and INCLUDE xip-array.ld before any rule that takes section .aot_xip "
                "(a link without the array: define AOT_XIP_NO_ARRAY)")
MSG_OVERFLOW = ("xip-array.ld: the aot-xip array is larger than AOT_XIP_SIZE: raise "
                "AOT_XIP_SIZE if the flash has room, or make the module smaller "
                "(aot-xip --region-size says by how much)")
MSG_REGION = ("xip-region.ld: an aot-xip array (section .aot_xip) is linked in, but this "
              "file only reserves the region for an image flashed on its own: INCLUDE "
              "xip-array.ld instead, to place the array at the base")


def _run(*cmd, cwd=None):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                       timeout=120)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))}:\n{p.stdout}\n{p.stderr}"
    return p.stdout


class Firmware:
    """A folder holding fw.c and linker scripts; link() builds an ELF from
    sources there with one of the two linkers."""

    def __init__(self, tool, folder, linker):
        self.cc = tool(CC)
        self.lld = tool("ld.lld") if linker == "ld.lld" else None
        self.folder, self.linker = folder, linker
        (folder / "fw.c").write_text(FW_C)
        (folder / "fw.ld").write_text(FW_LD)

    def link(self, out, sources=("fw.c",), script="fw.ld", defsym=()):
        """The link's CompletedProcess; every --defsym comes before -T, as
        gcc's driver puts them."""
        common = ["-T", script, f"-L{REPO / 'scripts'}", "-o", out]
        if self.lld is None:
            cmd = [self.cc, *CFLAGS, "-nostdlib", "-static", "-Wl,--build-id=none",
                   *[f"-Wl,--defsym={d}" for d in defsym], *common, *sources]
        else:
            objs = []
            for src in sources:
                obj = src.replace(".c", ".o")
                _run(self.cc, *CFLAGS, "-c", src, "-o", obj, cwd=self.folder)
                objs.append(obj)
            cmd = [self.lld, "--build-id=none", *[f"--defsym={d}" for d in defsym],
                   *common, *objs]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=self.folder,
                              timeout=120)


def _symbols(tool, elf):
    out = _run(tool("arm-none-eabi-nm"), elf)
    return {name: int(addr, 16) for addr, _, name in
            (line.split() for line in out.splitlines() if len(line.split()) == 3)}


def _messages(stderr):
    """What the linker said, one entry per distinct line: GNU ld's 'PATH/ld: MSG',
    ld.lld's 'ld.lld: error: MSG' (ld.lld 14 says an ASSERT's message twice),
    without gcc's closing 'collect2: error: ld returned 1 exit status'."""
    said = set()
    for line in stderr.splitlines():
        if not line.startswith("collect2: "):
            m = re.fullmatch(r"(?:\S*/)?ld(?:\.lld: error)?: (.*)", line)
            said.add(m.group(1) if m else line)
    return sorted(said)


def _array(aotx, data, fw, elf):
    """`aot-xip -O c` against ELF's natives, into fw's folder: app_xip.c and .h."""
    r = aotx.run(data(FIXTURE), "--base", hex(BASE), "--symbols", fw.folder / elf,
                 "-O", "c", "-o", fw.folder / "app_xip.c")
    assert (r.returncode, r.stderr) == (0, "")
    header = (fw.folder / "app_xip.h").read_text()
    return int(re.search(r"#define APP_XIP_SIZE (\d+)u", header).group(1))


@pytest.mark.parametrize("linker", LINKERS)
def test_xip_array_ld_puts_the_array_at_the_base(aotx, data, tool, tmp_path, linker):
    fw = Firmware(tool, tmp_path, linker)
    # first link: no array yet, for aot-xip to read the natives from
    p = fw.link("pass1.elf", defsym=["AOT_XIP_NO_ARRAY=1"])
    assert (p.returncode, p.stderr) == (0, "")
    size = _array(aotx, data, fw, "pass1.elf")
    p = fw.link("fw.elf", sources=("fw.c", "app_xip.c"))
    assert (p.returncode, p.stderr) == (0, "")

    first, syms = _symbols(tool, tmp_path / "pass1.elf"), _symbols(tool, tmp_path / "fw.elf")
    assert (syms["app_xip"], syms["__aot_xip_start"]) == (BASE, BASE)
    assert syms["__aot_xip_end"] - syms["__aot_xip_start"] == syms["__aot_xip_size"] == size
    assert first["__aot_xip_start"] == BASE and first["__aot_xip_size"] == 0
    for native in ("aot_set_exception_with_id", "aot_invoke_native", "xip_image_size"):
        assert syms[native] == first[native], native
    # the firmware's flash holds the image aot-xip writes, and it matches the
    # firmware it is linked into
    objcopy = tool("arm-none-eabi-objcopy")
    _run(objcopy, "-O", "binary", "-j", ".aot_xip", tmp_path / "fw.elf", tmp_path / "img.aot")
    r = aotx.run(data(FIXTURE), "--base", hex(BASE), "--symbols", tmp_path / "pass1.elf",
                 "-o", tmp_path / "by-hand.aot")
    assert r.returncode == 0
    assert (tmp_path / "img.aot").read_bytes() == (tmp_path / "by-hand.aot").read_bytes()
    r = aotx.run("check", tmp_path / "img.aot", "--symbols", tmp_path / "fw.elf",
                 "--input", data(FIXTURE))
    assert (r.returncode, r.stdout, r.stderr) == (
        0, f"{tmp_path / 'img.aot'}: up to date (2 natives match, base 0x08040000)\n", "")


def test_xip_array_ld_keeps_the_size_it_is_given(aotx, data, tool, tmp_path):
    fw = Firmware(tool, tmp_path, "gnu-ld")
    assert fw.link("pass1.elf", defsym=["AOT_XIP_NO_ARRAY=1"]).returncode == 0
    size = _array(aotx, data, fw, "pass1.elf")
    p = fw.link("fw.elf", sources=("fw.c", "app_xip.c"), defsym=[f"AOT_XIP_SIZE={size}"])
    assert (p.returncode, p.stderr) == (0, "")


# (script edit: (old, new) in FW_LD, or a whole script; the array linked in?;
#  --defsym; the message)
REFUSALS = {
    # the firmware's script takes .aot_xip before xip-array.ld does: it is
    # INCLUDEd after SECTIONS, and .rodata takes the array into FLASH
    "placed-elsewhere": ([("INCLUDE xip-array.ld\n", ""),
                          ("*(.rodata .rodata.*)", "*(.rodata .rodata.*) *(.aot_xip)"),
                          ("(.comment) }\n}\n", "(.comment) }\n}\nINCLUDE xip-array.ld\n")],
                         True, [], MSG_NO_ARRAY),
    "no-array": ([], False, [], MSG_NO_ARRAY),
    "no-base": ([("AOT_XIP_BASE = 0x08040000;\n", "")], True, [], MSG_NO_BASE),
    "base-not-16": ([("0x08040000;", "0x08040008;")], True, [], MSG_BASE_16),
    "overflow": ([], True, ["AOT_XIP_SIZE=0x100"], MSG_OVERFLOW),
    # the firmware: the array with the fragment that only reserves the
    # region (it used to land in FLASH, after .rodata, without a word)
    "xip-region-ld": ([("AOT_XIP_BASE = 0x08040000;\n", ""),
                       ("INCLUDE xip-array.ld", "INCLUDE xip-region.ld")],
                      True, [], MSG_REGION),
}


@pytest.mark.parametrize("linker", LINKERS)
@pytest.mark.parametrize("case", list(REFUSALS))
def test_fragment_fails_the_link(aotx, data, tool, tmp_path, linker, case):
    edits, with_array, defsym, message = REFUSALS[case]
    fw = Firmware(tool, tmp_path, linker)
    assert fw.link("pass1.elf", defsym=["AOT_XIP_NO_ARRAY=1"]).returncode == 0
    _array(aotx, data, fw, "pass1.elf")
    script = FW_LD
    for old, new in edits:
        assert old in script
        script = script.replace(old, new)
    (tmp_path / "case.ld").write_text(script)
    sources = ("fw.c", "app_xip.c") if with_array else ("fw.c",)
    p = fw.link("fw.elf", sources=sources, script="case.ld", defsym=defsym)
    assert (p.returncode, _messages(p.stderr)) == (1, [message]), p.stderr
    assert not (tmp_path / "fw.elf").exists()
