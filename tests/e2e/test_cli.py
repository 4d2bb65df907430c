"""The command line: exit codes and the exact one-line errors on bad input."""
import pytest


def err(path, msg):
    return f"aot-xip: error: {path}: {msg}\n"


@pytest.mark.parametrize("content, message", [
    (b"", "empty file: not a WAMR AOT file"),
    (b"GIF89a\0\0\0\0\0\0", "not a WAMR AOT file: magic bytes 47 49 46 38, expected 00 61 6f 74"),
    (b"\x7fELF\x01\x01\x01\0", "this is an ELF file, not a WAMR AOT file (give aot-xip the .aot "
                               "that wamrc writes without --format=object)"),
    (b"\0aot\x07\0\0\0", "AOT format version 7 is not supported (aot-xip reads versions 3, 4, 5 "
                         "and 6)"),
    (b"\0aot\x06\0\0\0", "truncated file: no sections after the header"),
])
def test_bad_input_exits_1_with_one_line(aotx, tmp_path, content, message):
    f = tmp_path / "in.aot"
    f.write_bytes(content)
    r = aotx.run("inspect", f)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", err(f, message))


def test_truncated_fixture(aotx, data, tmp_path):
    raw = data("v6/thumbv7em/imports").read_bytes()
    f = tmp_path / "cut.aot"
    f.write_bytes(raw[:0x200])
    r = aotx.run("inspect", f)
    assert r.returncode == 1
    assert r.stderr == err(f, "truncated file: section 2 (text) at 0x13c claims 0x130 bytes, "
                              "but only 0xc4 remain")


def test_missing_file(aotx, tmp_path):
    f = tmp_path / "nope.aot"
    r = aotx.run("inspect", f)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f"aot-xip: error: {f}: cannot open: No such file or directory\n"


def test_directory_is_not_an_input(aotx, tmp_path):
    r = aotx.run("inspect", tmp_path)
    assert (r.returncode, r.stderr) == (1, f"aot-xip: error: {tmp_path}: not a regular file\n")


@pytest.mark.parametrize("args, message", [
    (["app.aot"], "no output file (-o OUT)"),
    (["app.aot", "-o", "x.aot"], "no base address (--base ADDR)"),
    (["app.aot", "--base", "0x8g", "-o", "x"], "--base '0x8g': expected an address (0x08040000 or decimal)"),
    (["app.aot", "--base"], "option '--base' needs a value"),
    (["app.aot", "--bogus"], "unknown option '--bogus'"),
    (["inspect"], "inspect: no input file"),
    (["inspect", "--yaml", "x.aot"], "inspect: unknown option '--yaml'"),
    (["inspect", "a.aot", "b.aot"], "inspect: one file at a time"),
])
def test_usage_errors_exit_2(aotx, args, message):
    r = aotx.run(*args)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"aot-xip: {message}\n(try 'aot-xip --help')\n"


def test_help_and_version(aotx):
    r = aotx.run("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: aot-xip IN.aot --base ADDR [--symbols MAP]... -o OUT.aot")
    r = aotx.run("--version")
    assert (r.returncode, r.stdout) == (0, "aot-xip 0.1.0\n")


def test_inspect_does_not_touch_its_input(aotx, data, tmp_path):
    src = data("v6/thumbv7em/float")
    before = src.read_bytes()
    r = aotx.run("inspect", src)
    assert r.returncode == 0
    assert src.read_bytes() == before
