"""Mutation sweep: damaged .aot files never crash, hang or leave output.

For one fixture per target family and per layout (versions 3 to 6, both the
1.x and 2.x layouts), every mutant below goes through `aot-xip inspect` and
through the rewrite (with a map that defines the fixture's natives):

  - truncated at every section boundary (header, body start, body end) -1, 0, +1
    and at 200 random points;
  - 500 single flips: 250 of one random bit, 250 of one whole byte to a random
    other value;
  - counts, sizes and offsets made huge: every section size, and 60 random
    aligned words holding a small number (a count, offset, size or index), set
    to 0xffffffff, 0x80000000, 0x7fffffff and the value + 0x10000000.

Every run must end in exit 0 (the rewrite: with an image that verified) or
exit 1 with exactly one stderr line starting "aot-xip: error: ": never a
signal, never more than 5 s, never a sanitizer report, and a failed rewrite
leaves nothing in its output folder. The random choices come from a fixed
seed per fixture, so a failure names a mutant that can be made again.
AOTX_MUTANT_STRIDE=N runs every Nth mutant only (scripts/test's sanitizer
pass, where a run takes ten times as long).
"""
import json
import os
import random
import shutil
import struct
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import AOTX_BIN, aot_path, inspect_json

BASE = "0x08040000"

# one per target family, both layouts, every version
FIXTURES = [
    "v3-1x/thumbv7em/imports",
    "v3-1x/x86_64/float",
    "v3/riscv32/control",
    "v3/mips/imports",
    "v4/aarch64/float",
    "v4/i386/arith",
    "v5/x86_64/memory",
    "v5/riscv64/imports",
    "v6/armv7/control",
    "v6/thumbv6m/float",
    "v6/thumbv8m/memory",
]

HUGE = (0xFFFFFFFF, 0x80000000, 0x7FFFFFFF)


def mutants(data, info, seed):
    """(description, bytes) for every mutant of data, reproducibly."""
    rnd = random.Random(seed)
    n = len(data)
    cuts = set()
    for s in info["sections"]:
        for edge in (s["offset"] - 8, s["offset"], s["offset"] + s["size"]):
            cuts.update((edge - 1, edge, edge + 1))
    cuts.update(rnd.randrange(0, n) for _ in range(200))
    for c in sorted(x for x in cuts if 0 <= x < n):
        yield f"truncated at {c:#x}", data[:c]

    for i in range(500):
        b = bytearray(data)
        at = rnd.randrange(0, n)
        if i % 2 == 0:
            bit = rnd.randrange(8)
            b[at] ^= 1 << bit
            yield f"bit {bit} of byte {at:#x} flipped", bytes(b)
        else:
            v = rnd.choice([x for x in range(256) if x != b[at]])
            b[at] = v
            yield f"byte {at:#x} set to {v:#04x}", bytes(b)

    words = [s["offset"] - 4 for s in info["sections"]]  # the section sizes
    small = [o for o in range(8, n - 3, 4) if 0 < struct.unpack_from("<I", data, o)[0] <= 0x10000]
    words += rnd.sample(small, min(60, len(small)))
    for o in words:
        old = struct.unpack_from("<I", data, o)[0]
        for v in HUGE + ((old + 0x10000000) & 0xFFFFFFFF,):
            b = bytearray(data)
            struct.pack_into("<I", b, o, v)
            yield f"u32 at {o:#x} ({old:#x}) set to {v:#x}", bytes(b)


def natives_map(info):
    """NAME = ADDRESS lines for the fixture's natives: below the image, near
    enough for every branch; Thumb entries carry the Thumb bit."""
    thumb = info["target"]["arch"] == "thumb"
    names = [s["name"] for s in info["symbols"] if s["class"] == "native"]
    return "".join(f"{n} = {0x08000000 + 0x40 * i + thumb:#x}\n" for i, n in enumerate(names))


