"""Natives-table mode (--natives-table) and `aot-xip natives-table`: one
image runs on two firmwares that put its natives at different addresses.

The firmware is the e2e loader (test_exec.py), built twice with the table
that `aot-xip natives-table` writes pinned at TABLE by its --ld fragment:
once as it is, once with a padding function linked first, which moves
every native. Each firmware's table is read back from its ELF file: its
header, and in every entry the address nm gives for that slot's native.
One table-mode image of each test program, written without any symbol
map, calls each native at its entry and must give the host's results on
both firmwares, under QEMU.

Also the refusals, each with its exact message, its exit code and no
output written."""
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import find_tool, need_elftools, run_tool
from test_exec import ELF2AOT, PROGRAM_CFLAGS, PROGRAMS, TARGETS, _run

# where each arch's loader gets its table: above its text, below the images
TABLE = {"thumbv7em": 0x00900000, "thumbv6m": 0x00900000, "thumbv8m": 0x00900000,
         "arm": 0x00900000, "aarch64": 0x03000000, "x86_64": 0x0f000000,
         "i386": 0x0f000000, "riscv64": 0x03000000, "riscv32": 0x03000000,
         "mips": 0x03000000, "mipsel": 0x03000000}
FAMILY = {"thumbv7em": "thumb", "thumbv6m": "thumb", "thumbv8m": "thumb", "arm": "arm",
          "aarch64": "aarch64", "x86_64": "x86_64", "i386": "i386", "riscv64": "riscv64",
          "riscv32": "riscv32", "mips": "mips", "mipsel": "mips"}
# family: (ABI id, entry size, where the entry's pointer is), docs/natives-abi.md
ENTRY = {"thumb": (0x00010001, 16, 12), "arm": (0x00020001, 8, 4),
         "x86_64": (0x00030001, 16, 8), "i386": (0x00040001, 16, 8),
         "aarch64": (0x00050001, 16, 8), "riscv32": (0x00060001, 16, 8),
         "riscv64": (0x00070001, 16, 8), "mips": (0x00080001, 24, 16)}

PAD = """int aotx_pad(int x);
int aotx_pad(int x)
{
    volatile int a[256];
    for (int i = 0; i < 256; i++)
        a[i] = x * i;
    return a[x & 255];
}
"""

# A program of the natives a firmware gives through the table: memset,
# memcpy and memmove (calls.c's memops; calls.c's host_callback is no
# native of the ABI, which holds only what the stock runtime can be asked
# for), with a call between its own functions.
MEM = """#include <stddef.h>
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

static int __attribute__((noinline)) sum3(const unsigned char *p, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum = sum * 3 + p[i];
    return sum;
}

int memops(int a, int b)
{
    unsigned char src[64], dst[64];
    int n = b & 63;
    memset(src, a & 0xff, n);
    for (int i = 0; i < n; i++)
        src[i] = (unsigned char)(src[i] + i);
    memcpy(dst, src, n);
    memmove(dst + 1, dst, n > 0 ? n - 1 : 0);
    return sum3(dst, n);
}
"""

# (program, function, inputs): memcpy/memset/memmove, then the 64-bit
# division and soft-float helpers of arith.c
CASES = [("mem", "memops", [(17, 40), (255, 63), (1, 0)]),
         ("arith", "div64", [(12345, 77), (-99999, 3)]),
         ("arith", "fconst", [(3, 11), (0, -50)])]


def mem_program(work, arch):
    """mem.c for arch as .aot, and the host's results of memops."""
    def make():
        t = TARGETS[arch]
        need_elftools()
        src, obj, aot = (work.root / f"mem.{arch}{s}" for s in (".c", ".o", ".aot"))
        src.write_text(MEM)
        _run([find_tool(t.cc), *PROGRAM_CFLAGS, *t.cflags, "-c", "-o", obj, src], "cc")
        _run([sys.executable, ELF2AOT, obj, "-o", aot, "--arch", t.arch], "elf2aot")
        return aot
    return work.once(("table-mem", arch), make)


def expected(work, prog, func, a, b):
    if prog != "mem":
        return work.expected(prog, func, a, b)

    def make():
        src, exe = work.root / "mem-host.c", work.root / "mem-host"
        src.write_text(MEM)
        _run([find_tool("gcc"), "-O2", "-fno-builtin", f"-DENTRY={func}", "-o", exe, src,
              PROGRAMS / "host_main.c"], "host build")
        return exe
    return _run([work.once(("table-mem-host", func), make), a, b], f"host {func}")


def nm_values(exe):
    """name -> value of every symbol exe defines (Thumb functions with bit 0)."""
    out = {}
    for line in _run([find_tool("nm"), exe], "nm").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[2]] = int(parts[0], 16)
    return out


