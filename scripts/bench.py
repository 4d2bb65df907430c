#!/usr/bin/env python3
"""Benchmark aot-xip against the work a user could do instead.

For each input (.aot with wamrc's .o beside it), in the same run and
interleaved round by round:
  aot-xip   rewriting the image (with verification, as users run it)
  ld.lld    linking the same .o at the same addresses (a linker script
            placing .text and every data section, --defsym per native)
  cp        copying the input (the floor)
It reports the median and spread of the wall time, the ratios aot-xip/lld and
aot-xip/cp, throughput (MB/s of input, relocations/s) and peak memory (each
child's own maximum resident set, from GNU time in an untimed run), as a
table and as JSON. Peak memory is shown whole (peak/in) and less what the
same binary holds doing nothing, `aot-xip --version` (work/in): the process,
libc and libelf mapped, about 1.5 MB whatever the input.

    scripts/bench.py [--bin build/aot-xip] [--rounds 15] [--json out.json] [INPUT.aot ...]
    scripts/bench.py --generated   # 1x, 4x, 16x inputs built from generated C
    scripts/bench.py --generated --gen-dir DIR   # built once into DIR, then reused

Without inputs it takes every big.aot in tests/data and ../shared/fixtures
that has its .o beside it. A command that takes more than SLOW_S seconds
(ld.lld on the 16x input) is timed once. Targets (checked here, never in
timed tests):
aot-xip/lld < 1.0 and peak memory <= 5x the input size (the input read
whole, the module, the image and one plain record per relocation); the ratio
to cp is shown, no longer a target (docs/performance.md).
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"  # GNU time (Debian package time)


def run_measured(argv):
    """Run argv; return (seconds, peak RSS in bytes). Fails loudly. Its
    stderr goes to a file: a pipe read only after the wait would fill up
    and stop a talkative child."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.exit(f"{argv[0]} failed ({p.returncode}): {err.read().decode()[-2000:]}")
    return dt, ru.ru_maxrss * 1024


