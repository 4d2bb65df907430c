"""aot-xip pack: two test programs (programs/calls.c and arith.c, built as
test_exec.py builds them) in one partition. The partition is mapped at its
base by the loader (tests/e2e/loader) and a function of each app called at
the address the report gives, natively or under QEMU user mode: the results
must be the host's. The table of contents is read here independently
(docs/pack-format.md); each app cut out of the partition at its offset
passes `aot-xip check`. Then the refusals, with their exact messages."""
import json
import struct
import zlib

import pytest

from conftest import DATA_DIR, find_tool, run_tool
from test_exec import TARGETS, _run

USAGE = "\n(try 'aot-xip --help')\n"
THUMB = DATA_DIR / "aot" / "v6" / "thumbv7em"
FW1 = DATA_DIR / "guard" / "fw1.elf"  # a firmware ELF with a GNU build id
FW1_ID = "9a9ab2fdea0eda2badd269a183d6206406192afc"
INVOKE = "aot_invoke_native=0x08000201"  # fw1.elf does not define it

# arch -> the calls made: (app, function, a, b)
CALLS = [("calls", "calls", 5, 9), ("calls", "memops", 17, 40), ("math", "div64", 12345, 77),
         ("math", "fconst", 3, 11)]
ARCHES = ["x86_64", "thumbv7em", "riscv32", "aarch64", "mips"]


def read_toc(blob):
    """The table of contents, read as docs/pack-format.md says."""
    magic, version, entry_size, count, crc = struct.unpack_from("<4sHHII", blob, 0)
    assert (magic, version, entry_size) == (b"AXPK", 1, 48)
    entries = blob[16:16 + 48 * count]
    assert zlib.crc32(entries, zlib.crc32(blob[:12])) == crc
    apps = []
    for k in range(count):
        name, offset, size, app_crc, zero = struct.unpack_from("<32sIIII", entries, 48 * k)
        assert zero == 0
        apps.append((name.rstrip(b"\0").decode(), offset, size, app_crc))
    return apps


def app_stamps(tmp_path, out, rep):
    """Each app of the pack out (its report rep), cut out of the partition at
    its offset and size, and its stamp as `aot-xip inspect --json` reads it:
    (the report's app, the stamp) for each."""
    blob = out.read_bytes()
    for app in json.loads(rep.read_text())["apps"]:
        one = tmp_path / f"{app['name']}.xip"
        one.write_bytes(blob[app["offset"]:app["offset"] + app["size"]])
        r = run_tool("inspect", one, "--json")
        assert r.returncode == 0, r.stderr
        yield app, json.loads(r.stdout)["stamp"]


def make_pack(work, arch, tmp_path, *extra):
    t = TARGETS[arch]
    find_tool(t.cc)
    _, calls = work.aot(arch, "calls")
    _, arith = work.aot(arch, "arith")
    out, rep, mp = tmp_path / "apps.bin", tmp_path / "apps.json", tmp_path / "apps.map"
    r = run_tool("pack", "--base", hex(t.base), "--symbols", work.loader(arch),
                 f"calls={calls}", f"math={arith}", "-o", out, "--report", rep, "--map", mp, *extra)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    return out, json.loads(rep.read_text()), mp.read_text(), r.stdout