def table_names(work, arch):
    """The slot order, as the written table names its natives."""
    text = (work.root / f"table-{arch}" / "xip_natives.c").read_text()
    return re.findall(r'"  \.weak (\S+)\\n"', text)


def check_table(work, arch, exe):
    """The table in exe: at TABLE, its ABI id and count, and entry k holding
    the address of native k (0 where exe does not define it), as nm says."""
    from elftools.elf.elffile import ELFFile
    abi, size, ptr = ENTRY[FAMILY[arch]]
    names, values = table_names(work, arch), nm_values(exe)
    with open(exe, "rb") as f:
        elf = ELFFile(f)
        sec = elf.get_section_by_name(".aot_xip_natives")
        data, end = sec.data(), "little" if elf.little_endian else "big"
        word = 8 if elf.elfclass == 64 else 4
        assert sec["sh_addr"] == TABLE[arch]
        assert sec["sh_flags"] & 4, "the table is not executable"  # SHF_EXECINSTR
    assert (int.from_bytes(data[0:4], end), int.from_bytes(data[4:8], end)) == (abi, len(names))
    assert len(data) == 8 + len(names) * size
    for k, name in enumerate(names):
        at = 8 + k * size + ptr
        assert int.from_bytes(data[at:at + word], end) == values.get(name, 0), (k, name)
    return names


def firmwares(work, arch):
    """The two loaders of arch, with the natives table at TABLE[arch]."""
    def make():
        t = TARGETS[arch]
        d = work.root / f"table-{arch}"
        d.mkdir()
        table, ld, pad = d / "xip_natives.c", d / "xip_natives.ld", d / "pad.c"
        r = run_tool("natives-table", "--target", FAMILY[arch], "-o", table, "--ld", ld,
                     "--address", hex(TABLE[arch]))
        assert r.returncode == 0, r.stderr
        # the loader links with the default script: the fragment goes in with
        # -T, INSERT keeping the default (as the fragment's comment says)
        ld.write_text(ld.read_text().replace("\n}\n", "\n}\nINSERT AFTER .text;\n"))
        pad.write_text(PAD)
        out = []
        for name, first in (("fw1", []), ("fw2", [pad])):
            exe = d / name
            _run([find_tool(t.cc), *t.loader_flags, "-o", exe, *first, t.loader, table,
                  f"-Wl,-T,{ld}"], f"building the {arch} loader with the natives table")
            out.append(exe)
        return out
    return work.once(("table-firmwares", arch), make)

def table_image(arch, aot, tmp_path, name):
    """aot in table mode for arch, without a symbol map: the image and its
    report, each native at its entry (no veneer: the table is in reach)."""
    t = TARGETS[arch]
    abi, size, _ = ENTRY[FAMILY[arch]]
    img, rep = tmp_path / f"{name}.xip", tmp_path / f"{name}.json"
    r = run_tool(aot, "--base", hex(t.base), "--natives-table", hex(TABLE[arch]), "-o", img,
                 "--report", rep)
    assert r.returncode == 0, r.stderr
    report = json.loads(rep.read_text())
    assert (report["natives_table"], report["natives_abi"], report["veneers"]) == \
        (TABLE[arch], abi, [])
    return img, report


def check_natives(work, arch, report):
    """Each native of the report at the entry of its slot, the slot found by
    name in the written table."""
    names = table_names(work, arch)
    _, size, _ = ENTRY[FAMILY[arch]]
    thumb = FAMILY[arch] == "thumb"
    natives = [s for s in report["symbols"] if s["class"] == "native"]
    for s in natives:
        k = names.index(s["name"])
        assert (s["natives_slot"], s["origin"], s["value"]) == \
            (k, "natives table", TABLE[arch] + 8 + k * size + thumb), s
    return len(natives)


@pytest.mark.parametrize("arch", ["thumbv7em", "thumbv6m", "thumbv8m", "arm", "aarch64",
                                  "x86_64", "i386", "riscv64", "riscv32", "mips", "mipsel"])
