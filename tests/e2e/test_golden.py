"""Every output the tool writes, pinned: the image, map, report, each -O
format, standard output, standard error and exit status of a fixed set of
runs over every .aot in the test data, compared with tests/data/golden.json.

A change that is meant to alter no byte (a restructuring of the code) must
leave this test green. A change that means to alter an output updates the
file and says so in its commit:

    AOTX_BIN=build/aot-xip python3 tests/e2e/test_golden.py --update

AOTX_GOLDEN names another manifest (to pin a second data folder, given by
AOTX_DATA). Paths are relative to a scratch folder, so messages do not carry them.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import conftest  # noqa: E402

GOLDEN = Path(os.environ.get("AOTX_GOLDEN", conftest.DATA_DIR / "golden.json"))

# (name, word bits): where the natives sit for a near and a far run
THUMB = {"thumbv6m", "thumbv7em", "thumbv8m"}
NEAR_BASE = {32: 0x08040000, 64: 0x40040000}
NATIVES_NEAR = {32: 0x08000000, 64: 0x40000000}
NATIVES_FAR = {32: 0x40000000, 64: 0x7F0000000000}


def _digest(data):
    return hashlib.sha256(data).hexdigest()[:20]


def _natives(path):
    return [s["name"] for s in conftest.inspect_json(path)["symbols"] if s["class"] == "native"]


def _arch(path):
    return conftest.inspect_json(path)["target"]


def _readable(path):
    r = conftest.run_tool("inspect", path)
    return r.returncode == 0


def _sym_map(path, far):
    t = _arch(path)
    bits = t["word_bits"]
    start = (NATIVES_FAR if far else NATIVES_NEAR)[bits]
    thumb = t["arch"].startswith("thumb")
    return "".join(f"{n} = {start + 0x40 * i + (1 if thumb else 0):#x}\n"
                   for i, n in enumerate(_natives(path)))


def _extra(path):
    arch = _arch(path)["arch"]
    return ["--assume-isa", "arm"] if arch.startswith("arm") else []


def cases():
    """Yields (case id, input path, symbol map text, argument list)."""
    files = [(i, p) for i, p in conftest.aot_files()]
    regress = sorted((conftest.DATA_DIR / "regress").glob("*.aot"))
    files += [("regress/" + p.stem, p) for p in regress]
    for ident, path in files:
        yield f"{ident}:inspect", path, None, ["--json"]
        if not _readable(path):   # a damaged input: its refusal is pinned
            yield f"{ident}:refused", path, "", ["--base", "0x08040000", "-o", "out"]
            continue
        bits = _arch(path)["word_bits"]
        base = f"{NEAR_BASE[bits]:#x}"
        rw = ["--base", base, "-o", "out", "--map", "out.map", "--report", "out.json"]
        yield f"{ident}:near", path, _sym_map(path, False), rw + _extra(path)
        yield f"{ident}:far", path, _sym_map(path, True), rw + _extra(path)
        yield f"{ident}:nosyms", path, "", ["--base", base, "-o", "out"] + _extra(path)
    # each output format and option once per target, on one program
    for ident, path in files:
        if not ident.startswith("v6/") or not ident.endswith("/imports"):
            continue
        bits = _arch(path)["word_bits"]
        base = f"{NEAR_BASE[bits]:#x}"
        for fmt in ("binary", "ihex", "srec", "elf", "c"):
            args = ["--base", base, "-o", "out", "-O", fmt] + _extra(path)
            yield f"{ident}:O{fmt}", path, _sym_map(path, False), args
        args = ["--base", base, "-o", "out", "--no-stamp", "--code-align", "16",
                "--load-address", "0x10000", "-O", "ihex"] + _extra(path)
        yield f"{ident}:options", path, _sym_map(path, False), args


def run_case(path, syms, args):
    """Runs one case in a scratch folder; returns its record."""
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        shutil.copyfile(path, d / "in.aot")
        if syms is None:
            argv = ["inspect", "in.aot", *args]
        else:
            (d / "n.sym").write_text(syms)
            argv = ["in.aot", "--symbols", "n.sym", *args]
        p = subprocess.run([str(conftest.AOTX_BIN), *argv], cwd=d, capture_output=True,
                           timeout=60, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        rec = {"rc": p.returncode, "stdout": _digest(p.stdout), "stderr": _digest(p.stderr)}
        for f in sorted(d.iterdir()):
            if f.name not in ("in.aot", "n.sym"):
                rec[f.name] = _digest(f.read_bytes())
        if (d / "in.aot").read_bytes() != Path(path).read_bytes():
            rec["input"] = "changed"
        return rec


def _load():
    return json.loads(GOLDEN.read_text())


def test_every_output_is_as_pinned():
    golden = _load()
    seen, wrong = set(), []
    for ident, path, syms, args in cases():
        seen.add(ident)
        got = run_case(path, syms, args)
        want = golden.get(ident)
        if got != want:
            wrong.append(f"{ident}: {want} -> {got}")
    missing = sorted(set(golden) - seen)
    assert not wrong and not missing, \
        f"{len(wrong)} runs differ, {len(missing)} pinned runs gone:\n" + \
        "\n".join(wrong[:40] + missing[:40])


def test_the_pins_cover_every_case_kind():
    golden = _load()
    kinds = {k.rsplit(":", 1)[1] for k in golden}
    assert {"near", "far", "nosyms", "inspect", "Oihex", "Oelf", "Oc", "options"} <= kinds
    # the runs must not all succeed or all fail: the set exercises both
    assert {r["rc"] for r in golden.values()} >= {0, 1}


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: {sys.argv[0]} --update   (rewrites {GOLDEN})")
    out = {ident: run_case(path, syms, args) for ident, path, syms, args in cases()}
    GOLDEN.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n")
    print(f"{GOLDEN}: {len(out)} runs")