@pytest.mark.parametrize("arch", ARCHES)
def test_pack_runs_each_app(work, arch, tmp_path):
    t = TARGETS[arch]
    out, report, mapfile, _ = make_pack(work, arch, tmp_path)
    blob = out.read_bytes()
    toc = read_toc(blob)
    assert [a[0] for a in toc] == ["calls", "math"]
    assert report["base"] == t.base and report["size"] == len(blob)
    assert report["toc_size"] == 16 + 2 * 48 and report["align"] == 64
    end = 16 + 2 * 48
    for (name, offset, size, crc), app in zip(toc, report["apps"]):
        assert (app["name"], app["offset"], app["size"], app["crc32"]) == (name, offset, size, crc)
        assert app["address"] == t.base + offset and app["address"] % 64 == 0
        assert offset >= end and blob[end:offset] == b"\xff" * (offset - end)
        assert zlib.crc32(blob[offset:offset + size]) == crc
        end = offset + size
        assert f"app {app['index']} '{name}':" in mapfile
    assert end == len(blob)
    apps = {a["name"]: a for a in report["apps"]}
    loader = work.loader(arch)
    for app, func, a, b in CALLS:
        addr = apps[app]["exports"][func]
        cmd = ([find_tool(t.qemu)] if t.qemu else []) + [loader, out, hex(t.base), hex(addr),
                                                       a, b]
        got = _run(cmd, f"running {app}.{func}({a}, {b}) in the pack at {t.base:#x}")
        prog = "calls" if app == "calls" else "arith"
        assert got == work.expected(prog, func, a, b), f"{app}.{func}({a}, {b})"


def test_check_each_app_cut_out(work, tmp_path):
    """Each app, cut out of the partition at its offset and size, carries its
    stamp: `check` says it is up to date against the loader and its input."""
    out, report, _, _ = make_pack(work, "thumbv7em", tmp_path)
    blob = out.read_bytes()
    for app in report["apps"]:
        one = tmp_path / f"{app['name']}.xip"
        one.write_bytes(blob[app["offset"]:app["offset"] + app["size"]])
        r = run_tool("check", one, "--symbols", work.loader("thumbv7em"), "--input",
                     app["input"])
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"{one}: up to date (")
        assert r.stdout.endswith(f"natives match, base 0x{app['address']:08x})\n")


def test_align_and_region_usage(work, tmp_path):
    out, report, _, stdout = make_pack(work, "x86_64", tmp_path, "--align", "4096",
                                       "--region-size", "0x10000")
    assert [a["offset"] for a in report["apps"]] == [0x1000, 0x2000]
    size = report["size"]
    assert size == out.stat().st_size
    assert stdout == ("Memory region         Used Size  Region Size  %age Used\n"
                      f"         AOT_XIP:  {size:10d} B        64 KB"
                      f"    {size * 100 / 65536:6.2f}%\n")


def _aot(work, tmp_path, arch="x86_64"):
    find_tool(TARGETS[arch].cc)
    return work.aot(arch, "calls")[1], work.aot(arch, "arith")[1], work.loader(arch)


def test_refuses_region_overflow(work, tmp_path):
    calls, arith, loader = _aot(work, tmp_path)
    out = tmp_path / "apps.bin"
    r = run_tool("pack", "--base", "0x10000000", "--symbols", loader, calls, arith, "-o", out,
                 "--region-size", "1024", "--report", tmp_path / "r.json")
    assert r.returncode == 1
    assert r.stderr.startswith(f"aot-xip: error: {out}: image (")
    used = int(r.stderr.split("(")[1].split(" ")[0])
    assert r.stderr == (f"aot-xip: error: {out}: image ({used} bytes at 0x10000000) does not fit "
                        f"the region 0x10000000..0x10000400 (1024 bytes): region overflowed by "
                        f"{used - 1024} bytes\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("args,message", [
    # a file's name without .aot names its app: calls.x86_64.aot is 'calls.x86_64'
    (["{calls}", "{calls}"], "pack: two apps named 'calls.x86_64' ('{calls}' and '{calls}'): "
                             "name one of them with NAME=FILE"),
    (["{calls}", "calls.x86_64={arith}"], "pack: two apps named 'calls.x86_64' ('{calls}' and "
                                          "'{arith}'): name one of them with NAME=FILE"),
    (["a b={calls}"], "pack: app name 'a b' (of '{calls}'): expected 1 to 31 letters, digits, "
                      "'_', '-' or '.'; name it with NAME=FILE"),
    (["={calls}"], "pack: app name '' (of '{calls}'): expected 1 to 31 letters, digits, '_', "
                   "'-' or '.'; name it with NAME=FILE"),
    ([("x" * 32) + "={calls}"], "pack: app name '" + "x" * 32 + "' (of '{calls}'): expected 1 "
                                "to 31 letters, digits, '_', '-' or '.'; name it with "
                                "NAME=FILE"),
    (["{calls}", "--align", "8"], "--align '8': expected a power of two from 16 to 65536"),
    (["{calls}", "--align", "96"], "--align '96': expected a power of two from 16 to 65536"),
    (["{calls}", "--align", "0x20000"], "--align '0x20000': expected a power of two from 16 to "
                                        "65536"),
])
def test_refuses_names_and_alignment(work, tmp_path, args, message):
    calls, arith, loader = _aot(work, tmp_path)
    out = tmp_path / "apps.bin"
    f = {"calls": calls, "arith": arith}
    r = run_tool("pack", "--base", "0x10000000", "--symbols", loader, "-o", out,
                 *[a.format(**f) for a in args])
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "aot-xip: " + message.format(**f) + USAGE
    assert not out.exists()


