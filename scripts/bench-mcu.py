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
  table the image in natives-table mode (--natives-table), run in place
        from the same region of a firmware that holds the table that
        `aot-xip natives-table` writes, pinned at TABLE in its flash: every
        call to a native goes through its entry in the table.
The firmware counts the instructions of each call exactly (QEMU -icount and
the FPGAIO counter): from the function's first instruction to its return,
veneers, natives and compiler helpers included. Goals: xip <= ram for every
call of every program; table within 2 % of xip on every program.

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
TABLE = 0x000f0000  # the natives table, in the firmware's flash
# programs of the bench beyond the e2e cases: (function, a, b) calls
EXTRA = {"softfloat": [("fpoly", 7, 3), ("fpoly", -40, 11), ("fmix", 5, 9), ("fmix", -3, 100)],
         "sha": [("sha", 1, 2), ("sha", -77, 12345)],
         "sort": [("sort", 3, 5), ("sort", 1000, -7)],
         "interp": [("interp", 40, 3), ("interp", 100, -9)]}
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
    if prog in EXTRA:
        return EXTRA[prog]
    return [(func, a, b) for p, func, inputs, far in CASES.values() if p == prog and not far
            for a, b in inputs]


def table_firmware(binary, work):
    """The M4 firmware with the natives table at TABLE."""
    c, ld = work / "xip_natives.c", work / "xip_natives.ld"
    mcu.run([binary, "natives-table", "--target", "thumb", "-o", c, "--ld", ld, "--address",
             hex(TABLE)], "aot-xip natives-table")
    return mcu.build_firmware(mcu.BOARDS[CORE.board], work / "fwt", sources=[c], scripts=[ld])


def bench_program(binary, fw, fwt, prog, aot):
    calls = program_calls(prog)
    out = {"program": prog, "calls": []}
    for mode in ("xip", "ram", "table"):
        f = fwt if mode == "table" else fw
        extra = ("--natives-table", hex(TABLE)) if mode == "table" else ()
        try:
            img, report = image(binary, aot, f.region("ram" if mode == "ram" else "near")[0], f,
                                aot.with_suffix(f".{mode}.aot"), *extra)
        except mcu.McuError:
            if mode != "table":
                raise
            # host_callback (calls.c, large) is no native of the table's ABI
            out["table"], out["table_veneers"] = [(None, None)] * len(calls), 0
            continue
        elf = mcu.place(f, "near", img, aot.with_suffix(f".{mode}.elf"))
        out[mode] = counts(f, elf, "ram" if mode == "ram" else "xip", report, calls)
        out[f"{mode}_veneers"] = len(report["veneers"])
    for (f, a, b), (rx, nx), (rr, nr), (rt, nt) in zip(calls, out["xip"], out["ram"],
                                                       out["table"]):
        if rx != rr or rt not in (None, rx):
            raise mcu.McuError(f"{prog}: {f}({a}, {b}) is {rx} from flash, {rr} from RAM, "
                               f"{rt} in table mode")
        out["calls"].append({"call": f"{f}({a}, {b})", "result": rx, "xip": nx, "ram": nr,
                             "table": nt})
    del out["xip"], out["ram"], out["table"]
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
    head = (f"{'program':<9} {'call':<28} {'xip':>9} {'table':>9} {'ram':>9} {'xip/ram':>7} "
            f"{'table/xip':>9}")
    lines = [head, "-" * len(head)]
    for r in results:
        for c in r["calls"]:
            t = c["table"]
            lines.append(f"{r['program']:<9} {c['call']:<28} {c['xip']:9d} "
                         f"{'-' if t is None else t:>9} {c['ram']:9d} "
                         f"{c['xip'] / c['ram']:7.3f} "
                         f"{'-' if t is None else format(t / c['xip'], '.3f'):>9}")
        x, m = (sum(c[k] for c in r["calls"]) for k in ("xip", "ram"))
        t = None if r["calls"][0]["table"] is None else sum(c["table"] for c in r["calls"])
        lines.append(f"{r['program']:<9} {'all ' + str(len(r['calls'])) + ' calls':<28} {x:9d} "
                     f"{'-' if t is None else t:>9} {m:9d} {x / m:7.3f} "
                     f"{'-' if t is None else format(t / x, '.3f'):>9}   (veneers: xip "
                     f"{r['xip_veneers']}, table {r['table_veneers']}, ram {r['ram_veneers']})")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "build/aot-xip"))
    ap.add_argument("--json", help="also write the results here")
    a = ap.parse_args()
    progs = sorted({c[0] for c in CASES.values()} | set(EXTRA))
    try:
        with tempfile.TemporaryDirectory() as d:
            work = pathlib.Path(d)
            fw = mcu.build_firmware(mcu.BOARDS[CORE.board], work / "fw")
            fw7 = mcu.build_firmware(mcu.BOARDS[M7], work / "fw7")
            fwt = table_firmware(a.bin, work)
            aots = {p: compile_aot(p, work) for p in progs}
            results = [bench_program(a.bin, fw, fwt, p, aots[p]) for p in progs]
            aligned = [align_program(a.bin, fw7, p, aots[p]) for p in progs if p not in EXTRA]
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
    slow = [r["program"] for r in results if r["calls"][0]["table"] is not None and
            sum(c["table"] for c in r["calls"]) > 1.02 * sum(c["xip"] for c in r["calls"])]
    print("goal table within 2 % of xip on every program: " +
          ("met" if not slow else "NOT met: " + ", ".join(slow)))
    sys.exit(1 if more or slow else 0)


if __name__ == "__main__":
    main()
