"""Error detail as ld.lld gives it: every error on a line of its own, up to
--error-limit (20 by default, 0 for all), then lld's "too many errors" line;
one error per undefined native, followed by where it is referenced; places
name a function by its export name.

The expected texts are written out, or built from what the module says
independently of the rewrite: `aot-xip inspect --json` (symbols, functions,
exports) and the relocations of the object file wamrc's code came from
(readelf), whose .text is the module's code."""
import pytest

from oracle import relocations

TOO_MANY = ("aot-xip: error: too many errors emitted, stopping now (use --error-limit=0 to see "
            "all errors)\n")
MAP = "aot_set_exception_with_id = 0x08000101\n"


def undefined(path, name):
    return (f"aot-xip: error: {path}: undefined symbol: '{name}': the firmware's symbol maps do "
            f"not define it (if its linker dropped it, keep it with -Wl,--undefined={name})\n")


def place(info, off):
    """text+0x.. (aot_func#N (export)+0x..), from inspect's functions and exports."""
    funcs = info["functions"]
    f = max((f for f in funcs if f["text_offset"] <= off), key=lambda f: f["text_offset"])
    imported = len(info["imports"])  # functions: an export's index counts them first
    names = [e["name"] for e in info["exports"]
             if e["kind"] == "function" and e["index"] == imported + f["index"]]
    name = f" ({names[0]})" if names else ""
    return f"text+{off:#x} (aot_func#{f['index']}{name}+{off - f['text_offset']:#x})"


def expected_undefined(aotx, path, limit, defined=()):
    """Every undefined native of path, in the module's symbol order, with its
    first three places and how many more; cut at limit as the tool does."""
    info = aotx.inspect(path)
    natives = [s["name"] for s in info["symbols"]
               if s["class"] == "native" and s["uses"] and s["name"] not in defined]
    rels = [(off, sym) for sec, off, _, sym, _ in relocations(path.with_suffix(".o"))
            if sec in (".rel.text", ".rela.text")]
    out = []
    for name in natives:
        at = [off for off, sym in rels if sym == name]
        lines = [undefined(path, name)]
        lines += [f">>> referenced by {place(info, off)}\n" for off in at[:3]]
        if len(at) > 3:
            lines.append(f">>> referenced {len(at) - 3} more time{'s' if len(at) > 4 else ''}\n")
        out.append("".join(lines))
    cut = limit and len(out) > limit
    return "".join(out[:limit] if cut else out) + (TOO_MANY if cut else ""), len(natives)


def refused(aotx, tmp_path, path, *args):
    out = tmp_path / "out.aot"
    m = tmp_path / "fw.sym"
    m.write_text(MAP)
    r = aotx.run(path, "--base", "0x08040000", "--symbols", m, "-o", out, *args)
    assert (r.returncode, r.stdout) == (1, "")
    assert not out.exists()
    return r.stderr


def test_error_limit_3_exactly(aotx, data, tmp_path):
    path = data("v6/thumbv6m/float")
    assert refused(aotx, tmp_path, path, "--error-limit", "3") == (
        undefined(path, "__aeabi_dmul")
        + ">>> referenced by text+0x44 (aot_func#0 (poly)+0x44)\n"
          ">>> referenced by text+0x4c (aot_func#0 (poly)+0x4c)\n"
          ">>> referenced by text+0x54 (aot_func#0 (poly)+0x54)\n"
          ">>> referenced 6 more times\n"
        + undefined(path, "__aeabi_dadd")
        + ">>> referenced by text+0x78 (aot_func#0 (poly)+0x78)\n"
          ">>> referenced by text+0x94 (aot_func#0 (poly)+0x94)\n"
          ">>> referenced by text+0x9c (aot_func#0 (poly)+0x9c)\n"
          ">>> referenced 10 more times\n"
        + undefined(path, "__aeabi_fmul")
        + ">>> referenced by text+0xe6 (aot_func#1 (fpoly)+0x36)\n"
          ">>> referenced by text+0xec (aot_func#1 (fpoly)+0x3c)\n"
          ">>> referenced by text+0xf8 (aot_func#1 (fpoly)+0x48)\n"
        + TOO_MANY)


@pytest.mark.parametrize("limit", [None, "20", "0", "1", "27", "28"])
def test_every_undefined_native_with_its_places(aotx, data, tmp_path, limit):
    """thumbv6m's float module calls 27 soft-float helpers the map leaves
    undefined: 20 errors by default, all with 0, and the limit line only where
    errors were left out."""
    path = data("v6/thumbv6m/float")
    args = ("--error-limit", limit) if limit is not None else ()
    want, n = expected_undefined(aotx, path, 20 if limit is None else int(limit),
                                 defined=("aot_set_exception_with_id",))
    assert n == 27
    assert refused(aotx, tmp_path, path, *args) == want


