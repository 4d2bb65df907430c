"""Relocated code runs: each test program is cross-compiled to an ELF object,
packed into an .aot by scripts/elf2aot.py, rewritten by aot-xip for a base
address and the loader's own ELF as symbol map, then mapped at that base by
tests/e2e/loader (read+execute only) and called, natively or under QEMU user
mode. The expected result comes from the same C compiled for the host.

Tests are named test_<arch>_<case>. The `far` cases put the image farther
from the loader's natives than a call reaches, so the calls go through
veneers in the image (on i386 and RV32 every call reaches: there they
check that no veneer appears). The `large` cases run a program that
programs/gen_large.py writes: hundreds of functions calling each other.

Cortex-M code (thumbv7em, thumbv8m, thumbv6m) runs on qemu-arm's default
A-profile CPU: qemu's Linux user mode cannot run an M-profile CPU
(-cpu cortex-m0 aborts), and the Thumb instructions M-profile code uses
behave the same there. An instruction M-profile lacks would run there too,
so the reports are checked for what would: no native in ARM state (a BLX
to it), and the veneer form of the core. test_mcu.py runs the same
programs on M-profile cores, in QEMU's system mode.

RV32 has no C library in Debian: its loader (loader/loader_rv32.c) is
freestanding, with its own start-up, system calls and compiler helpers.
"""
import json
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, aotdump, find_tool, need_elftools, run_tool

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
LOADER = HERE / "loader" / "loader.c"
LOADER_RV32 = HERE / "loader" / "loader_rv32.c"
GEN_LARGE = PROGRAMS / "gen_large.py"
ELF2AOT = REPO / "scripts" / "elf2aot.py"

# flags for every program object: plain code in one .text, no unwind tables,
# no stack protector (its guard would be a writable global)
PROGRAM_CFLAGS = ["-O2", "-ffreestanding", "-fno-stack-protector",
                  "-fno-asynchronous-unwind-tables", "-fno-reorder-blocks-and-partition",
                  "-Wall", "-Werror"]


# the loader: static and non-PIE, so its symbol table holds the addresses
LOADER_FLAGS = ("-O2", "-static", "-no-pie", "-fno-pie", "-Wall", "-Werror")

# freestanding RV32: no C library, no libgcc (the loader brings its helpers)
RV32 = ("-march=rv32imafdc", "-mabi=ilp32d")
LOADER_RV32_FLAGS = (*RV32, "-O2", "-nostdlib", "-static", "-no-pie", "-fno-pie",
                     "-ffreestanding", "-Wall", "-Wextra", "-Werror")

# MIPS: constants in plain .rodata, not in mergeable .rodata.cst8, whose
# $LC labels GNU as keeps as symbols: a REL record against a label at a
# non-zero offset has no section+offset form (elf2aot refuses it, as
# aot-xip refuses wamrc's $CPI labels)
MIPS = ["-fno-pic", "-mno-abicalls", "-fno-merge-constants"]

# the veneer forms in arch/thumb.c, by size
THUMB2_VENEER, THUMB1_VENEER = 8, 12


@dataclass
class Target:
    cc: str
    qemu: str            # None: runs natively
    arch: str            # target-info arch string
    cflags: list
    base: int            # within call range of the loader's natives
    far: int             # beyond it: veneers
    veneers: bool = True  # False: calls reach everywhere (i386 PC32, RV32 AUIPC wrap)
    loader: Path = LOADER
    loader_flags: tuple = LOADER_FLAGS
    m_profile: bool = False  # Cortex-M: Thumb only, no ARM state
    veneer_size: int = 0  # when set, every veneer's size


