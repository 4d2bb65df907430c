"""One option parser for every command: an option's value separate or
joined (--base ADDR, --base=ADDR, -o OUT, -oOUT, -O ihex, -Oihex), options
after the files, '--' ending the options, COMMAND --help and `aot-xip help
[COMMAND]`, and "did you mean" for a mistyped command. Option names are
taken whole, never abbreviated. Each test runs in a directory of its own
holding app.aot and fw.elf."""
import os
import shutil
import subprocess

import pytest

from conftest import AOTX_BIN, DATA_DIR

BASE = "0x08040000"
USAGE = "\n(try 'aot-xip --help')\n"


@pytest.fixture
def d(tmp_path):
    shutil.copyfile(DATA_DIR / "aot" / "v6" / "thumbv7em" / "control.aot", tmp_path / "app.aot")
    shutil.copyfile(DATA_DIR / "symbols" / "fw.elf", tmp_path / "fw.elf")
    return tmp_path


def run(d, *args, env=None):
    """aot-xip with args in folder d: (exit status, stdout, stderr)."""
    p = subprocess.run([str(AOTX_BIN), *map(str, args)], cwd=d, capture_output=True,
                       text=True, timeout=60, env={**os.environ, **(env or {})})
    return p.returncode, p.stdout, p.stderr


def outputs(d, names):
    return {n: (d / n).read_bytes() for n in names}


def usage_error(msg):
    return (2, "", f"aot-xip: {msg}{USAGE}")


def test_joined_values_are_the_separate_ones(d):
    """Every option of the rewrite with its value joined gives the same
    files as with its value apart."""
    apart = ["app.aot", "--base", BASE, "--symbols-format", "elf", "--symbols", "fw.elf",
             "-O", "ihex", "--load-address", "0x10000000", "--region-size", "0x40000",
             "--code-align", "128", "--page-size", "1024", "--defsym", "unused=0x100"]
    joined = ["app.aot", f"--base={BASE}", "--symbols-format=elf", "--symbols=fw.elf",
              "-Oihex", "--load-address=0x10000000", "--region-size=0x40000",
              "--code-align=128", "--page-size=1024", "--defsym=unused=0x100"]
    outs_apart = ["-o", "a.hex", "--map", "a.map", "--report", "a.json"]
    outs_joined = ["-oj.hex", "--map=j.map", "--report=j.json"]
    for args in (apart + outs_apart, joined + outs_joined):
        rc, out, err = run(d, *args)
        assert (rc, err) == (0, "")
        assert out.startswith("Memory region")
    a = outputs(d, ["a.hex", "a.map"])
    j = outputs(d, ["j.hex", "j.map"])
    assert a["a.hex"] == j["j.hex"]
    assert a["a.map"].replace(b"a.hex", b"j.hex") == j["j.map"]
    assert (d / "j.json").read_text().replace("j.hex", "a.hex") == (d / "a.json").read_text()


@pytest.mark.parametrize("env", [{}, {"POSIXLY_CORRECT": "1"}])
def test_options_after_the_file(d, env):
    """Options may follow the input file, also where POSIXLY_CORRECT would
    stop a POSIX getopt at the first operand."""
    assert run(d, "app.aot", "--base", BASE, "--symbols", "fw.elf", "-o", "a.aot") == (0, "", "")
    assert run(d, "--base", BASE, "-o", "b.aot", "app.aot", "--symbols", "fw.elf",
               env=env) == (0, "", "")
    assert (d / "a.aot").read_bytes() == (d / "b.aot").read_bytes()


def test_double_dash_ends_the_options(d):
    """After '--' every argument is a file: an input named -x."""
    shutil.copyfile(d / "app.aot", d / "-x")
    assert run(d, "--base", BASE, "--symbols", "fw.elf", "-o", "x.aot", "--", "-x") == \
        (0, "", "")
    assert run(d, "app.aot", "--base", BASE, "--symbols", "fw.elf", "-o", "a.aot") == \
        (0, "", "")
    assert (d / "x.aot").read_bytes() == (d / "a.aot").read_bytes()
    rc, out, err = run(d, "inspect", "--json", "--", "-x")
    assert (rc, err) == (0, "") and out.startswith('{\n  "file": "-x",\n')
    assert run(d, "app.aot", "--base", BASE, "-o", "y.aot", "--", "--symbols") == \
        usage_error("one input file at a time ('app.aot' and '--symbols')")
    assert run(d, "inspect", "--", "--json") == \
        (1, "", "aot-xip: error: --json: cannot open: No such file or directory\n")


def test_check_takes_joined_values(d):
    assert run(d, "app.aot", "--base", BASE, "--symbols", "fw.elf", "-o", "a.aot") == \
        (0, "", "")
    assert run(d, "check", "a.aot", "--symbols=fw.elf", "--input=app.aot") == \
        (0, "a.aot: up to date (1 natives match, base 0x08040000)\n", "")


