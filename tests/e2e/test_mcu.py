"""Relocated code on real Cortex-M cores, from read-only flash: the e2e
suite's programs (test_exec.py) run on QEMU's M-profile boards in system
mode, in a bare-metal firmware (tests/e2e/mcu: the project's loader,
newlib, semihosting for arguments, output and exit status), and must give
the host build's results.

    core     board (qemu-system-arm -M)   code
    m3       mps2-an385 (Cortex-M3)       thumbv7m, built for the Cortex-M3
    m3_v6m   mps2-an385 (Cortex-M3)       thumbv6m, built for the Cortex-M0
    m4       mps2-an386 (Cortex-M4)       thumbv7em, built for the Cortex-M4
    m7       mps2-an500 (Cortex-M7)       the same
    m33      mps2-an505 (Cortex-M33)      thumbv8m.main, built for the Cortex-M33
    m55      mps3-an547 (Cortex-M55)      the same
    m0       microbit (Cortex-M0)         thumbv6m, built for the Cortex-M0

Code built as test_exec.py builds it for a target is its very object
(the work fixture), built once for both.

The firmware is linked once per board, with regions of flash reserved for
an image: near (within a call's reach of the natives) and far (the QSPI
flash of mps3-an547, 640 MiB away; PSRAM or SSRAM elsewhere), where calls
to the natives go through veneers. Each image is relocated by aot-xip
against that firmware ELF and put in place without moving any of its
symbols (mcu.place() checks it). Before the image is used, the MPU makes
its region read-only (on the M0, which has none, the flash is a ROM); a
CRC of the region must be the same after the run. A fault prints the PC
and cause and fails the run.

Tests are named test_<core>_<case>: the cases of test_exec.py, and
  mpu_readonly        a write to each region faults once the MPU is on
  arm_state_blx       an image with a BLX (ARM state) faults: UNDEFINSTR
  v7m_veneer          v6-M code relocated as v7-M (an LDR.W veneer) faults
  count_exact         the instruction counter counts what objdump shows
  xip_instructions    per program, XIP runs no more instructions per call
                      than the same module loaded into RAM
and test_natives_table[m4, m0]: an image in natives-table mode on a
firmware that holds the table, compiled for its core.
"""
import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import find_tool, need_elftools, run_tool
from test_exec import CASES, ELF2AOT, PROGRAM_CFLAGS, TARGETS, THUMB1_VENEER, THUMB2_VENEER

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "mcu"))
import mcu  # noqa: E402

# The far cases need a far region; the M0 has none (its "far" native is in
# RAM). Nor has it an MPU: its flash is a ROM.
NO_FAR = NO_MPU = {"m0"}


