"""The command line never writes a wrong or partial output: outputs that
would write over an input, over each other or over what is not a regular
file are refused before any work; `-o -` writes the image to standard
output; the outputs of a run land together or not at all (a failure, a
signal, `ulimit -f`); an old output keeps its mode; numbers are 0x-hex or
decimal, never octal; a flash region the image must fit; warnings and
--fatal-warnings.

Each test works in a directory of its own holding a copy of the input and
of the firmware ELF, and checks what the directory holds afterwards: no
temporary file, outputs unchanged or absent, inputs unchanged (bytes and
modification time)."""
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import AOTX_BIN, DATA_DIR

FIXTURE = "v6/thumbv7em/control"
BASE = "0x08040000"
IMAGE_SIZE = 2207  # control.aot against fw.elf at BASE, stamp included
USAGE = "\n(try 'aot-xip --help')\n"


class Work:
    """A directory with app.aot and fw.elf; args() the rewrite's arguments."""

    def __init__(self, d):
        self.d = d
        self.app = d / "app.aot"
        self.elf = d / "fw.elf"
        shutil.copyfile(DATA_DIR / "aot" / (FIXTURE + ".aot"), self.app)
        shutil.copyfile(DATA_DIR / "symbols" / "fw.elf", self.elf)

    def args(self, *more):
        return [self.app, "--base", BASE, "--symbols", self.elf, *more]

    def snapshot(self):
        """Every entry of the directory: its kind, and a file's bytes,
        modification time and mode."""
        out = {}
        for name in sorted(os.listdir(self.d)):
            st = os.lstat(self.d / name)
            if stat.S_ISREG(st.st_mode):
                out[name] = ("file", (self.d / name).read_bytes(), st.st_mtime_ns,
                             stat.S_IMODE(st.st_mode))
            elif stat.S_ISLNK(st.st_mode):
                out[name] = ("link", os.readlink(self.d / name))
            else:
                out[name] = ("other", stat.S_IFMT(st.st_mode))
        return out


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # what a tool wrongly writes to "-" lands here
    return Work(tmp_path)


def run(*args, **kw):
    """aot-xip with args; kw as for subprocess.run (stdout/stderr piped
    unless given). Returns the CompletedProcess, stdout and stderr as bytes."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([str(AOTX_BIN), *map(str, args)], timeout=60, **kw)


def refused(work, args, code, message, **kw):
    """The run exits code with exactly message on stderr, nothing on stdout,
    and the directory as it was."""
    before = work.snapshot()
    r = run(*args, **kw)
    assert (r.returncode, r.stderr.decode()) == (code, message)
    if "stdout" not in kw:
        assert r.stdout == b""
    assert work.snapshot() == before


def usage(msg):
    return f"aot-xip: {msg}{USAGE}"


# ---------------------------------------------------------------- collisions

@pytest.mark.parametrize("opt", ["-o", "--map", "--report"])
def test_an_output_over_a_symbol_map(work, opt):
    args = work.args("-o", work.d / "out.aot", opt, work.elf) if opt != "-o" else \
        work.args("-o", work.elf)
    refused(work, args, 2, usage(f"{opt} '{work.elf}' is the same file as --symbols "
                                 f"'{work.elf}': aot-xip never writes over an input"))


def test_an_output_over_the_input_by_another_name(work):
    """A hard link and a symbolic link to the input are the input."""
    os.link(work.app, work.d / "hard.aot")
    os.symlink("app.aot", work.d / "sym.aot")
    for name in ("hard.aot", "sym.aot"):
        out = work.d / name
        refused(work, work.args("-o", out), 2,
                usage(f"-o '{out}' is the same file as the input '{work.app}': aot-xip never "
                      f"writes over an input"))


def test_the_c_header_over_a_symbol_map(work):
    m = work.d / "app.h"
    m.write_text("aot_set_exception_with_id = 0x08000101\n")
    refused(work, work.args("--symbols", m, "-O", "c", "-o", work.d / "app.c"), 2,
            usage(f"the -O c header '{m}' is the same file as --symbols '{m}': aot-xip never "
                  f"writes over an input"))


def test_a_missing_map_named_as_an_output(work):
    """Refused before anything is read: the map's absence is not the news."""
    m = work.d / "gone.map"
    refused(work, work.args("--symbols", m, "-o", m), 2,
            usage(f"-o '{m}' is the same file as --symbols '{m}': aot-xip never writes over "
                  f"an input"))