@pytest.mark.parametrize("args, msg", [
    (["app.aot", "--bas", BASE], "unknown option '--bas'"),
    (["app.aot", f"--bas={BASE}"], f"unknown option '--bas={BASE}'"),
    (["app.aot", "--sym", "fw.elf"], "unknown option '--sym'"),
    (["app.aot", "--he"], "unknown option '--he'"),
    (["app.aot", "--no-verify=yes"], "unknown option '--no-verify=yes'"),
    (["app.aot", "-xyz"], "unknown option '-xyz'"),
    (["app.aot", "--base", BASE, "-o"], "option '-o' needs a value"),
    (["app.aot", "--base", BASE, "-o", "x", "--symbols"], "option '--symbols' needs a value"),
    (["app.aot", "--base="], "--base '': expected an address (0x08040000 or decimal)"),
    (["app.aot", "--base", BASE, "-oa.aot", "-Ox"],
     "-O 'x': expected aot, binary, ihex, srec, elf or c"),
    (["inspect", "--js", "app.aot"], "inspect: unknown option '--js'"),
    (["inspect", "--json=1", "app.aot"], "inspect: unknown option '--json=1'"),
    (["check", "a.aot", "--inp", "app.aot"], "check: unknown option '--inp'"),
    (["check", "a.aot", "--symbols"], "option '--symbols' needs a value"),
])
def test_misuse_messages(d, args, msg):
    """Option names are taken whole (getopt_long would take an unambiguous
    abbreviation); a value joined with '=' to an option that takes none is
    an unknown option, as before."""
    assert run(d, *args) == usage_error(msg)
    assert sorted(os.listdir(d)) == ["app.aot", "fw.elf"]


INSPECT_USAGE = """usage: aot-xip inspect FILE [--json]

  inspect FILE    show what a WAMR .aot file holds: version, target, sections,
                  functions, exports, object data sections, relocations per group
                  and type, and the symbols they reference
    --json        the same as JSON

exit status: 0 success, 1 the input was rejected or the work failed (nothing is
written), 2 the command line was wrong
"""


def test_command_help(d):
    """COMMAND --help (or -h) and `help COMMAND` print that command's usage
    on standard output and exit 0, whatever else the line holds."""
    assert run(d, "inspect", "--help") == (0, INSPECT_USAGE, "")
    assert run(d, "inspect", "app.aot", "-h") == (0, INSPECT_USAGE, "")
    assert run(d, "help", "inspect") == (0, INSPECT_USAGE, "")
    rc, check, err = run(d, "check", "--help")
    assert (rc, err) == (0, "")
    assert check.startswith("usage: aot-xip check IMAGE --symbols MAP... [--input IN.aot]\n\n")
    assert "  check IMAGE     exit 0 if the maps still put every native" in check
    assert "Relocate" not in check and "inspect FILE" not in check
    assert run(d, "help", "check") == (0, check, "")
    rc, rewrite, err = run(d, "app.aot", "--base", BASE, "--help")
    assert (rc, err) == (0, "")
    assert rewrite.startswith("usage: aot-xip IN.aot --base ADDR [--symbols MAP]... -o OUT.aot "
                              "[options]\n\n  An option's value follows it")
    assert "  Relocate IN.aot (from wamrc)" in rewrite and "inspect FILE" not in rewrite
    assert run(d, "help", "rewrite") == (0, rewrite, "")
    assert run(d, "rewrite", "--help") == (0, rewrite, "")
    rc, every, err = run(d, "--help")
    assert (rc, err) == (0, "")
    assert run(d, "help") == (0, every, "")
    for part in (INSPECT_USAGE.split("\n\n")[1], check.split("\n\n")[2],
                 rewrite.split("\n\n")[2]):
        assert part in every
    assert "       aot-xip help [COMMAND]\n" in every
    assert sorted(os.listdir(d)) == ["app.aot", "fw.elf"]


def test_help_misuse(d):
    assert run(d, "help", "inspct") == \
        usage_error("help: unknown command 'inspct'; did you mean 'inspect'?")
    assert run(d, "help", "rewirte") == \
        usage_error("help: unknown command 'rewirte'; did you mean 'rewrite'?")
    assert run(d, "help", "bogus") == \
        usage_error("help: unknown command 'bogus': expected rewrite, inspect, check, pack or help")
    assert run(d, "help", "inspect", "check") == \
        usage_error("help: one command at a time ('inspect' and 'check')")
    assert run(d, "help", "--json") == usage_error("help: unknown option '--json'")
    assert sorted(os.listdir(d)) == ["app.aot", "fw.elf"]


@pytest.mark.parametrize("word, near", [
    ("inspekt", "inspect"), ("inpsect", "inspect"), ("Inspect", "inspect"),
    ("chek", "check"), ("chekc", "check"), ("hepl", "help"),
])
def test_did_you_mean(d, word, near):
    """A first word that names no file, has no '/' or '.', and is one slip
    (two in a longer word) from a command is taken as that command
    mistyped."""
    assert run(d, word, "app.aot", "--base", BASE, "-o", "out.aot") == \
        usage_error(f"unknown command '{word}'; did you mean '{near}'?")
    assert sorted(os.listdir(d)) == ["app.aot", "fw.elf"]


def test_a_file_named_like_a_command_is_an_input(d):
    """A word near a command that names a file, or that has a '.' or '/',
    is the rewrite's input as before."""
    shutil.copyfile(d / "app.aot", d / "chek")
    assert run(d, "chek", "--base", BASE, "--symbols", "fw.elf", "-o", "a.aot") == (0, "", "")
    assert run(d, "chek.aot", "--base", BASE, "-o", "b.aot") == \
        (1, "", "aot-xip: error: chek.aot: cannot open: No such file or directory\n")
    assert run(d, "./chekk", "--base", BASE, "-o", "b.aot") == \
        (1, "", "aot-xip: error: ./chekk: cannot open: No such file or directory\n")
    assert run(d, "frobnicate", "--base", BASE, "-o", "b.aot") == \
        (1, "", "aot-xip: error: frobnicate: cannot open: No such file or directory\n")
