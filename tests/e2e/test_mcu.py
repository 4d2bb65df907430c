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
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import find_tool, need_elftools, run_tool
from test_exec import CASES, ELF2AOT, PROGRAM_CFLAGS, TARGETS, THUMB1_VENEER, THUMB2_VENEER

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "mcu"))
import mcu  # noqa: E402

# The far cases need a far region; the M0 has none (its "far" native is in RAM).
NO_FAR = {"m0"}


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
        self.cache = {}

    def once(self, key, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

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
