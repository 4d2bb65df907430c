#!/usr/bin/env python3
"""Guest instructions per call on a Cortex-M4 (qemu-system-arm -M mps2-an386):
each program of the e2e suite as an XIP image in flash, against the same
module RAM-loaded by the project's loader.

For each program (tests/e2e/programs, the generated large one included)
and each call of its cases in tests/e2e/test_exec.py:
  xip   the image relocated by aot-xip for the firmware's near flash region
        and run in place there (tests/e2e/mcu, mode xip);
  ram   the same module relocated for the firmware's RAM load area, put in
        flash and copied to RAM by the firmware's loader before the calls
        (mode ram): where a copying loader puts code. RAM is 512 MiB from
        the flash that holds the natives, so its calls to them go through
        veneers, as a stock RAM load's go through its PLT.
The firmware counts the instructions of each call exactly (QEMU -icount and
the FPGAIO counter): from the function's first instruction to its return,
veneers, natives and compiler helpers included. Goal: xip <= ram for every
call of every program.

Then the code's alignment on a Cortex-M7 (-M mps2-an500), whose
instruction cache has lines of 32 bytes: the same images in flash with the
code at 48 mod 64 (--code-align 16, at a base that puts it there, as the
layout did before 64 became the default) and at 0 mod 64 (the default):
the instructions each program's calls run in the image and the 32-byte
lines they come from (QEMU traces every instruction run in the region:
-singlestep -d exec). QEMU models no cache, so this counts lines, not
cycles: fewer lines, fewer fills of a cold cache.

    scripts/bench-mcu.py [--bin build/aot-xip] [--json out.json]

Needs what tests/e2e/test_mcu.py needs (scripts/debian-packages.txt):
arm-none-eabi-gcc with newlib, qemu-system-arm, pyelftools.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
E2E = ROOT / "tests" / "e2e"
sys.path[:0] = [str(E2E), str(E2E / "mcu")]
import mcu  # noqa: E402
from test_exec import CASES, ELF2AOT, GEN_LARGE, GENERATED, PROGRAMS, PROGRAM_CFLAGS  # noqa: E402

CORE = mcu.CORES["m4"]
M7 = mcu.CORES["m7"].board  # the same code


def source(prog, work):
    if prog not in GENERATED:
        return PROGRAMS / f"{prog}.c"
    out = work / f"{prog}.c"
    mcu.run([sys.executable, GEN_LARGE, *GENERATED[prog], "-o", out], f"generating {prog}.c")
    return out


def image(binary, aot, base, fw, out, *extra):
    rep = out.with_suffix(".json")
    mcu.run([binary, aot, "--base", hex(base), "--symbols", fw.elf, "-o", out, "--report", rep,
             *extra], f"aot-xip {aot} --base {base:#x}")
    return out.read_bytes(), json.loads(rep.read_text())


def counts(fw, elf, mode, report, calls):
    """(result, instructions) per call."""
    args = [x for f, a, b in calls for x in (str(report["exports"][f]), str(a), str(b))]
    r = mcu.boot(fw, elf, ["--count", str(mcu.ICOUNT_SHIFT), mode, "near", *args], count=True)
    if r.status != mcu.DONE or len(r.results) != len(calls):
        raise mcu.McuError(f"{elf} ({mode}) exited {r.status}: {r.fault or r.notes}")
    return [(int(res), int(n)) for res, n in (line.split() for line in r.results)]


def compile_aot(prog, work):
    obj = mcu.compile_program(source(prog, work), CORE, work / f"{prog}.o", PROGRAM_CFLAGS)
    aot = work / f"{prog}.aot"
    mcu.run([sys.executable, ELF2AOT, obj, "-o", aot, "--arch", CORE.arch], "elf2aot")
    return aot


def program_calls(prog):
    return [(func, a, b) for p, func, inputs, far in CASES.values() if p == prog and not far
            for a, b in inputs]


def bench_program(binary, fw, prog, aot):
    calls = program_calls(prog)
    out = {"program": prog, "calls": []}
    for mode in ("xip", "ram"):
        img, report = image(binary, aot, fw.region("near" if mode == "xip" else "ram")[0], fw,
                            aot.with_suffix(f".{mode}.aot"))
        elf = mcu.place(fw, "near", img, aot.with_suffix(f".{mode}.elf"))
        out[mode] = counts(fw, elf, mode, report, calls)
        out[f"{mode}_veneers"] = len(report["veneers"])
    for (f, a, b), (rx, nx), (rr, nr) in zip(calls, out["xip"], out["ram"]):
        if rx != rr:
            raise mcu.McuError(f"{prog}: {f}({a}, {b}) is {rx} from flash, {rr} from RAM")
        out["calls"].append({"call": f"{f}({a}, {b})", "result": rx, "xip": nx, "ram": nr})
    del out["xip"], out["ram"]
    return out


def lines_touched(fw, elf, report, calls, log):
    """(instructions, 32-byte lines) of the calls, in the near region."""
    start, end = fw.region("near")
    args = [x for f, a, b in calls for x in (str(report["exports"][f]), str(a), str(b))]
    r = mcu.boot(fw, elf, ["xip", "near", *args],
                 qemu_args=["-singlestep", "-d", "exec,nochain", "-D", log,
                            "-dfilter", f"{start:#x}+{end - start:#x}"])
    if r.status != mcu.DONE:
        raise mcu.McuError(f"{elf} exited {r.status}: {r.fault or r.notes}")
    pcs = [int(line.split("/")[1], 16) for line in log.read_text().splitlines()
           if line.startswith("Trace ")]
    return len(pcs), len({pc >> 5 for pc in pcs})


def align_program(binary, fw, prog, aot):
    """The M7 case: the code at 48 mod 64, then at 0 mod 64, from one base."""
    start, _ = fw.region("near")
    _, report = image(binary, aot, start, fw, aot.with_suffix(".m7.aot"), "--code-align", "16")
    shift = (48 - report["code_address"]) % 64
    out = {"program": prog}
    for key, align, at in (("at48", "16", 48), ("at0", "64", 0)):
        img, report = image(binary, aot, start + shift, fw, aot.with_suffix(f".m7{at}.aot"),
                            "--code-align", align)
        assert report["code_address"] % 64 == at
        elf = mcu.place(fw, "near", img, aot.with_suffix(f".m7{at}.elf"), offset=shift)
        out[key] = lines_touched(fw, elf, report, program_calls(prog),
                                 aot.with_suffix(f".m7{at}.log"))
    if out["at48"][0] != out["at0"][0]:
        raise mcu.McuError(f"{prog}: {out['at48'][0]} instructions at 48 mod 64, "
                           f"{out['at0'][0]} at 0")
    return out


def align_table(results):
    head = (f"{'program':<9} {'instructions':>12} {'lines, code at 48 mod 64':>25} "
            f"{'at 0 mod 64':>12}")
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(f"{r['program']:<9} {r['at0'][0]:12d} {r['at48'][1]:25d} {r['at0'][1]:12d}")
    return "\n".join(lines)


def table(results):
    head = f"{'program':<9} {'call':<28} {'xip':>9} {'ram':>9} {'xip/ram':>7}"
    lines = [head, "-" * len(head)]
    for r in results:
        for c in r["calls"]:
            lines.append(f"{r['program']:<9} {c['call']:<28} {c['xip']:9d} {c['ram']:9d} "
                         f"{c['xip'] / c['ram']:7.3f}")
        x, m = (sum(c[k] for c in r["calls"]) for k in ("xip", "ram"))
        lines.append(f"{r['program']:<9} {'all ' + str(len(r['calls'])) + ' calls':<28} {x:9d} "
                     f"{m:9d} {x / m:7.3f}   (veneers: xip {r['xip_veneers']}, "
                     f"ram {r['ram_veneers']})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "build/aot-xip"))
    ap.add_argument("--json", help="also write the results here")
    a = ap.parse_args()
    progs = sorted({c[0] for c in CASES.values()})
    try:
        with tempfile.TemporaryDirectory() as d:
            work = pathlib.Path(d)
            fw = mcu.build_firmware(mcu.BOARDS[CORE.board], work / "fw")
            fw7 = mcu.build_firmware(mcu.BOARDS[M7], work / "fw7")
            aots = {p: compile_aot(p, work) for p in progs}
            results = [bench_program(a.bin, fw, p, aots[p]) for p in progs]
            aligned = [align_program(a.bin, fw7, p, aots[p]) for p in progs]
    except (mcu.McuError, subprocess.TimeoutExpired) as e:
        sys.exit(f"bench-mcu: {e}")
    print(f"guest instructions per call on {CORE.board} ({mcu.BOARDS[CORE.board].cpu}), "
          f"{CORE.arch} code:\n")
    print(table(results))
    print(f"\nthe image's code on {M7} ({mcu.BOARDS[M7].cpu}): the instructions all calls "
          "run in it, and the 32-byte lines they come from:\n")
    print(align_table(aligned))
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps({"instructions": results,
                                                    "m7_lines": aligned}, indent=1) + "\n")
    more = [f"{r['program']} {c['call']}" for r in results for c in r["calls"] if c["xip"] > c["ram"]]
    print("\ngoal xip <= ram on every call: " + ("met" if not more else "NOT met: " + ", ".join(more)))
    sys.exit(1 if more else 0)


if __name__ == "__main__":
    main()