@pytest.mark.parametrize("first, second, extra", [
    ("-o", "--report", []),
    ("-o", "--map", []),
    ("--map", "--report", ["-o", "out.aot"]),
])
def test_two_outputs_one_file(work, first, second, extra):
    x = work.d / "x"
    extra = [work.d / e if e != "-o" else e for e in extra]
    refused(work, work.args(*extra, first, x, second, x), 2,
            usage(f"{second} '{x}' is the same file as {first} '{x}': each output needs a "
                  f"file of its own"))


def test_two_outputs_one_file_spelled_apart(work):
    """Where nothing is yet, the same path by another spelling."""
    (work.d / "sub").mkdir()
    a, b = work.d / "sub" / ".." / "x.aot", work.d / "x.aot"
    refused(work, work.args("-o", a, "--map", b), 2,
            usage(f"--map '{b}' is the same file as -o '{a}': each output needs a file of its "
                  f"own"))


def test_the_c_header_and_the_map(work):
    c, h = work.d / "app.c", work.d / "app.h"
    refused(work, work.args("-O", "c", "-o", c, "--map", h), 2,
            usage(f"--map '{h}' is the same file as the -O c header '{h}': each output needs "
                  f"a file of its own"))


# ---------------------------------------------------------------- not a regular file

def not_regular(opt, path, kind):
    return usage(f"{opt} '{path}': not a regular file ({kind}); aot-xip writes only regular "
                 f"files ('{opt} -' writes to standard output)")


@pytest.mark.parametrize("opt", ["-o", "--map", "--report"])
def test_a_fifo_is_refused(work, opt):
    fifo = work.d / "fifo"
    os.mkfifo(fifo)
    os.symlink("fifo", work.d / "to-fifo")
    for path in (fifo, work.d / "to-fifo"):
        args = work.args("-o", path) if opt == "-o" else \
            work.args("-o", work.d / "out.aot", opt, path)
        refused(work, args, 2, not_regular(opt, path, "a FIFO"))


def test_a_directory_is_refused_before_the_image_is_written(work):
    """--map naming a directory used to fail after the image was in place."""
    (work.d / "out.aot").write_bytes(b"previous build")
    (work.d / "maps").mkdir()
    refused(work, work.args("-o", work.d / "out.aot", "--map", work.d / "maps"), 2,
            not_regular("--map", work.d / "maps", "a directory"))


def null_device(work):
    """A character device to write to: a null device made in the test's
    directory where we may (as root), else /dev/null (which we may not
    replace). A tool that wrongly replaced it as root would then replace the
    test's node, not the system's."""
    node = work.d / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    except PermissionError:
        return "/dev/null"


def std_link(work, fd):
    """A link like /dev/stdout (fd 1) or /dev/stderr (fd 2), in the test's
    directory, for the same reason."""
    link = work.d / ("stdout", "stderr")[fd - 1]
    os.symlink(f"/proc/self/fd/{fd}", link)
    return link


def test_device_nodes_are_refused(work):
    null = null_device(work)
    refused(work, work.args("-o", null), 2, not_regular("-o", null, "a character device"))
    assert stat.S_ISCHR(os.stat(null).st_mode)
    # standard output a pipe: /dev/stdout leads to it
    out = std_link(work, 1)
    refused(work, work.args("-o", out), 2, not_regular("-o", out, "a FIFO"))