def test_one_image_runs_on_two_firmwares(work, arch, tmp_path):
    t = TARGETS[arch]
    find_tool(t.cc)
    if t.qemu:
        find_tool(t.qemu)
    fw1, fw2 = firmwares(work, arch)
    # the natives really moved, and each table holds its firmware's
    values = [nm_values(fw) for fw in (fw1, fw2)]
    for name in ("memcpy", "memset"):
        assert values[0][name] != values[1][name]
    for fw in (fw1, fw2):
        check_table(work, arch, fw)
    # GCC's i386 code for arith.c calls __divmoddi4, which LLVM (wamrc) never
    # calls and the i386 ABI has no slot for: refused, rightly
    for prog in ("mem",) if arch == "i386" else ("mem", "arith"):
        aot = mem_program(work, arch) if prog == "mem" else work.aot(arch, prog)[1]
        img, report = table_image(arch, aot, tmp_path, prog)
        # memset, memcpy, memmove; arith calls helpers on 32-bit targets only
        assert check_natives(work, arch, report) >= (3 if prog == "mem" else 0)
        # the stamp records no native's address: check finds the image up to
        # date on both firmwares
        for fw in (fw1, fw2):
            c = run_tool("check", img, "--symbols", fw)
            assert (c.returncode, c.stdout) == (0, f"{img}: up to date (0 natives match, "
                                                f"natives table at 0x{TABLE[arch]:08x}, "
                                                f"base 0x{t.base:08x})\n"), c.stderr
        for p, func, inputs in CASES:
            if p != prog:
                continue
            addr = report["exports"][func]
            for a, b in inputs:
                want = expected(work, prog, func, a, b)
                for fw in (fw1, fw2):
                    cmd = ([find_tool(t.qemu)] if t.qemu else []) + [
                        fw, img, hex(t.base), hex(addr), a, b]
                    got = _run(cmd, f"{func}({a}, {b}) on {fw.name}")
                    assert got == want, f"{arch} {func}({a}, {b}) on {fw.name}"


def test_the_table_is_checked_against_the_firmware(work, tmp_path):
    """With a symbol map, the rewrite and `check` look for the firmware's
    table (its symbol aot_xip_natives) where the image calls it: there, the
    image is up to date; elsewhere, the rewrite refuses and check says it
    moved; a firmware without a table gets a warning, and check calls the
    image stale."""
    arch = "thumbv7em"
    t, table = TARGETS[arch], TABLE[arch]
    fw1, _ = firmwares(work, arch)
    plain = work.loader(arch)
    aot = mem_program(work, arch)
    img = tmp_path / "mem.xip"
    moved = tmp_path / "moved.nm"
    moved.write_text(f"{table + 0x100:08x} T aot_xip_natives\n")
    base = ["--base", hex(t.base), "-o", img]
    err = refused([aot, *base, "--natives-table", hex(table + 0x100), "--symbols", fw1], 1,
                  tmp_path)
    assert err == (f"aot-xip: error: {aot}: --natives-table 0x{table + 0x100:x}: {fw1} puts "
                   f"the firmware's natives table ('aot_xip_natives') at 0x{table:x}\n")
    r = run_tool(aot, *base, "--natives-table", hex(table), "--symbols", plain)
    assert (r.returncode, r.stderr) == (0, "aot-xip: warning: --natives-table: the symbol maps "
                                        "have no 'aot_xip_natives': is the natives table "
                                        "linked into this firmware?\n")
    c = run_tool("check", img, "--symbols", plain)
    assert (c.returncode, c.stdout, c.stderr) == (
        1, "", f"aot-xip: {img} is stale: the symbol maps have no natives table "
        f"('aot_xip_natives'), which the image calls its natives through at 0x{table:08x}\n")
    c = run_tool("check", img, "--symbols", moved)
    assert (c.returncode, c.stdout, c.stderr) == (
        1, "", f"aot-xip: {img} is stale: the natives table ('aot_xip_natives') moved from "
        f"0x{table:08x} to 0x{table + 0x100:08x}\n")


def refused(args, code, tmp_path):
    before = sorted(os.listdir(tmp_path))
    r = run_tool(*args)
    assert (r.returncode, r.stdout) == (code, ""), r.stderr
    assert sorted(os.listdir(tmp_path)) == before
    return r.stderr


def test_a_native_the_abi_lacks_is_refused(tmp_path):
    cc = find_tool("arm-linux-gnueabihf-gcc")
    need_elftools()
    src, obj, aot = (tmp_path / n for n in ("odd.c", "odd.o", "odd.aot"))
    src.write_text("int odd_native(int a);\nint my_fmin(int a);\n"
                   "int f(int a, int b) { return odd_native(a) + my_fmin(b); }\n")
    _run([cc, *PROGRAM_CFLAGS, *TARGETS["thumbv7em"].cflags, "-c", "-o", obj, src], "cc")
    _run([sys.executable, ELF2AOT, obj, "-o", aot, "--arch", "thumbv7em"],
         "elf2aot")
    err = refused([aot, "--base", "0x08040000", "--natives-table", "0x08001000", "-o",
                   tmp_path / "out.aot", "--map", tmp_path / "out.map"], 1, tmp_path)
    assert err == (f"aot-xip: error: {aot}: natives-table ABI thumb version 1 has no slot for "
                   "2 natives this module calls: 'odd_native', 'my_fmin'; build the image in "
                   "direct mode (without --natives-table), or with an aot-xip whose table "
                   "has them\n")