def peak_rss(argv):
    """The child's own peak resident set, in bytes, from GNU time. Not from
    our wait4: a child forked from this Python process starts its maximum
    from Python's own resident set (Linux carries the forked copy's
    high-water mark over the exec), which made small inputs look 20x."""
    with tempfile.NamedTemporaryFile() as f:
        subprocess.run([TIME, "-f", "%M", "-o", f.name, *argv], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(pathlib.Path(f.name).read_text().split()[-1]) * 1024


def inspect(binary, path):
    out = subprocess.run([binary, "inspect", "--json", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def prepare(binary, aot, work):
    """The natives map, the aot-xip command, and the ld.lld command that
    does the same placement."""
    j = inspect(binary, aot)
    bits = j["target"]["word_bits"]
    thumb = j["target"]["arch"] == "thumb"
    base = 0x08040000 if bits == 32 else 0x40000000
    natives = [s["name"] for s in j["symbols"] if s["class"] == "native"]
    region = base - 0x100000
    m = work / "natives.sym"
    m.write_text("".join(f"{n} = {region + 0x40 * i + thumb:#x}\n"
                         for i, n in enumerate(natives)))
    rep = work / "report.json"
    xip = [binary, str(aot), "--base", hex(base), "--symbols", str(m), "-o",
           str(work / "out.aot")]
    extra = (["--assume-readonly", ".sdata"]
             if any(d["name"] == ".sdata" for d in j["data_sections"]) else [])
    subprocess.run(xip + extra + ["--report", str(rep)], check=True)
    report = json.loads(rep.read_text())

    obj = aot.with_suffix(".o")
    flat = work / "in.o"
    flags = []
    for d in report["data"]:
        if d["name"].startswith(".rodata.cst"):
            flags += ["--set-section-flags", f"{d['name']}=alloc,readonly,data"]
    subprocess.run([shutil.which("llvm-objcopy"), *flags, str(obj), str(flat)], check=True)
    script = [f"SECTIONS {{ .text {report['code_address']:#x} : {{ *(.text) }}"]
    for d in report["data"]:
        script.append(f"  {d['name']} {d['address']:#x} : {{ *({d['name']}) }}")
    script.append("  /DISCARD/ : { *(.ARM.exidx*) *(.ARM.extab*) *(.eh_frame) } }")
    (work / "link.ld").write_text("\n".join(script) + "\n")
    lld = [shutil.which("ld.lld"), "-T", str(work / "link.ld"), "-o", str(work / "out.elf"),
           str(flat), "--no-check-sections", "--noinhibit-exec"]
    for i, n in enumerate(natives):
        lld += ["--defsym", f"{n}={region + 0x40 * i:#x}"]
    cp = [shutil.which("cp"), str(aot), str(work / "copy.aot")]
    relocs = sum(g["count"] for g in j["relocation_groups"])
    return {"aot-xip": xip + extra, "ld.lld": lld, "cp": cp}, relocs, j["target"]["arch"]


SLOW_S = 10.0  # a command this slow is timed once: more rounds would add nothing but hours


def bench(binary, aot, rounds):
    with tempfile.TemporaryDirectory() as d:
        work = pathlib.Path(d)
        cmds, relocs, arch = prepare(binary, aot, work)
        times = {k: [] for k in cmds}
        peaks = {k: None for k in cmds}
        slow = set()
        for k, argv in cmds.items():  # warm the page cache and the binaries
            dt, _ = run_measured(argv)
            if dt > SLOW_S:  # ld.lld on the 16x input: minutes
                slow.add(k)
                times[k].append(dt)
        for k, argv in cmds.items():
            if k not in slow:
                run_measured(argv)
        for _ in range(rounds):  # interleaved: drift hits all three alike
            for k, argv in cmds.items():
                if k not in slow:
                    dt, _ = run_measured(argv)
                    times[k].append(dt)
        for k, argv in cmds.items():  # untimed: through GNU time, see peak_rss
            if k not in slow:
                peaks[k] = peak_rss(argv)
    size = aot.stat().st_size
    idle = peak_rss([binary, "--version"])
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "input": str(aot), "arch": arch, "bytes": size, "relocations": relocs,
        "rounds": rounds,
        "timed_once": sorted(slow),
        "median_s": med,
        "min_s": {k: min(v) for k, v in times.items()},
        "max_s": {k: max(v) for k, v in times.items()},
        "peak_rss_bytes": peaks,
        "xip_idle_rss_bytes": idle,
        "ratio_xip_lld": med["aot-xip"] / med["ld.lld"],
        "ratio_xip_cp": med["aot-xip"] / med["cp"],
        "xip_mb_per_s": size / med["aot-xip"] / 1e6,
        "xip_relocs_per_s": relocs / med["aot-xip"],
        "xip_peak_over_input": peaks["aot-xip"] / size,
        "xip_work_over_input": (peaks["aot-xip"] - idle) / size,
    }


def table(results):
    head = (f"{'input':<34} {'MB':>5} {'relocs':>7} {'aot-xip ms':>15} {'ld.lld ms':>15} "
            f"{'cp ms':>7} {'xip/lld':>7} {'xip/cp':>6} {'MB/s':>6} {'peak/in':>7} "
            f"{'work/in':>7}")
    lines = [head, "-" * len(head)]
    for r in results:
        def ms(k):
            if k in r["timed_once"]:
                return f"{r['median_s'][k] * 1e3:6.1f} [once]"
            return (f"{r['median_s'][k] * 1e3:6.1f} "
                    f"[{r['min_s'][k] * 1e3:.1f}-{r['max_s'][k] * 1e3:.1f}]")
        name = "/".join(pathlib.Path(r["input"]).parts[-3:])
        lines.append(f"{name:<34} {r['bytes'] / 1e6:5.2f} {r['relocations']:7d} "
                     f"{ms('aot-xip'):>15} {ms('ld.lld'):>15} "
                     f"{r['median_s']['cp'] * 1e3:7.1f} {r['ratio_xip_lld']:7.2f} "
                     f"{r['ratio_xip_cp']:6.2f} {r['xip_mb_per_s']:6.1f} "
                     f"{r['xip_peak_over_input']:7.2f} {r['xip_work_over_input']:7.2f}")
    return "\n".join(lines)


GEN_FUNCS = 6900  # functions per generated unit: 1x is about the size of a big.aot (1.3 MB)


def gen_unit(c, n):
    """C for unit c, shaped like the fixtures' big.c (../shared/fixtures/src/
    gen_big.py): n functions of 64-bit integers and doubles calling each
    other, and one export. The functions are global but hidden, so that a
    call is a relocation to aot_func#N (as in wamrc's code) and not an
    export; the first calls the previous unit's last (a cross-unit
    relocation once the units are merged). On Cortex-M the 64-bit division
    and the doubles are calls to natives (__aeabi_*), as in wamrc's code."""
    out = ["typedef long long i64;"]
    if c:
        out.append(f"__attribute__((visibility(\"hidden\"))) i64 u{c - 1}_f{n - 1}(i64, i64);")
    for i in range(n):
        callee = (f"u{c}_f{i - 1}(x ^ {i}, y + {i % 7})" if i
                  else f"u{c - 1}_f{n - 1}(x, y)" if c else "x + y")
        kind = i % 4
        if kind == 0:
            body = f"return {callee} + (y ? x / (i64)y : {i});"
        elif kind == 1:
            body = f"return (i64)((double)x * {i}.5 + (double){callee} * 0.{i % 9 + 1});"
        elif kind == 2:
            body = (f"switch (x & 7) {{ case 0: return {i}; case 1: return {callee}; "
                    f"case 2: return x * {i}; case 3: return y - {i}; case 4: return {i} ^ y; "
                    f"case 5: return x % (y | 1); case 6: return {callee} >> 1; "
                    f"default: return -{i}; }}")
        else:
            body = f"return {callee} * {i % 13 + 1} - (x % (y | 1));"
        out.append(f"__attribute__((noinline, visibility(\"hidden\"))) "
                   f"i64 u{c}_f{i}(i64 x, i64 y) {{ {body} }}")
    out.append(f"i64 u{c}_run(i64 x, i64 y) {{ return u{c}_f{n - 1}(x, y); }}")
    return "\n".join(out) + "\n"


def generate(work, scales):
    """For each scale k, a thumbv7em .o of k units (compiled in parallel,
    merged with ld.lld -r into one .text) and its .aot from
    scripts/elf2aot.py, side by side. Returns the .aot paths."""
    cc = shutil.which("arm-linux-gnueabihf-gcc")
    if not cc:
        sys.exit("bench: --generated needs arm-linux-gnueabihf-gcc "
                 "(Debian package gcc-arm-linux-gnueabihf)")
    objs, jobs = [], []
    for c in range(max(scales)):
        src = work / f"u{c}.c"
        src.write_text(gen_unit(c, GEN_FUNCS))
        objs.append(work / f"u{c}.o")
        jobs.append([cc, "-mthumb", "-mcpu=cortex-m4", "-mfloat-abi=soft", "-O1", "-fno-pic",
                     "-c", str(src), "-o", str(objs[-1])])
    width = os.cpu_count() or 1
    for i in range(0, len(jobs), width):
        procs = [subprocess.Popen(j) for j in jobs[i:i + width]]
        if any(p.wait() for p in procs):
            sys.exit("bench: compiling the generated units failed")
    out = []
    for k in scales:
        d = work / f"gen{k}x"
        d.mkdir(exist_ok=True)
        subprocess.run([shutil.which("ld.lld"), "-r", "-o", str(d / "big.o"),
                        *map(str, objs[:k])], check=True)
        subprocess.run([sys.executable, str(ROOT / "scripts/elf2aot.py"), str(d / "big.o"),
                        "-o", str(d / "big.aot"), "--arch", "thumbv7em"], check=True)
        out.append(d / "big.aot")
    return out


def linearity(results):
    """Per-relocation time of each generated input against the smallest:
    about 1.0 all along when the time is linear in size."""
    base = results[0]["median_s"]["aot-xip"] / results[0]["relocations"]
    return [(r["input"], r["median_s"]["aot-xip"] / r["relocations"] / base) for r in results]


def default_inputs():
    seen, out = set(), []
    for root in (ROOT / "tests/data/aot/v6", ROOT.parent / "shared/fixtures/aot/v6"):
        for p in sorted(root.glob("*/big.aot")):
            if p.with_suffix(".o").exists() and p.parent.name not in seen:
                seen.add(p.parent.name)
                out.append(p)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "build/aot-xip"))
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--generated", action="store_true",
                    help=f"bench generated thumbv7em inputs of 1x, 4x and 16x {GEN_FUNCS} "
                         "functions (built in a temp dir) instead")
    ap.add_argument("--gen-dir", type=pathlib.Path,
                    help="with --generated: build the inputs here and keep them, or reuse "
                         "those already here (building the 16x one takes minutes)")
    ap.add_argument("inputs", nargs="*", type=pathlib.Path)
    a = ap.parse_args()
    for tool in ("ld.lld", "llvm-objcopy", "cp", TIME):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is needed (Debian packages lld, llvm, time)")
    gen_dir = tempfile.TemporaryDirectory() if a.generated and not a.gen_dir else None
    scales = (1, 4, 16)
    if a.generated and a.gen_dir:
        kept = [a.gen_dir / f"gen{k}x/big.aot" for k in scales]
        if all(p.exists() for p in kept):
            inputs = kept
        else:
            a.gen_dir.mkdir(parents=True, exist_ok=True)
            inputs = generate(a.gen_dir, scales)
    elif a.generated:
        inputs = generate(pathlib.Path(gen_dir.name), scales)
    else:
        inputs = a.inputs or default_inputs()
    if not inputs:
        sys.exit("bench: no inputs (a big.aot with its .o beside it)")
    results = [bench(a.bin, p.resolve(), a.rounds) for p in inputs]
    print(table(results))
    if a.generated:
        print("\naot-xip time per relocation, relative to 1x:",
              ", ".join(f"{pathlib.Path(n).parent.name} {v:.2f}" for n, v in linearity(results)))
        if gen_dir:
            gen_dir.cleanup()
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(results, indent=1) + "\n")
    print()
    for what, key, ok in (("aot-xip/ld.lld < 1", "ratio_xip_lld", lambda v: v < 1.0),
                          ("peak <= 5x input", "xip_peak_over_input", lambda v: v <= 5)):
        bad = [pathlib.Path(r["input"]).parent.name for r in results if not ok(r[key])]
        print(f"target {what}: " + ("met" if not bad else "NOT met for " + ", ".join(bad)))


if __name__ == "__main__":
    main()