def test_the_file_standard_output_goes_to(work, tmp_path_factory):
    """/dev/stdout where standard output is a file (a build log) would
    replace the log: refused; the same for standard error."""
    logs = tmp_path_factory.mktemp("logs")
    out, err = std_link(work, 1), std_link(work, 2)
    with open(logs / "out.log", "wb") as o, open(logs / "err.log", "wb") as e:
        r = run(*work.args("-o", out), stdout=o, stderr=e)
    assert r.returncode == 2
    assert (logs / "out.log").read_bytes() == b""
    assert (logs / "err.log").read_text() == usage(
        f"-o '{out}' is the file standard output goes to (to write there, give '-' as the "
        f"path)")
    with open(logs / "err.log", "wb") as e:
        r = run(*work.args("-o", work.d / "o.aot", "--map", err), stderr=e)
    assert (r.returncode, r.stdout) == (2, b"")
    assert (logs / "err.log").read_text() == usage(
        f"--map '{err}' is the file standard error goes to (aot-xip prints its messages "
        f"there)")
    assert sorted(os.listdir(work.d)) == ["app.aot", "fw.elf", "stderr", "stdout"]
    assert os.readlink(out) == "/proc/self/fd/1" and os.readlink(err) == "/proc/self/fd/2"


def test_a_link_to_nothing_is_refused(work):
    os.symlink("gone.aot", work.d / "dangling.aot")
    out = work.d / "dangling.aot"
    refused(work, work.args("-o", out), 2,
            usage(f"-o '{out}': a symbolic link to nothing: aot-xip writes through a link only "
                  f"to a file that exists"))


def test_a_link_to_a_file_is_written_through(work):
    """The file the link leads to is replaced, keeping its mode; the link
    stays; no temporary file is left beside the link or the target."""
    (work.d / "flash").mkdir()
    target = work.d / "flash" / "app.xip.aot"
    target.write_bytes(b"previous build")
    target.chmod(0o640)
    os.symlink("flash/app.xip.aot", work.d / "app.xip.aot")
    r = run(*work.args("-o", work.d / "app.xip.aot"))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    assert os.readlink(work.d / "app.xip.aot") == "flash/app.xip.aot"
    assert len(target.read_bytes()) == IMAGE_SIZE
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(work.d)) == ["app.aot", "app.xip.aot", "flash", "fw.elf"]
    assert os.listdir(work.d / "flash") == ["app.xip.aot"]


def test_a_missing_directory(work):
    out = work.d / "nodir" / "app.map"
    refused(work, work.args("-o", work.d / "o.aot", "--map", out), 1,
            f"aot-xip: error: --map '{out}': cannot create a file in '{work.d / 'nodir'}': "
            f"No such file or directory\n")


def _as_nobody():
    os.setgid(65534)
    os.setgroups([])
    os.setuid(65534)


def test_a_directory_without_write_permission(tmp_path):
    """Root writes in any directory: as root the run is made as 'nobody' (uid
    65534), in a directory of /tmp that nobody can reach."""
    root = os.geteuid() == 0
    d = Path(tempfile.mkdtemp(prefix="aotx-ro-")) if root else tmp_path
    try:
        d.chmod(0o755)
        work = Work(d)
        ro = d / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        refused(work, work.args("-o", ro / "o.aot"), 1,
                f"aot-xip: error: -o '{ro / 'o.aot'}': cannot create a file in '{ro}': "
                f"Permission denied\n", preexec_fn=_as_nobody if root else None)
    finally:
        if root:
            shutil.rmtree(d)


# ---------------------------------------------------------------- -o -

@pytest.mark.parametrize("fmt", ["aot", "binary", "ihex", "srec", "elf"])
def test_dash_writes_the_image_to_standard_output(work, fmt):
    r = run(*work.args("-O", fmt, "-o", work.d / "file.out"))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    r = run(*work.args("-O", fmt, "-o", "-"))
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == (work.d / "file.out").read_bytes()
    assert sorted(os.listdir(work.d)) == ["app.aot", "file.out", "fw.elf"]


def test_dash_through_a_pipe(work):
    """Piped into another program, the bytes are the file's."""
    r = run(*work.args("-o", work.d / "file.aot"))
    assert r.returncode == 0
    cmd = f"'{AOTX_BIN}' '{work.app}' --base {BASE} --symbols '{work.elf}' -o - | cat > " \
          f"'{work.d / 'piped.aot'}'"
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], check=True, timeout=60)
    assert (work.d / "piped.aot").read_bytes() == (work.d / "file.aot").read_bytes()