@pytest.mark.parametrize("fixture, table, message", [
    ("v6/thumbv7em/float", "0x08001004", "--natives-table 0x8001004: the table (a header and "
     "242 entries of 16 bytes) must start at a multiple of 8 and fit in the 32-bit address "
     "space of thumb code"),
    ("v6/riscv64/float", "0xfffffffffffff800", "--natives-table 0xfffffffffffff800: the table "
     "(a header and 190 entries of 16 bytes) must start at a multiple of 8 and fit in the "
     "64-bit address space of riscv64 code"),
])
def test_table_mode_refusals(tmp_path, data, fixture, table, message):
    src = data(fixture)
    err = refused([src, "--base", "0x40000000", "--natives-table", table, "-o",
                   tmp_path / "out.aot"], 1, tmp_path)
    assert err == f"aot-xip: error: {src}: {message}\n"


@pytest.mark.parametrize("args, message", [
    (["--target", "sparc"], "natives-table: --target 'sparc': expected one of thumb, arm, "
     "x86_64, i386, aarch64, riscv32, riscv64, mips, xtensa, arc"),
    ([], "natives-table: no target family (--target: one of thumb, arm, x86_64, i386, "
     "aarch64, riscv32, riscv64, mips, xtensa, arc)"),
    (["--target", "thumb", "--abi-version", "2"],
     "natives-table: --abi-version 2: family thumb has versions 1 to 1"),
    (["--target", "thumb", "--abi-version", "0"],
     "natives-table: --abi-version 0: family thumb has versions 1 to 1"),
    (["--target", "thumb", "extra.c"],
     "natives-table: unexpected operand 'extra.c': the command reads no file"),
    (["--target", "thumb", "--ld", "t.ld"],
     "natives-table: --ld FILE and --address ADDR go together, ADDR a multiple of 8: the "
     "fragment pins the table there"),
    (["--target", "xtensa"],
     "natives-table: --target xtensa: aot-xip has no natives-table entry code for xtensa yet"),
])
def test_natives_table_command_refusals(tmp_path, args, message):
    """Each refusal of the command: exit 2, its message, nothing written."""
    err = refused(["natives-table", *args, "-o", tmp_path / "t.c"], 2, tmp_path)
    assert err == f"aot-xip: {message}\n(try 'aot-xip --help')\n"


def test_natives_table_command_needs_an_output(tmp_path):
    err = refused(["natives-table", "--target", "arm"], 2, tmp_path)
    assert err == "aot-xip: natives-table: no output (-o FILE.c)\n(try 'aot-xip --help')\n"


def test_natives_table_command_writes_the_table(tmp_path):
    c, ld = tmp_path / "t.c", tmp_path / "t.ld"
    r = run_tool("natives-table", "--target", "thumb", "-o", c, "--ld", ld, "--address",
                 "0x08001000")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    text = c.read_text()
    assert '#if !(defined(__arm__))\n#error "this natives table is for thumb code"\n' in text
    assert '    "  .4byte 0x00010001, 242\\n"\n' in text
    assert ('    /* 0 */ "  .weak aot_set_exception_with_id\\n" '
            'AOT_XIP_ENTRY("aot_set_exception_with_id") '
            '"  .4byte aot_set_exception_with_id\\n"\n') in text
    assert ('    /* 241 */ "  .weak __fixunssfsi\\n" AOT_XIP_ENTRY("__fixunssfsi") '
            '"  .4byte __fixunssfsi\\n"\n') in text
    assert "  .aot_xip_natives 0x08001000 : { KEEP(*(.aot_xip_natives)) }\n" in ld.read_text()
    assert 'ASSERT(aot_xip_natives == 0x08001000, "the natives table' in ld.read_text()


@pytest.mark.parametrize("family, cc, flags", [
    ("x86_64", "arm-linux-gnueabihf-gcc", ["-mthumb"]),
    ("thumb", "aarch64-linux-gnu-gcc", []),
])
def test_the_table_refuses_another_target(tmp_path, family, cc, flags):
    """The table of family, compiled by another target's compiler: an #error."""
    c = tmp_path / "t.c"
    assert run_tool("natives-table", "--target", family, "-o", c).returncode == 0
    r = subprocess.run([find_tool(cc), *flags, "-c", "-o", tmp_path / "t.o", c],
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert f'#error "this natives table is for {family} code"' in r.stderr