def readonly_args(info):
    return [a for d in info["data_sections"] if d["name"] == ".sdata"
            for a in ("--assume-readonly", ".sdata")]


def run(args):
    """(returncode, stderr) of aot-xip, or a failure text for a hang."""
    import subprocess
    try:
        p = subprocess.run([str(AOTX_BIN), *map(str, args)], capture_output=True, text=True,
                           timeout=5, errors="replace")
    except subprocess.TimeoutExpired:
        return None, "more than 5 s"
    return p.returncode, p.stderr


def judge(what, rc, err):
    """None if the run ended properly, else what went wrong."""
    if rc is None:
        return f"{what}: {err}"
    if rc < 0:
        return f"{what}: killed by signal {-rc}: {err[-300:]}"
    if "Sanitizer" in err or "runtime error" in err:
        return f"{what}: sanitizer report: {err[-300:]}"
    if rc == 0:
        return None
    lines = err.splitlines()  # errors one a line, an undefined symbol's places after it
    if rc != 1 or not lines or not lines[0].startswith("aot-xip: error: ") or \
            not all(s.startswith(("aot-xip: error: ", ">>> ")) for s in lines):
        return f"{what}: exit {rc} with stderr {err[-300:]!r}"
    return None


def check_one(work, k, desc, blob, extra):
    """Every problem with mutant k, as a list of strings."""
    src = work / f"m{k}.aot"
    src.write_bytes(blob)
    out_dir = work / f"out{k}"
    out_dir.mkdir()
    problems = []
    rc, err = run(["inspect", src])
    p = judge(f"{desc}: inspect", rc, err)
    if p:
        problems.append(p)
    out = out_dir / "o.aot"
    rc, err = run([src, "--base", BASE, *extra, "-o", out, "--map", out_dir / "o.map",
                   "--report", out_dir / "o.json"])
    p = judge(f"{desc}: rewrite", rc, err)
    if p:
        problems.append(p)
    elif rc == 0:
        rep = json.loads((out_dir / "o.json").read_text())
        if rep.get("verified") is not True or not out.is_file():
            problems.append(f"{desc}: rewrite exited 0 without a verified image")
    elif rc is not None and os.listdir(out_dir):
        problems.append(f"{desc}: rewrite failed but left {sorted(os.listdir(out_dir))}")
    shutil.rmtree(out_dir)
    src.unlink()
    return problems


@pytest.mark.parametrize("ident", FIXTURES)
def test_mutants_fail_cleanly(tmp_path, ident):
    path = aot_path(ident)
    data = path.read_bytes()
    info = inspect_json(path)
    symmap = tmp_path / "natives.sym"
    symmap.write_text(natives_map(info))
    extra = ["--symbols", symmap, *readonly_args(info)]
    if info["target"]["arch"] == "arm":  # the map's even addresses: ARM code
        extra += ["--assume-isa", "arm"]

    # the intact fixture rewrites: the sweep starts from a working input
    clean = tmp_path / "clean"
    clean.mkdir()
    rc, err = run([path, "--base", BASE, *extra, "-o", clean / "o.aot"])
    assert rc == 0, f"{ident} does not rewrite before mutation: {err}"

    seed = sum(ident.encode())  # fixed per fixture
    cases = list(mutants(data, info, seed))
    assert len(cases) > 700
    # every mutant by default; scripts/test's sanitizer pass takes every third
    # (AOTX_MUTANT_STRIDE=3): the full sweep has run unsanitized before it
    cases = cases[::int(os.environ.get("AOTX_MUTANT_STRIDE", "1"))]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = pool.map(lambda kc: check_one(tmp_path, kc[0], *kc[1], extra),
                           enumerate(cases))
        problems = [p for r in results for p in r]
    assert not problems, f"{len(problems)} bad runs of {len(cases)} mutants of {ident} " \
        f"(seed {seed}):\n" + "\n".join(problems[:20])