def test_undefined_natives_of_a_module_with_imports(aotx, data, tmp_path):
    """imports.c's functions come after its two imported ones: aot_func#0 is
    export index 2, call_host."""
    path = data("v6/thumbv7em/imports")
    want, n = expected_undefined(aotx, path, 20, defined=("aot_set_exception_with_id",))
    assert n == 1 and "aot_func#0 (call_host)+0x4e" in want
    assert refused(aotx, tmp_path, path) == want


def test_the_limit_as_lld_spells_it(aotx, data, tmp_path):
    path = data("v6/thumbv6m/float")
    want, _ = expected_undefined(aotx, path, 0, defined=("aot_set_exception_with_id",))
    assert refused(aotx, tmp_path, path, "--error-limit=0") == want
    assert TOO_MANY not in want


@pytest.mark.parametrize("value", ["x", "-1", "010"])
def test_a_bad_error_limit_is_a_usage_error(aotx, data, tmp_path, value):
    out = tmp_path / "out.aot"
    r = aotx.run(data("v6/thumbv6m/float"), "--base", "0x08040000", "-o", out,
                 "--error-limit", value)
    assert r.returncode == 2 and r.stdout == "" and not out.exists()
    if value == "010":
        assert r.stderr.startswith("aot-xip: --error-limit '010': a leading zero")
    else:
        assert r.stderr == (f"aot-xip: --error-limit '{value}': expected a number of errors "
                            f"(0 for all)\n(try 'aot-xip --help')\n")


RV64_HI20 = [  # (place, value, symbol): LUI sign-extends, a copy at 0x80000000 is out of reach
    ("text+0x0 (aot_func#0 (poly)+0x0)", 2147482624, ".srodata.cst8"),
    ("text+0x8 (aot_func#0 (poly)+0x8)", 2147482632, ".srodata.cst8"),
    ("text+0x14 (aot_func#0 (poly)+0x14)", 2147482640, ".srodata.cst8"),
    ("text+0x2c (aot_func#0 (poly)+0x2c)", 2147482648, ".srodata.cst8"),
    ("text+0x8c (aot_func#4 (rnd)+0x0)", 2147482656, ".srodata.cst8"),
    ("text+0x10a (aot_func#5 (to_i64)+0x0)", 2147482664, ".srodata.cst8"),
    ("text+0x122 (aot_func#5 (to_i64)+0x18)", 2147482672, ".srodata.cst8"),
    ("text+0x132 (aot_func#5 (to_i64)+0x28)", 2147482664, ".srodata.cst8"),
    ("text+0x1e4 (aot_func#8 (mix)+0x24)", 2147482680, ".srodata.cst8"),
    ("text+0x21a (aot_func#8 (mix)+0x5a)", 2147482680, ".srodata.cst8"),
    ("text+0x22c (aot_func#8 (mix)+0x6c)", 2147482704, ".rodata.cst16"),
    ("text+0x266 (aot_func#9 (fminmax)+0x1c)", 2147482688, ".srodata.cst8"),
    ("text+0x27e (aot_func#9 (fminmax)+0x34)", 2147482688, ".srodata.cst8"),
]


def range_error(path, at, v, sym):
    return (f"aot-xip: error: {path}: {at}: relocation R_RISCV_HI20 out of range: {v} is not in "
            f"[-2147485696, 2147481599]; references '{sym}'\n")


@pytest.mark.parametrize("limit", [None, "0", "5"])
def test_range_errors_one_a_line_with_export_names(aotx, data, tmp_path, limit):
    """riscv64 float at 0x7ffff800: each of the 13 HI20s is out of reach, each
    its own error, its function named by its export (aot_func#8 (mix))."""
    path = data("v6/riscv64/float")
    args = ("--error-limit", limit) if limit else ()
    m = tmp_path / "fw.sym"
    m.write_text("aot_set_exception_with_id = 0x08000100\n")
    out = tmp_path / "out.aot"
    r = aotx.run(path, "--base", "0x7ffff800", "--symbols", m, "-o", out, *args)
    assert (r.returncode, r.stdout) == (1, "") and not out.exists()
    shown = RV64_HI20[:5] if limit == "5" else RV64_HI20
    assert r.stderr == ("".join(range_error(path, *e) for e in shown)
                        + (TOO_MANY if limit == "5" else ""))
