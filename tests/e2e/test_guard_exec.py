"""The device-side guard (include/aot_xip/xip_guard.h) in a firmware: the e2e
loader (loader/loader.c with loader/guard.h), built twice for thumbv7em
with GNU build ids, the second with every native moved (its text segment
0x30000 higher): two firmwares. A direct-mode image made for the first runs
on it; the second refuses it (the guard's result name, exit 3, nothing
run), and so does the first for damaged copies of it."""
import json
import subprocess

import pytest

from conftest import REPO, find_tool, run_tool
from test_exec import LOADER, LOADER_FLAGS, TARGETS

ARCH = "thumbv7em"
PROG, FUNC, A, B = "calls", "calls", 5, 9
# firmware 2: the same program, its text segment (and every native) moved
MOVED = "-Wl,-Ttext-segment=0x40000"


@pytest.fixture(scope="module")
def firmwares(tmp_path_factory):
    t = TARGETS[ARCH]
    cc, _ = find_tool(t.cc), find_tool(t.qemu)
    root = tmp_path_factory.mktemp("guard")
    out = []
    for n, extra in ((1, []), (2, [MOVED])):
        fw = root / f"loader-fw{n}"
        p = subprocess.run([cc, *LOADER_FLAGS, "-DAOTX_GUARD", f"-I{REPO / 'include'}",
                            "-Wl,--build-id=sha1", *extra, "-o", str(fw), str(LOADER)],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        out.append(fw)
    return root, out


def _addr(fw, name):
    nm = subprocess.run([find_tool("arm-linux-gnueabihf-nm"), str(fw)], capture_output=True,
                        text=True, check=True).stdout
    return next(int(line.split()[0], 16) for line in nm.splitlines() if line.endswith(" " + name))


@pytest.fixture(scope="module")
def image(firmwares, work):
    """The program relocated (direct mode) against firmware 1's symbols."""
    root, (fw1, _) = firmwares
    _, aot = work.aot(ARCH, PROG)
    img, rep = root / "app.xip", root / "app.json"
    r = run_tool(aot, "--base", hex(TARGETS[ARCH].base), "--symbols", fw1, "-o", img,
                 "--report", rep)
    assert (r.returncode, r.stderr) == (0, "")
    return img, json.loads(rep.read_text())["exports"][FUNC]


def _run(fw, img, addr):
    t = TARGETS[ARCH]
    return subprocess.run([find_tool(t.qemu), str(fw), str(img), hex(t.base), hex(addr),
                           str(A), str(B)], capture_output=True, text=True, timeout=60)


def test_the_natives_moved(firmwares):
    _, (fw1, fw2) = firmwares
    assert _addr(fw1, "host_callback") != _addr(fw2, "host_callback")


def test_runs_on_its_firmware(firmwares, image, work):
    _, (fw1, _) = firmwares
    img, addr = image
    p = _run(fw1, img, addr)
    assert (p.returncode, p.stderr) == (0, "")
    assert p.stdout == work.expected(PROG, FUNC, A, B)


def test_refused_on_the_other_firmware(firmwares, image):
    _, (_, fw2) = firmwares
    img, addr = image
    p = _run(fw2, img, addr)
    assert (p.returncode, p.stdout, p.stderr) == (
        3, "", "loader: guard: AOTX_GUARD_OTHER_FIRMWARE\n")


@pytest.mark.parametrize("damage, result", [
    ("flip", "AOTX_GUARD_BAD_CRC"),        # one byte of the code
    ("last", "AOTX_GUARD_BAD_CRC"),        # the CRC itself
    ("cut", "AOTX_GUARD_TRUNCATED"),       # an interrupted update: the stamp cut short
    ("nostamp", "AOTX_GUARD_NO_STAMP"),    # --no-stamp
    ("base", "AOTX_GUARD_WRONG_BASE"),     # made for another address
])
def test_damaged_copies_are_refused(firmwares, image, work, damage, result):
    root, (fw1, _) = firmwares
    img, addr = image
    b = bytearray(img.read_bytes())
    bad = root / f"bad-{damage}.xip"
    if damage == "flip":
        b[len(b) // 3] ^= 0x10
    elif damage == "last":
        b[-1] ^= 0x01
    elif damage == "cut":
        b = b[:-10]
    elif damage in ("nostamp", "base"):
        _, aot = work.aot(ARCH, PROG)
        base = TARGETS[ARCH].base + (0 if damage == "nostamp" else 0x1000)
        extra = ["--no-stamp"] if damage == "nostamp" else []
        r = run_tool(aot, "--base", hex(base), "--symbols", fw1, *extra, "-o", bad)
        assert r.returncode == 0, r.stderr
        b = bytearray(bad.read_bytes())
    bad.write_bytes(b)
    p = _run(fw1, bad, addr)
    assert (p.returncode, p.stdout, p.stderr) == (3, "", f"loader: guard: {result}\n")