@pytest.mark.parametrize("drop,message", [
    ("-o", "pack: no output file (-o OUT)"),
    ("--base", "pack: no base address (--base ADDR)"),
    ("apps", "pack: no input files"),
])
def test_refuses_missing_arguments(work, tmp_path, drop, message):
    calls, arith, loader = _aot(work, tmp_path)
    args = {"--base": ["--base", "0x10000000"], "-o": ["-o", tmp_path / "apps.bin"],
            "apps": [calls, arith]}
    del args[drop]
    r = run_tool("pack", "--symbols", loader, *[a for v in args.values() for a in v])
    assert (r.returncode, r.stdout, r.stderr) == (2, "", "aot-xip: " + message + USAGE)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_refuses_output_over_an_input(work, tmp_path):
    calls, arith, loader = _aot(work, tmp_path)
    before = arith.read_bytes()
    r = run_tool("pack", "--base", "0x10000000", "--symbols", loader, calls, arith, "-o", arith)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == (f"aot-xip: -o '{arith}' is the same file as the input '{arith}': "
                        f"aot-xip never writes over an input" + USAGE)
    assert arith.read_bytes() == before


def test_one_app_failing_writes_nothing(work, tmp_path):
    """The second app has an undefined native: no output at all, and the
    files already there are untouched."""
    calls, arith, loader = _aot(work, tmp_path)
    out, rep = tmp_path / "apps.bin", tmp_path / "apps.json"
    out.write_bytes(b"old pack")
    rep.write_text("old report")
    r = run_tool("pack", "--base", "0x10000000", "--defsym", "memcpy=0x1000", arith, calls,
                 "-o", out, "--report", rep)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith(f"aot-xip: error: {calls}: undefined symbol")
    assert (out.read_bytes(), rep.read_text()) == (b"old pack", "old report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["apps.bin", "apps.json"]


def test_help_names_pack():
    r = run_tool("pack", "--help")
    assert r.returncode == 0
    assert r.stdout.startswith("usage: aot-xip pack --base ADDR [--symbols MAP]... "
                               "[NAME=]IN.aot... -o OUT [options]\n")
    assert "--align N" in r.stdout
    assert "--firmware-id HEX" in r.stdout and "--natives-table ADDR" in r.stdout


def test_warns_with_the_app_file(work, tmp_path):
    """An app's warnings name its file; the pack is written."""
    calls, arith, loader = _aot(work, tmp_path)
    out = tmp_path / "apps.bin"
    r = run_tool("pack", "--base", "0x10000000", "--symbols", loader, "--defsym",
                 "host_callback=0", calls, arith, "-o", out)
    assert (r.returncode, r.stdout) == (0, "")
    assert r.stderr == (f"aot-xip: warning: {calls}: 'host_callback' (from --defsym) is at "
                        f"address 0: a weak symbol the firmware does not define? a call to it "
                        f"jumps to 0\n")
    assert out.exists()


def test_each_app_records_the_firmware_build_id(tmp_path):
    """Packed against a firmware ELF with a GNU build id, each app's stamp
    names that firmware, as a single image's does (the device-side guard
    then refuses the app on another firmware)."""
    src = THUMB / "imports.aot"
    out, rep = tmp_path / "apps.bin", tmp_path / "apps.json"
    r = run_tool("pack", "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 f"a={src}", f"b={src}", "-o", out, "--report", rep)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    for app, stamp in app_stamps(tmp_path, out, rep):
        assert (stamp["firmware_id"], stamp["base"]) == (FW1_ID, app["address"])


def test_each_app_records_the_firmware_id_given(tmp_path):
    """--firmware-id, for a firmware whose symbols come from a map without
    a build id: in every app's stamp, as in a single image's."""
    src, syms = THUMB / "imports.aot", tmp_path / "fw.syms"
    syms.write_text("aot_set_exception_with_id = 0x08000101\naot_invoke_native = 0x08000201\n")
    out, rep = tmp_path / "apps.bin", tmp_path / "apps.json"
    r = run_tool("pack", "--base", "0x08040000", "--symbols", syms, "--firmware-id",
                 "0xC0FFEE01", f"a={src}", f"b={src}", "-o", out, "--report", rep)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    apps = list(app_stamps(tmp_path, out, rep))
    assert len(apps) == 2
    for app, stamp in apps:
        assert (stamp["firmware_id"], stamp["base"]) == ("c0ffee01", app["address"])
    # the ELF's own id given by hand as well: the same id
    r = run_tool("pack", "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 "--firmware-id", FW1_ID, f"a={src}", f"b={src}", "-o", out, "--report", rep)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert [stamp["firmware_id"] for _, stamp in app_stamps(tmp_path, out, rep)] == [FW1_ID] * 2


def test_refuses_a_firmware_id_the_elf_contradicts(tmp_path):
    src = THUMB / "imports.aot"
    out = tmp_path / "apps.bin"
    r = run_tool("pack", "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 "--firmware-id", "0011", f"a={src}", f"b={src}", "-o", out, "--report",
                 tmp_path / "apps.json")
    assert (r.returncode, r.stdout, r.stderr) == (
        1, "", f"aot-xip: error: {src}: {FW1} has build id {FW1_ID}, but --firmware-id says "
               f"0011: an image is made for one firmware\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", ["", "0x", "abc", "zz", "00" * 65],
                         ids=["empty", "0x", "odd", "not-hex", "65-bytes"])
def test_refuses_a_malformed_firmware_id(tmp_path, bad):
    src = THUMB / "imports.aot"
    r = run_tool("pack", "--base", "0x08040000", "--symbols", FW1, "--defsym", INVOKE,
                 "--firmware-id", bad, src, "-o", tmp_path / "apps.bin")
    assert (r.returncode, r.stdout, r.stderr) == (
        2, "", f"aot-xip: --firmware-id '{bad}': expected 1 to 64 bytes in hex (a GNU build id, "
               f"as `readelf -n` prints it)" + USAGE)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_natives_table_mode_without_symbols(tmp_path):
    """--natives-table: every app built in table mode; two modules that
    call only natives need no symbol map. Each app's stamp and its entry in
    the report carry the table's address and ABI id (family 1: thumb)."""
    out, rep = tmp_path / "apps.bin", tmp_path / "apps.json"
    r = run_tool("pack", "--base", "0x08040000", "--natives-table", "0x08001000",
                 THUMB / "arith.aot", THUMB / "imports.aot", "-o", out, "--report", rep)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    apps = list(app_stamps(tmp_path, out, rep))
    assert [app["name"] for app, _ in apps] == ["arith", "imports"]
    for app, stamp in apps:
        assert (stamp["natives_table"], stamp["natives_abi"] >> 16) == (0x08001000, 1)
        assert (stamp["base"], stamp["firmware_id"]) == (app["address"], "")
        assert (app["natives_table"], app["natives_abi"]) == (0x08001000, stamp["natives_abi"])