TARGETS = {
    "x86_64": Target("gcc", None if platform.machine() == "x86_64" else "qemu-x86_64",
                     "x86_64", ["-fpie", "-fcf-protection=none"],
                     base=0x10000000, far=0x200000000),            # 8 GiB: PLT32 veneers
    "thumbv7em": Target("arm-linux-gnueabihf-gcc", "qemu-arm", "thumbv7em",
                        ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=soft", "-fno-pie"],
                        base=0x00a00000, far=0x60000000,           # 1.5 GiB: BL veneers
                        m_profile=True, veneer_size=THUMB2_VENEER),
    "thumbv8m": Target("arm-linux-gnueabihf-gcc", "qemu-arm", "thumbv8m.main",
                       ["-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=soft", "-fno-pie"],
                       base=0x00a00000, far=0x60000000,
                       m_profile=True, veneer_size=THUMB2_VENEER),
    "thumbv6m": Target("arm-linux-gnueabihf-gcc", "qemu-arm", "thumbv6m",
                       ["-mcpu=cortex-m0", "-mthumb", "-mfloat-abi=soft", "-fno-pie"],
                       base=0x00a00000, far=0x60000000,            # v6-M veneers (no LDR.W)
                       m_profile=True, veneer_size=THUMB1_VENEER),
    "arm": Target("arm-linux-gnueabihf-gcc", "qemu-arm", "armv7",
                  ["-marm", "-march=armv7-a", "-mfloat-abi=soft", "-fno-pie"],
                  base=0x00a00000, far=0x60000000),              # 1.5 GiB: BL veneers
    "aarch64": Target("aarch64-linux-gnu-gcc", "qemu-aarch64", "aarch64v8", ["-fno-pie"],
                      base=0x04000000, far=0x200000000),           # 8 GiB: CALL26 veneers
    "riscv64": Target("riscv64-linux-gnu-gcc", "qemu-riscv64", "riscv64",
                      ["-fno-pie", "-mcmodel=medany", "-mno-relax"],
                      base=0x04000000, far=0x200000000),           # 8 GiB: CALL veneers
    "riscv32": Target("riscv64-linux-gnu-gcc", "qemu-riscv32", "riscv32",
                      [*RV32, "-fno-pie", "-mcmodel=medany", "-mno-relax"],
                      # far: more than 2 GiB above the loader, so AUIPC+JALR reach
                      # it only by wrapping around the 32-bit address space
                      base=0x04000000, far=0xa0000000, veneers=False,
                      loader=LOADER_RV32, loader_flags=LOADER_RV32_FLAGS),
    "mips": Target("mips-linux-gnu-gcc", "qemu-mips", "mips", MIPS,
                   base=0x04000000, far=0x60000000),              # another 256 MiB region: J veneers
    "mipsel": Target("mipsel-linux-gnu-gcc", "qemu-mipsel", "mipsel", MIPS,
                     base=0x04000000, far=0x60000000),
    "i386": Target("i686-linux-gnu-gcc", None if platform.machine() in ("x86_64", "i686")
                   else "qemu-i386", "i386", ["-fno-pie"],
                   base=0x10000000, far=0x60000000, veneers=False),
}

# case -> (program, function, [(a, b), ...], far)
CASES = {
    "calls": ("calls", "calls", [(5, 9), (-3, 100)], False),
    "host_callback": ("calls", "callback", [(4, -3), (1000, 2)], False),
    "memops": ("calls", "memops", [(17, 40), (255, 63), (1, 0)], False),
    "div64": ("arith", "div64", [(12345, 77), (-99999, 3)], False),
    "float_rodata": ("arith", "fconst", [(3, 11), (0, -50)], False),
    "switch": ("control", "sw", [(0, 5), (3, 21), (6, 21), (11, 5), (12, 5), (-1, 5)], False),
    "function_pointers": ("control", "fptr", [(0, 9), (1, 9), (2, 9), (3, 4)], False),
    "far_host_callback": ("calls", "callback", [(4, -3)], True),
    "far_memops": ("calls", "memops", [(17, 40)], True),
    "far_div64": ("arith", "div64", [(12345, 77)], True),
    "far_float_rodata": ("arith", "fconst", [(3, 11)], True),
    "large": ("large", "large", [(7, 1000), (-123456, 77)], False),
    "far_large": ("large", "large", [(7, 1000)], True),
}

# far cases of the large program only where calls go through veneers
NEEDS_VENEERS = {"far_large"}

# generated programs: name -> gen_large.py arguments
GENERATED = {"large": ["-n", "600", "--seed", "20240611"]}

# the global functions of each program, in text order: the exports
EXPORTS = {
    "calls": ["twice_plus", "calls", "callback", "memops"],
    "arith": ["div64", "fconst"],
    "control": ["op_add", "op_sub", "op_mul", "op_xor", "sw", "fptr"],
    "large": ["large"],
}


def _run(cmd, what):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        pytest.fail(f"{what} failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr}")
    return p.stdout