def _check(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except mcu.McuError as e:
        pytest.fail(str(e))


class McuWork:
    """Built once per session: each board's firmware, each core's objects,
    .aot files and images, and the firmware ELFs with an image in place.
    The programs' sources and the host's results come from test_exec's
    Work."""

    def __init__(self, root, ex):
        self.root = root
        self.ex = ex

    def once(self, key, make):
        return self.ex.once(("mcu", *key), make)  # in test_exec's Work's cache

    def firmware(self, board):
        return self.once(("fw", board), lambda: _check(
            mcu.build_firmware, mcu.BOARDS[board], self.root / f"fw-{board}"))

    def aot(self, core, prog, arch=None):
        """prog compiled for core, packed with core's arch string (or arch:
        a wrong assumption about the core)."""
        c = mcu.CORES[core]
        arch = arch or c.arch
        same = [name for name, t in TARGETS.items()
                if t.arch == arch and f"-mcpu={c.cpu}" in t.cflags]
        if same:
            return self.ex.aot(same[0], prog)

        def make():
            need_elftools()
            obj = self.root / f"{prog}.{c.cpu}.o"
            aot = self.root / f"{prog}.{c.cpu}.{arch}.aot"
            _check(mcu.compile_program, self.ex.source(prog), c, obj, PROGRAM_CFLAGS)
            _check(mcu.run, [sys.executable, ELF2AOT, obj, "-o", aot, "--arch", arch], "elf2aot")
            return obj, aot
        return self.once(("aot", c.cpu, prog, arch), make)

    def image(self, core, prog, base, arch=None):
        """The image of prog for core at base, relocated against the
        board's firmware: (path, report, map)."""
        fw = self.firmware(mcu.CORES[core].board)

        def make():
            _, aot = self.aot(core, prog, arch)
            img, rep, mp = (self.root / f"{aot.stem}.{fw.board.machine}.{base:x}{s}"
                            for s in (".xip", ".json", ".map"))
            r = run_tool(aot, "--base", hex(base), "--symbols", fw.elf, "-o", img,
                         "--report", rep, "--map", mp)
            assert r.returncode == 0, f"aot-xip {aot} --base {base:#x} failed: {r.stderr}"
            return img, json.loads(rep.read_text()), mp.read_text()
        return self.once(("image", core, prog, base, arch), make)

    def placed(self, core, region, image, name):
        """The board's firmware with image (bytes) in region."""
        fw = self.firmware(mcu.CORES[core].board)
        return _check(mcu.place, fw, region, image, self.root / f"{name}.{core}.{region}.elf")

    def boot(self, core, elf, args, count=False):
        return _check(mcu.boot, self.firmware(mcu.CORES[core].board), elf, args, count)


@pytest.fixture(scope="session")
def mw(tmp_path_factory, work):
    for t in mcu.TOOLS:
        find_tool(t)
    need_elftools()
    return McuWork(tmp_path_factory.mktemp("mcu"), work)


def _calls(addr, inputs):
    return [str(x) for a, b in inputs for x in (addr, a, b)]


def _region_image(mw, core, prog, region):
    """prog's image for region of core's board, and the firmware with it in place."""
    start, _ = mw.firmware(mcu.CORES[core].board).region(region)
    img, report, mapfile = mw.image(core, prog, start)
    elf = mw.placed(core, region, img.read_bytes(), prog)
    return elf, report, mapfile


def _make_case(core, case):
    prog, func, inputs, far = CASES[case]

    def test(mw):
        c = mcu.CORES[core]
        region = "far" if far else "near"
        start, end = mw.firmware(c.board).region(region)
        elf, report, mapfile = _region_image(mw, core, prog, region)
        assert report["base"] == start
        assert report["code_address"] % 64 == 0  # the default layout: the code on a line
        addr = report["exports"][func]
        assert start <= addr < end and addr & 1, f"{func} at {addr:#x}"
        ramfuncs = mcu.BOARDS[c.board].ramfuncs
        if prog in ("calls", "large") and (far or ramfuncs):
            # the calls to the firmware's callback really go through a veneer
            assert "-> host_callback 0x" in mapfile, mapfile
        if not far and not ramfuncs:
            assert report["veneers"] == [], mapfile
        size = THUMB1_VENEER if c.arch.startswith("thumbv6") else THUMB2_VENEER
        assert {v["size"] for v in report["veneers"]} <= {size}, mapfile
        # no BLX to an ARM-state native: M-profile has no ARM state
        assert [s["name"] for s in report["symbols"]
                if s["class"] == "native" and not s["thumb"]] == [], mapfile
        r = mw.boot(core, elf, ["xip", region, *_calls(addr, inputs)])
        assert (r.status, r.fault) == (mcu.DONE, ""), r
        assert r.results == [mw.ex.expected(prog, func, a, b).strip() for a, b in inputs]
        assert r.notes[0].endswith(f"0x{start:08x}..0x{end:08x} read-only") or \
            r.notes[0] == "no MPU (v6-M): the memory itself is read-only", r.notes
        assert r.notes[-1].endswith(f"of 0x{start:08x}..0x{end:08x} unchanged"), r.notes
    test.__name__ = f"test_{core}_{case}"
    return test


for _core in mcu.CORES:
    for _case in CASES:
        if not (_core in NO_FAR and CASES[_case][3]):
            globals()[f"test_{_core}_{_case}"] = _make_case(_core, _case)


# ----------------------------------------------------------- the region

def _make_readonly(core):
    board = mcu.CORES[core].board

    def test(mw):
        """Once the MPU is on, a write to the region faults; the M0's flash
        (no MPU) ignores it."""
        fw = mw.firmware(board)
        for region, (start, _) in fw.regions.items():
            if region == "ram":
                continue
            r = mw.boot(core, fw.elf, ["poke", region])
            if core in NO_MPU:
                assert r.status == mcu.DONE, r
                assert f"the write to 0x{start:08x} was ignored" in r.notes, r
                continue
            assert r.status == mcu.FAULT, r
            assert re.fullmatch(r"fault: MemManage at pc 0x[0-9a-f]{8}, cfsr 0x00000082 "
                                r"\(DACCVIOL MMARVALID\), hfsr 0x00000000, "
                                rf"mmfar 0x{start:08x}", r.fault), r
    test.__name__ = f"test_{core}_mpu_readonly"
    return test


for _core in ("m3", "m4", "m7", "m33", "m55", "m0"):
    globals()[f"test_{_core}_mpu_readonly"] = _make_readonly(_core)


# ----------------------------------------------- images that must fault

def _thumb_bl(code, at):
    """The target offset of the Thumb BL at code[at:at + 4], or None."""
    hi, lo = struct.unpack_from("<HH", code, at)
    if hi & 0xf800 != 0xf000 or lo & 0xd000 != 0xd000:
        return None
    s = hi >> 10 & 1
    i1, i2 = 1 ^ (lo >> 13 & 1) ^ s, 1 ^ (lo >> 11 & 1) ^ s
    off = s << 24 | i1 << 23 | i2 << 22 | (hi & 0x3ff) << 12 | (lo & 0x7ff) << 1
    return off - (1 << 25) if s else off


def test_m4_arm_state_blx(mw):
    """An image that calls a native with a BLX (as for an ARM-state
    function) faults on the M4: BLX <imm> is UNDEFINED in M-profile.

    The image is a copy of the good one with its first BL to host_callback
    made a BLX (bit 12 of the second halfword, and H clear), not one aot-xip
    writes: aot-xip writes a BLX only for a native the symbol map gives in
    ARM state, which a Cortex-M firmware's ELF never does, and M-profile
    rules in aot-xip may refuse it; the patched copy stays a valid test."""
    fw = mw.firmware(mcu.CORES["m4"].board)
    start, _ = fw.region("near")
    img, report, _ = mw.image("m4", "calls", start)
    code = bytearray(img.read_bytes())
    callback = report["exports"]["callback"] & ~1
    native = next(s["value"] for s in report["symbols"] if s["name"] == "host_callback") & ~1
    at = next(a for a in range(callback, callback + 64, 2)
              if _thumb_bl(code, a - start) == native - (a + 4))
    hi, lo = struct.unpack_from("<HH", code, at - start)
    struct.pack_into("<HH", code, at - start, hi, lo & ~0x1001)
    elf = mw.placed("m4", "near", bytes(code), "calls-blx")
    r = mw.boot("m4", elf, ["xip", "near", str(callback | 1), "4", "-3"])
    assert (r.status, r.fault) == (mcu.FAULT, f"fault: UsageFault at pc 0x{at:08x}, cfsr "
                                   "0x00010000 (UNDEFINSTR), hfsr 0x00000000"), r


def test_m0_v7m_veneer(mw):
    """v6-M code relocated as if for v7-M faults on the M0: its veneer to
    host_callback (in RAM, beyond a BL's reach) is the Thumb-2 one, whose
    LDR.W v6-M does not have. test_m0_host_callback runs the same code
    relocated as v6-M code, through the v6-M veneer."""
    fw = mw.firmware(mcu.CORES["m0"].board)
    start, _ = fw.region("near")
    img, report, mapfile = mw.image("m0", "calls", start, arch="thumbv7m")
    [veneer] = [v for v in report["veneers"] if v["target_name"] == "host_callback"]
    assert veneer["size"] == THUMB2_VENEER, mapfile
    elf = mw.placed("m0", "near", img.read_bytes(), "calls-v7m")
    r = mw.boot("m0", elf, ["xip", "near", str(report["exports"]["callback"]), "4", "-3"])
    assert (r.status, r.fault) == (mcu.FAULT, f"fault: HardFault at pc 0x{veneer['address']:08x}, "
                                   "no fault status registers (v6-M)"), r


# ------------------------------------------------- instructions per call

def _straight_line(dump, func):
    """The instructions a call of func executes, from objdump's disassembly
    of its object, where func and the functions it calls run straight
    through to their return (no branch but calls); None otherwise."""
    body = dump.get(func)
    if body is None:
        return None
    n = 0
    for ins in body:
        op, _, arg = ins.partition("\t")
        n += 1
        if op == "bl":
            sub = _straight_line(dump, arg.split("<")[-1].rstrip(">"))
            if sub is None:
                return None
            n += sub
        elif op == "bx" and arg == "lr" or op.startswith("pop") and "pc" in arg:
            return n
        elif op.startswith(("b", "cb", "tb")) and op not in ("bic", "bics", "bfi", "bfc"):
            return None
    return None


def _disassembly(obj):
    out = subprocess.run([find_tool("arm-none-eabi-objdump"), "-d", "--no-show-raw-insn", obj],
                         capture_output=True, text=True, check=True).stdout
    dump, name = {}, None
    for line in out.splitlines():
        if line.endswith(">:"):
            name = line.split("<")[1][:-2]
            dump[name] = []
        elif name and re.match(r"\s+[0-9a-f]+:\t", line):
            dump[name].append(line.split("\t", 1)[1].strip())
    return dump


def _counted(r):
    """(result, instructions) of each line of a --count run."""
    assert (r.status, r.fault) == (mcu.DONE, ""), r
    return [tuple(line.split()) for line in r.results]


def _count_args(core):
    assert mcu.BOARDS[mcu.CORES[core].board].counter
    return ["--count", str(mcu.ICOUNT_SHIFT)]


def test_m4_count_exact(mw):
    """The firmware's count of a call's instructions (QEMU's instruction
    count, read through the FPGAIO counter) is exact: functions that run
    straight through, as objdump shows them."""
    checked = 0
    for prog in ("calls", "control"):
        obj, _ = mw.aot("m4", prog)
        dump = _disassembly(obj)
        elf, report, _ = _region_image(mw, "m4", prog, "near")
        funcs = [(f, a) for f, a in report["exports"].items()
                 if _straight_line(dump, f) is not None]
        args = [x for _, a in funcs for x in (str(a), "5", "9")]
        r = mw.boot("m4", elf, [*_count_args("m4"), "xip", "near", *args], count=True)
        for (f, _), (_, n) in zip(funcs, _counted(r), strict=True):
            assert int(n) == _straight_line(dump, f), f
            print(f"{prog}: {f} {n} instructions")
            checked += 1
    assert checked >= 5


def _make_instructions(prog):
    def test(mw):
        """Per call of each of prog's cases, the XIP image (in flash, near
        the natives) runs no more instructions on the M4 than the same
        module relocated for the RAM load area and copied there by the
        loader (where calls into the flash go through veneers)."""
        calls = [(func, a, b) for p, func, inputs, far in CASES.values() if p == prog and not far
                 for a, b in inputs]
        fw = mw.firmware(mcu.CORES["m4"].board)
        xip_elf, xip_report, _ = _region_image(mw, "m4", prog, "near")
        ram, _ = fw.region("ram")
        img, ram_report, _ = mw.image("m4", prog, ram)
        ram_elf = mw.placed("m4", "near", img.read_bytes(), f"{prog}-ram")
        counts = {}
        for mode, elf, report in (("xip", xip_elf, xip_report), ("ram", ram_elf, ram_report)):
            args = [x for f, a, b in calls for x in (str(report["exports"][f]), str(a), str(b))]
            counts[mode] = _counted(mw.boot("m4", elf, [*_count_args("m4"), mode, "near", *args],
                                            count=True))
        expected = [mw.ex.expected(prog, f, a, b).strip() for f, a, b in calls]
        assert [r for r, _ in counts["xip"]] == expected
        assert [r for r, _ in counts["ram"]] == expected
        more = [(c, x, r) for c, (_, x), (_, r) in zip(calls, counts["xip"], counts["ram"])
                if int(x) > int(r)]
        assert more == [], "XIP runs more instructions than RAM: (call, xip, ram)"
    test.__name__ = f"test_m4_xip_instructions_{prog}"
    return test


for _prog in sorted({c[0] for c in CASES.values()}):
    globals()[f"test_m4_xip_instructions_{_prog}"] = _make_instructions(_prog)


# ------------------------------------------------- natives-table mode

# where each core's firmware holds the natives table: the end of its flash
TABLE_AT = {"m4": 0x000f0000, "m0": 0x0001f000}
# the first instructions of an entry, as the table's C file picks them for
# the core: v6-M's (push {r0, r1}; ldr r0, [pc, #8]), else ldr.w pc, [pc, #8]
ENTRY_CODE = {"m4": "dff808f0", "m0": "03b40248"}


def _table_firmware(mw, core):
    """core's board's firmware with the table of `aot-xip natives-table`."""
    board = mcu.CORES[core].board

    def make():
        d = mw.root / f"fwt-{board}"
        d.mkdir()
        c, ld = d / "xip_natives.c", d / "xip_natives.ld"
        r = run_tool("natives-table", "--target", "thumb", "-o", c, "--ld", ld, "--address",
                     hex(TABLE_AT[core]))
        assert r.returncode == 0, r.stderr
        return _check(mcu.build_firmware, mcu.BOARDS[board], d, sources=[c], scripts=[ld])
    return mw.once(("fwt", board), make)


@pytest.mark.parametrize("core", ["m4", "m0"])
def test_natives_table(mw, core):
    """arith.c (64-bit division, soft-float helpers) in natives-table mode,
    written without a symbol map, runs from the near region of a firmware
    that holds the table: every call to a native goes through the entry code
    the firmware was compiled with for its core (v6-M's on the M0)."""
    fw = _table_firmware(mw, core)
    start, _ = fw.region("near")
    table = TABLE_AT[core]
    from elftools.elf.elffile import ELFFile
    with open(fw.elf, "rb") as f:
        sec = ELFFile(f).get_section_by_name(".aot_xip_natives")
        assert (sec["sh_addr"], sec.data()[8:12].hex()) == (table, ENTRY_CODE[core])
    _, aot = mw.aot(core, "arith")
    img, rep = (mw.root / f"arith.{core}.table{s}" for s in (".xip", ".json"))
    r = run_tool(aot, "--base", hex(start), "--natives-table", hex(table), "-o", img,
                 "--report", rep)
    assert r.returncode == 0, r.stderr
    report = json.loads(rep.read_text())
    natives = [s for s in report["symbols"] if s["class"] == "native"]
    assert natives and report["veneers"] == []
    for s in natives:
        assert s["value"] == table + 8 + 16 * s["natives_slot"] + 1, s
    elf = _check(mcu.place, fw, "near", img.read_bytes(), mw.root / f"arith-table.{core}.elf")
    for case in ("div64", "float_rodata"):
        _, func, inputs, _ = CASES[case]
        r = _check(mcu.boot, fw, elf, ["xip", "near", *_calls(report["exports"][func], inputs)])
        assert (r.status, r.fault) == (mcu.DONE, ""), r
        assert r.results == [mw.ex.expected("arith", func, a, b).strip() for a, b in inputs]