@pytest.mark.parametrize("opt, name", [("--map", "m.map"), ("--report", "r.json")])
def test_dash_for_the_map_or_report(work, opt, name):
    out = work.d / "o.aot"
    r = run(*work.args("-o", out, opt, work.d / name))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    r = run(*work.args("-o", out, opt, "-"))
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == (work.d / name).read_bytes()


def test_one_output_to_standard_output(work):
    refused(work, work.args("-o", "-", "--report", "-"), 2,
            usage("-o - and --report - both write to standard output: only one output can"))


def test_dash_and_the_c_format(work):
    refused(work, work.args("-O", "c", "-o", "-"), 2,
            usage("-O c writes two files (OUT and its header): it cannot write to standard "
                  "output (-o -)"))


def test_dash_into_an_input(work):
    """Standard output sent to an input (appended to the map) is refused."""
    with open(work.elf, "ab") as out:
        r = run(*work.args("-o", "-"), stdout=out)
    assert (r.returncode, r.stderr.decode()) == (
        2, usage(f"standard output (-o -) is the same file as --symbols '{work.elf}': aot-xip "
                 f"never writes over an input"))
    assert work.elf.read_bytes() == (DATA_DIR / "symbols" / "fw.elf").read_bytes()


# ---------------------------------------------------------------- all or nothing

def test_a_failed_run_changes_no_output(work):
    """An older image, map and report stay as they were when the rewrite
    fails (an undefined symbol, an image too big for its region, a warning
    made fatal); no temporary file is left."""
    for name in ("o.aot", "o.map", "o.json"):
        (work.d / name).write_bytes(b"previous " + name.encode())
    empty = work.d / "empty.sym"
    empty.write_text("")
    outs = ["-o", work.d / "o.aot", "--map", work.d / "o.map", "--report", work.d / "o.json"]
    for args in ([work.app, "--base", BASE, "--symbols", empty, *outs],
                 work.args(*outs, "--region-size", "1024"),
                 work.args(*outs, "--load-address", "0", "--fatal-warnings")):
        before = work.snapshot()
        r = run(*args)
        assert r.returncode == 1
        assert work.snapshot() == before


def test_modes(work):
    """An existing output keeps its permission bits; a new one gets 0666
    less the umask."""
    old = work.d / "old.aot"
    old.write_bytes(b"previous build")
    old.chmod(0o604)
    cmd = " ".join(f"'{a}'" for a in [AOTX_BIN, *work.args("-o", old, "--map",
                                                           work.d / "new.map")])
    subprocess.run(["bash", "-c", f"umask 027; exec {cmd}"], check=True, timeout=60)
    assert len(old.read_bytes()) == IMAGE_SIZE
    assert stat.S_IMODE(old.stat().st_mode) == 0o604
    assert stat.S_IMODE((work.d / "new.map").stat().st_mode) == 0o640


def test_data_is_synced_before_the_rename(work, tool):
    """Each temporary file is fsync'ed, then renamed into place."""
    strace = tool("strace")
    log = work.d.parent / (work.d.name + ".strace")
    # LeakSanitizer (a sanitizer build) cannot run under ptrace
    env = {**os.environ, "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"}
    r = subprocess.run([strace, "-f", "-o", str(log), "-e", "trace=fsync,rename,renameat2",
                        str(AOTX_BIN), *map(str, work.args("-o", work.d / "o.aot", "--map",
                                                            work.d / "o.map"))],
                       capture_output=True, timeout=60, env=env)
    if r.returncode != 0 and b"ptrace" in r.stderr:
        pytest.skip(f"strace cannot trace here: {r.stderr.decode().strip()}")
    assert r.returncode == 0, r.stderr
    calls = [line.split(None, 1)[1].split("(")[0] for line in log.read_text().splitlines()
             if "(" in line and "resumed" not in line and "exited" not in line]
    assert calls.count("fsync") == 2
    assert [c.startswith("rename") for c in calls] == [False, False, True, True]