class Work:
    """Everything built once per session, per arch: loaders, objects, .aot
    files, images, host results."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def once(self, key, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def loader(self, arch):
        t = TARGETS[arch]

        def make():
            out = self.root / f"loader-{arch}"
            _run([find_tool(t.cc), *t.loader_flags, "-o", out, t.loader],
                 f"building the {arch} loader")
            return out
        return self.once(("loader", arch), make)

    def source(self, prog):
        """The C file of prog: in programs/, or written by its generator."""
        if prog not in GENERATED:
            return PROGRAMS / f"{prog}.c"

        def make():
            out = self.root / f"{prog}.c"
            _run([sys.executable, GEN_LARGE, *GENERATED[prog], "-o", out], f"generating {prog}.c")
            return out
        return self.once(("source", prog), make)

    def aot(self, arch, prog):
        t = TARGETS[arch]

        def make():
            need_elftools()
            obj = self.root / f"{prog}.{arch}.o"
            aot = self.root / f"{prog}.{arch}.aot"
            _run([find_tool(t.cc), *PROGRAM_CFLAGS, *t.cflags, "-c", "-o", obj,
                  self.source(prog)], f"compiling {prog}.c for {arch}")
            _run([sys.executable, ELF2AOT, obj, "-o", aot, "--arch", t.arch], "elf2aot")
            return obj, aot
        return self.once(("aot", arch, prog), make)

    def image(self, arch, prog, base):
        def make():
            _, aot = self.aot(arch, prog)
            # one file per base: with_suffix() would drop the base from the name
            img, rep, mp = (self.root / f"{prog}.{arch}.{base:x}{s}"
                            for s in (".xip", ".json", ".map"))
            r = run_tool(aot, "--base", hex(base), "--symbols", self.loader(arch),
                         "-o", img, "--report", rep, "--map", mp)
            assert r.returncode == 0, f"aot-xip {aot} --base {base:#x} failed: {r.stderr}"
            return img, json.loads(rep.read_text()), mp.read_text()
        return self.once(("image", arch, prog, base), make)

    def expected(self, prog, func, a, b):
        def make():
            exe = self.root / f"host-{prog}-{func}"
            _run([find_tool("gcc"), "-O2", f"-DENTRY={func}", "-o", exe,
                  self.source(prog), PROGRAMS / "host_main.c"], "host build")
            return exe
        exe = self.once(("host", prog, func), make)
        return _run([exe, a, b], f"host {func}")


def _tools(arch):
    t = TARGETS[arch]
    find_tool(t.cc)
    if t.qemu:
        find_tool(t.qemu)


def _make_case(arch, case):
    prog, func, inputs, far = CASES[case]

    def test(work):
        _tools(arch)
        t = TARGETS[arch]
        base = t.far if far else t.base
        img, report, mapfile = work.image(arch, prog, base)
        assert report["base"] == base
        addr = report["exports"][func]
        loader = work.loader(arch)
        if far and prog in ("calls", "large") and t.veneers:
            # the call to the loader's callback really goes through a veneer
            assert "-> host_callback 0x" in mapfile, mapfile
        if not far or not t.veneers:
            assert report["veneers"] == [], mapfile
        if t.veneer_size:
            assert {v["size"] for v in report["veneers"]} <= {t.veneer_size}, mapfile
        if t.m_profile:
            # no BLX to an ARM-state native: M-profile has no ARM state
            arm = [s["name"] for s in report["symbols"]
                   if s["class"] == "native" and not s["thumb"]]
            assert arm == [], mapfile
        for a, b in inputs:
            cmd = ([find_tool(t.qemu)] if t.qemu else []) + [loader, img, hex(base), hex(addr),
                                                           a, b]
            got = _run(cmd, f"running {func}({a}, {b}) at {base:#x}")
            assert got == work.expected(prog, func, a, b), f"{func}({a}, {b})"
    test.__name__ = f"test_{arch}_{case}"
    return test


def _make_container(arch):
    def test(work):
        """elf2aot's files: the oracle reads them, exports and function
        offsets are the object's, aot-xip inspect agrees."""
        _tools(arch)
        from elftools.elf.elffile import ELFFile
        for prog, names in EXPORTS.items():
            obj, aot = work.aot(arch, prog)
            m = aotdump.parse(str(aot))
            assert [e[2] for e in m["exports"]] == names
            with open(obj, "rb") as f:
                elf = ELFFile(f)
                e_flags = elf.header["e_flags"]
                syms = {s.name: s["st_value"] & ~1
                        for s in elf.get_section_by_name(".symtab").iter_symbols()}
            for kind, index, name in m["exports"]:
                assert kind == 0
                assert m["funcs"][index][0] == syms[name], name
            j = run_tool("inspect", aot, "--json")
            assert j.returncode == 0, j.stderr
            info = json.loads(j.stdout)
            assert info["target"]["arch_string"] == TARGETS[arch].arch
            assert info["target"]["e_type"] == 1
            # the object's flags (RISC-V: the float ABI and RVC bits)
            assert info["target"]["e_flags"] == e_flags
    test.__name__ = f"test_{arch}_container"
    return test


def test_riscv32_loader_helpers(work):
    """The freestanding RV32 loader's 64-bit division helpers call nothing:
    the compiler did not turn them back into calls to themselves."""
    _tools("riscv32")
    out = _run([find_tool("riscv64-linux-gnu-objdump"), "-d", work.loader("riscv32")],
               "objdump of the riscv32 loader")
    helpers = ("__divdi3", "__moddi3", "__udivdi3", "__umoddi3")
    bodies, name = {}, None
    for line in out.splitlines():
        if line.endswith(">:"):
            name = line.split("<", 1)[1][:-2]
            bodies[name] = []
        elif name and "\t" in line:
            bodies[name].append(line.split("\t")[2:])
    for h in helpers:
        assert bodies.get(h), f"{h} is not in the loader"
        # a call, or a jump to a label not its own
        out = [" ".join(i) for i in bodies[h]
               if i and (i[0] in ("jal", "jalr", "call", "tail")
                         or ("<" in i[-1] and not i[-1].split("<")[1].startswith(h + "+")))]
        assert out == [], f"{h} leaves its body: {out}"


for _arch in TARGETS:
    globals()[f"test_{_arch}_container"] = _make_container(_arch)
    for _case in CASES:
        if _case not in NEEDS_VENEERS or TARGETS[_arch].veneers:
            globals()[f"test_{_arch}_{_case}"] = _make_case(_arch, _case)