def _paused(work, seconds=60):
    """A run paused (AOTX_TEST_PAUSE_BEFORE_RENAME) with every temporary
    file written, old o.aot and o.map in place and a new o.json to come."""
    (work.d / "o.aot").write_bytes(b"previous image")
    (work.d / "o.map").write_bytes(b"previous map")
    env = {**os.environ, "AOTX_TEST_PAUSE_BEFORE_RENAME": str(seconds)}
    p = subprocess.Popen([str(AOTX_BIN), *map(str, work.args(
        "-o", work.d / "o.aot", "--map", work.d / "o.map", "--report", work.d / "o.json"))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = p.stderr.readline()
    assert line == b"aot-xip: test: paused before renaming the outputs\n"
    if seconds:
        temps = sorted(n for n in os.listdir(work.d) if ".tmp." in n)
        assert [t.split(".tmp.")[0] for t in temps] == ["o.aot", "o.json", "o.map"]
    return p


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_removes_the_temporary_files(work, sig):
    """Killed before the outputs are put in place: no temporary file is
    left, the old outputs are as they were, the new one is not there; the
    process dies of the signal."""
    p = _paused(work)
    before = {n: (work.d / n).read_bytes() for n in ("o.aot", "o.map")}
    p.send_signal(sig)
    assert p.wait(timeout=60) == -sig
    assert sorted(os.listdir(work.d)) == ["app.aot", "fw.elf", "o.aot", "o.map"]
    assert {n: (work.d / n).read_bytes() for n in ("o.aot", "o.map")} == before
    p.stdout.close()
    p.stderr.close()


def test_without_a_signal_the_paused_run_completes(work):
    """Without a signal the paused run goes on and puts all in place."""
    p = _paused(work, 0)
    out, err = p.communicate(timeout=60)
    assert (p.returncode, out, err) == (0, b"", b"")
    assert len((work.d / "o.aot").read_bytes()) == IMAGE_SIZE
    assert sorted(os.listdir(work.d)) == ["app.aot", "fw.elf", "o.aot", "o.json", "o.map"]


def test_ulimit_f_leaves_nothing(work):
    """A write past the file size limit (SIGXFSZ) removes the temporary
    files; the old output stays."""
    (work.d / "o.aot").write_bytes(b"previous image")
    before = work.snapshot()
    cmd = " ".join(f"'{a}'" for a in [AOTX_BIN, *work.args("-o", work.d / "o.aot", "--map",
                                                           work.d / "o.map")])
    r = subprocess.run(["bash", "-c", f"ulimit -f 1; exec {cmd}"], capture_output=True,
                       timeout=60)
    assert r.returncode == -signal.SIGXFSZ
    assert work.snapshot() == before


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("opt, val, hint", [
    ("--base", "010", "0x10 for hex or 10 for decimal"),
    ("--base", "08040000", "0x8040000 for hex or 8040000 for decimal"),
    ("--load-address", "0777", "0x777 for hex or 777 for decimal"),
    ("--page-size", "04096", "0x4096 for hex or 4096 for decimal"),
    ("--region-size", "00", "0x0 for hex or 0 for decimal"),
    ("--region-end", "0134479872", "0x134479872 for hex or 134479872 for decimal"),
])
def test_a_leading_zero_is_not_octal(work, opt, val, hint):
    args = work.args("-o", work.d / "o.aot", opt, val)
    refused(work, args, 2, usage(f"{opt} '{val}': a leading zero does not make '{val}' octal "
                                 f"here: write {hint}"))


@pytest.mark.parametrize("val", ["0x", "0x8g", "1e3", "-1", "+8", " 8", "0b101", "0o10",
                                 "0x10000000000000000"])
def test_not_a_number(work, val):
    refused(work, work.args("-o", work.d / "o.aot", "--load-address", val), 2,
            usage(f"--load-address '{val}': expected an address (0x08040000 or decimal)"))


def test_hex_and_decimal_agree(work):
    images = []
    for i, base in enumerate(["0x08040000", "0X08040000", "134479872"]):
        out = work.d / f"o{i}.aot"
        r = run(work.app, "--base", base, "--symbols", work.elf, "-o", out, "--page-size", "0")
        assert r.returncode == 2  # 0 is a number, but not a power of two
        r = run(work.app, "--base", base, "--symbols", work.elf, "-o", out)
        assert (r.returncode, r.stderr) == (0, b"")
        images.append(out.read_bytes())
    assert images[0] == images[1] == images[2]


# ---------------------------------------------------------------- the region

TABLE = "Memory region         Used Size  Region Size  %age Used\n"


@pytest.mark.parametrize("opt, val, size, end", [
    ("--region-size", "0x800", 2048, "0x08040800"),
    ("--region-end", "0x08040800", 2048, "0x08040800"),
    ("--region-size", "2206", 2206, "0x0804089e"),
])
def test_an_image_that_does_not_fit(work, opt, val, size, end):
    (work.d / "o.aot").write_bytes(b"previous image")
    refused(work, work.args("-o", work.d / "o.aot", opt, val), 1,
            f"aot-xip: error: {work.app}: image ({IMAGE_SIZE} bytes at 0x08040000) does not "
            f"fit the region 0x08040000..{end} ({size} bytes): region overflowed by "
            f"{IMAGE_SIZE - size} bytes\n")


@pytest.mark.parametrize("opt, val, line", [
    ("--region-size", "0x40000", "         AOT_XIP:        2207 B       256 KB      0.84%\n"),
    ("--region-end", "0x0804089f", "         AOT_XIP:        2207 B       2207 B    100.00%\n"),
    ("--region-size", "0x100000", "         AOT_XIP:        2207 B         1 MB      0.21%\n"),
])
def test_the_region_usage(work, opt, val, line):
    r = run(*work.args("-o", work.d / "o.aot", opt, val))
    assert (r.returncode, r.stdout.decode(), r.stderr) == (0, TABLE + line, b"")
    r = run(*work.args("-o", "-", opt, val))
    assert (r.returncode, r.stderr.decode()) == (0, TABLE + line)
    assert r.stdout == (work.d / "o.aot").read_bytes()


@pytest.mark.parametrize("args, msg", [
    (["--region-size", "0x100", "--region-end", "0x08050000"],
     "--region-size and --region-end both give the region's end: give one"),
    (["--region-size", "0"], "--region-size 0x0: from --base 0x08040000, the region would be "
                             "empty or pass the end of the address space"),
    (["--region-size", "0xfffffffffffffff0"],
     "--region-size 0xfffffffffffffff0: from --base 0x08040000, the region would be empty or "
     "pass the end of the address space"),
    (["--region-end", "0x08040000"],
     "--region-end 0x08040000 is not above --base 0x08040000: the region would be empty"),
])
def test_region_usage_errors(work, args, msg):
    refused(work, work.args("-o", work.d / "o.aot", *args), 2, usage(msg))


# ---------------------------------------------------------------- warnings

LOAD_WARNING = ("aot-xip: warning: --load-address is ignored: -O {} carries no address "
                "(ihex, srec, elf and c do)\n")


@pytest.mark.parametrize("fmt", ["aot", "binary"])
def test_load_address_with_a_format_that_ignores_it(work, fmt):
    r = run(*work.args("-O", fmt, "-o", work.d / "o.out", "--load-address", "0x00040000"))
    assert (r.returncode, r.stdout, r.stderr.decode()) == (0, b"", LOAD_WARNING.format(fmt))
    assert len((work.d / "o.out").read_bytes()) == IMAGE_SIZE


def test_load_address_with_a_format_that_carries_it(work):
    r = run(*work.args("-O", "ihex", "-o", work.d / "o.hex", "--load-address", "0x00040000"))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


def test_fatal_warnings(work):
    (work.d / "o.aot").write_bytes(b"previous image")
    refused(work, work.args("-o", work.d / "o.aot", "--map", work.d / "o.map",
                            "--load-address", "0x00040000", "--fatal-warnings"), 1,
            LOAD_WARNING.format("aot") + "aot-xip: error: warnings treated as errors "
                                         "(--fatal-warnings); nothing written\n")
    # and without a warning, --fatal-warnings changes nothing
    r = run(*work.args("-o", work.d / "o.aot", "--fatal-warnings"))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
