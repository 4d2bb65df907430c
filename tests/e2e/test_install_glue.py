"""`meson install` of the build glue, used from the temporary DESTDIR prefix
test_install.py installs to, as a firmware project would use it: the CMake
package (find_package(aot-xip) with CMAKE_PREFIX_PATH, the CMakeLists.txt of
docs/user-guide.md as it is) and the Meson snippet (copied into a firmware's
meson.build), each building the image with the installed aot-xip, and each
check failing when a native moved. The firmware is Thumb code for a Cortex-M4,
built with arm-none-eabi-gcc."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AOTX_BIN, REPO
from test_install import _dir, installed  # noqa: F401  (the install, once per module)

FIXTURE = "v6/thumbv7em/imports"   # natives: aot_set_exception_with_id, aot_invoke_native
GLUE = ["aot-xip-meson.txt", "cmake/aot-xip.cmake", "cmake/aot-xipConfig.cmake",
        "cmake/aot-xipConfigVersion.cmake", "xip-array.ld", "xip-region.ld"]
CC = "arm-none-eabi-gcc"
CFLAGS = ["-mthumb", "-mcpu=cortex-m4", "-O1", "-ffreestanding",
          "-fno-asynchronous-unwind-tables"]
LDFLAGS = ["-nostdlib", "-Wl,--build-id=none"]
DOC_GLUE = "/opt/aot-xip/share/aot-xip"   # the guide's prefix, in its Meson example

MAIN_C = """extern const unsigned char __aot_xip_start[], __aot_xip_end[];
PADDING
int aot_set_exception_with_id(int a, int b) { return a + b; }
int aot_invoke_native(int a) { return a * 2; }
unsigned xip_image_size(void) { return (unsigned)(__aot_xip_end - __aot_xip_start); }
void _start(void) { for (;;) aot_invoke_native(aot_set_exception_with_id(1, 2)); }
"""
PADDING = "int pad(int x) { return x * x * x + 7 * x - 3; }"

TOOLCHAIN = f"""set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER {CC})
set(CMAKE_C_FLAGS_INIT "{' '.join(CFLAGS)}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "{' '.join(LDFLAGS)}")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
"""

CROSS = f"""[binaries]
c = '{CC}'

[built-in options]
c_args = {CFLAGS!r}
c_link_args = {LDFLAGS!r}

[host_machine]
system = 'none'
cpu_family = 'arm'
cpu = 'cortex-m4'
endian = 'little'
"""


def _guide_block(first_line):
    """The code block of docs/user-guide.md whose first line is FIRST_LINE."""
    blocks = re.findall(r"^```\w*\n(.*?)^```$", (REPO / "docs" / "user-guide.md").read_text(),
                        re.M | re.S)
    found = [b for b in blocks if b.startswith(first_line + "\n")]
    assert len(found) == 1, f"docs/user-guide.md: one block starting {first_line!r}"
    return found[0]


def _fw_ld(fragment):
    """The guide's fw.ld, with xip-array.ld or (base line dropped) xip-region.ld."""
    text = _guide_block("/* fw.ld */")
    if fragment == "xip-region.ld":
        text = re.sub(r"^AOT_XIP_BASE = .*\n", "", text, flags=re.M)
        text = text.replace("INCLUDE xip-array.ld", "INCLUDE xip-region.ld")
    return text


def _run(*cmd, cwd=None, env=None, ok=True):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                       env=env, timeout=300)
    if ok:
        assert p.returncode == 0, f"{' '.join(map(str, cmd))}:\n{p.stdout}\n{p.stderr}"
    return p


def _nm(tool, elf):
    out = _run(tool("arm-none-eabi-nm"), elf).stdout
    return {name: int(addr, 16) for addr, _, name in
            (line.split() for line in out.splitlines() if len(line.split()) == 3)}


def _prefix(installed):  # noqa: F811
    dest, opts = installed
    return dest / Path(opts["prefix"]).relative_to("/")


def _env_without_aot_xip():
    """PATH without the build folder: only the installed aot-xip may run."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep)
            if p and Path(p).resolve() != AOTX_BIN.parent]
    return {**os.environ, "PATH": os.pathsep.join(path)}


def _moved(old, new):
    return (f"'aot_invoke_native' moved from 0x{old['aot_invoke_native'] & ~1:08x} to "
            f"0x{new['aot_invoke_native'] & ~1:08x}")


def _by_hand(aotx, data, elf, out, *extra):
    r = aotx.run(data(FIXTURE), "--base", "0x08040000", "--symbols", elf, "-o", out, *extra)
    assert (r.returncode, r.stderr) == (0, "")
    return out.read_bytes()


def test_install_puts_the_build_glue(installed):  # noqa: F811
    glue = _dir(installed, "datadir") / "aot-xip"
    assert sorted(p.relative_to(glue).as_posix() for p in glue.rglob("*") if p.is_file()) \
        == GLUE
    for name in ["aot-xip-meson.txt", "cmake/aot-xip.cmake", "xip-array.ld", "xip-region.ld"]:
        assert (glue / name).read_bytes() == (REPO / "scripts" / Path(name).name).read_bytes()


@pytest.fixture
def cmake_project(installed, tool, data, tmp_path):  # noqa: F811
    """cmake_project(the guide's CMakeLists.txt title, fw.ld fragment): the
    project configured with the toolchain file and the install's prefix in
    CMAKE_PREFIX_PATH; returns (src, build, env)."""
    cmake, ninja = tool("cmake"), tool("ninja")
    tool(CC)
    env = _env_without_aot_xip()

    def make(title, fragment):
        src, build = tmp_path / "src", tmp_path / "build"
        src.mkdir()
        (src / "CMakeLists.txt").write_text(_guide_block(f"# CMakeLists.txt: {title}"))
        (src / "fw.ld").write_text(_fw_ld(fragment))
        (src / "main.c").write_text(MAIN_C.replace("PADDING", ""))
        (src / "toolchain.cmake").write_text(TOOLCHAIN)
        shutil.copy(data(FIXTURE), src / "app.aot")
        _run(cmake, "-S", src, "-B", build, "-G", "Ninja", f"-DCMAKE_MAKE_PROGRAM={ninja}",
             f"-DCMAKE_TOOLCHAIN_FILE={src / 'toolchain.cmake'}",
             f"-DCMAKE_PREFIX_PATH={_prefix(installed)}", env=env)
        cache = (build / "CMakeCache.txt").read_text()
        installed_bin = _dir(installed, "bindir") / "aot-xip"
        assert f"AOT_XIP_EXECUTABLE:FILEPATH={installed_bin}\n" in cache
        return src, build, env
    return make


def test_cmake_package_image_and_its_check(aotx, data, tool, cmake_project, tmp_path):
    src, build, env = cmake_project("an image flashed on its own", "xip-region.ld")
    _run("cmake", "--build", build, env=env)
    fw = build / "firmware"
    syms = _nm(tool, fw)
    assert (syms["__aot_xip_start"], syms["__aot_xip_end"]) == (0x08040000, 0x08080000)
    assert (build / "app.xip.aot").read_bytes() == _by_hand(aotx, data, fw,
                                                            tmp_path / "hand.aot")
    assert (build / "app.hex").read_bytes() == _by_hand(aotx, data, fw, tmp_path / "hand.hex",
                                                        "-O", "ihex")
    p = _run("cmake", "--build", build, "--target", "firmware_xip_check", env=env)
    assert f"{build / 'app.xip.aot'}: up to date (2 natives match, base 0x08040000)\n" \
        in p.stdout

    # the firmware changes: the check relinks it, keeps the image, and fails
    image = (build / "app.xip.aot").read_bytes()
    (src / "main.c").write_text(MAIN_C.replace("PADDING", PADDING))
    p = _run("cmake", "--build", build, "--target", "firmware_xip_check", env=env, ok=False)
    moved = _nm(tool, fw)
    assert p.returncode != 0
    assert _moved(syms, moved) in p.stdout + p.stderr
    assert (build / "app.xip.aot").read_bytes() == image
    # the build makes the image again, and the check passes
    _run("cmake", "--build", build, env=env)
    assert (build / "app.xip.aot").read_bytes() == _by_hand(aotx, data, fw,
                                                            tmp_path / "hand2.aot")
    _run("cmake", "--build", build, "--target", "firmware_xip_check", env=env)


def test_cmake_package_links_the_array_in(data, tool, cmake_project):
    src, build, env = cmake_project("the image linked into the firmware", "xip-array.ld")
    p = _run("cmake", "--build", build, env=env)
    assert f"app.xip.aot: up to date (2 natives match, base 0x08040000)\n" in p.stdout
    first, syms = _nm(tool, build / "firmware_syms"), _nm(tool, build / "firmware")
    assert syms["app_xip"] == syms["__aot_xip_start"] == 0x08040000
    assert first["__aot_xip_size"] == 0 and syms["__aot_xip_size"] > 0
    for native in ("aot_set_exception_with_id", "aot_invoke_native", "xip_image_size"):
        assert syms[native] == first[native], native


@pytest.mark.parametrize("version, found", [("", True), ("0.1", True), ("0.1.0", True),
                                            ("0.2", False), ("1.0", False)])
def test_cmake_package_version(installed, tool, tmp_path, version, found):  # noqa: F811
    cmake = tool("cmake")
    (tmp_path / "CMakeLists.txt").write_text(
        f"cmake_minimum_required(VERSION 3.13)\nproject(v NONE)\n"
        f"find_package(aot-xip {version})\n"
        "message(STATUS \"found ${aot-xip_FOUND} ${aot-xip_VERSION} "
        "${AOT_XIP_LINKER_SCRIPT_DIR}\")\n")
    p = _run(cmake, "-S", tmp_path, "-B", tmp_path / "build",
             f"-DCMAKE_PREFIX_PATH={_prefix(installed)}", env=_env_without_aot_xip())
    glue = _dir(installed, "datadir") / "aot-xip"
    expect = f"found 1 0.1.0 {glue}" if found else "found 0  \n"
    assert expect in p.stdout, p.stdout + p.stderr


def test_meson_snippet_installed(aotx, data, tool, installed, tmp_path):  # noqa: F811
    meson, ninja = tool("meson"), tool("ninja")
    tool(CC)
    glue = _dir(installed, "datadir") / "aot-xip"
    firmware = _guide_block("# meson.build")
    assert DOC_GLUE in firmware
    src, build = tmp_path / "src", tmp_path / "build"
    src.mkdir()
    (src / "meson.build").write_text(firmware.replace(DOC_GLUE, str(glue)) +
                                     (glue / "aot-xip-meson.txt").read_text())
    (src / "cross.ini").write_text(CROSS)
    (src / "fw.ld").write_text(_fw_ld("xip-region.ld"))
    (src / "main.c").write_text(MAIN_C.replace("PADDING", ""))
    shutil.copy(data(FIXTURE), src / "app.aot")
    env = _env_without_aot_xip()
    bindir = _dir(installed, "bindir")
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    out = _run(meson, "setup", "--cross-file", src / "cross.ini", build, src, env=env).stdout
    assert f"Program aot-xip found: YES ({bindir / 'aot-xip'})" in out, out

    _run(ninja, "-C", build, env=env)
    fw = build / "firmware"
    syms = _nm(tool, fw)
    assert (build / "app.xip.aot").read_bytes() == _by_hand(aotx, data, fw,
                                                            tmp_path / "hand.aot")
    assert (build / "app.xip.hex").read_bytes() == _by_hand(aotx, data, fw,
                                                            tmp_path / "hand.hex", "-O", "ihex")
    p = _run(ninja, "-C", build, "check-xip", env=env)
    assert "app.xip.aot: up to date (2 natives match, base 0x08040000)\n" in p.stdout

    # the firmware changes: check-xip relinks it, keeps the image, and fails
    image = (build / "app.xip.aot").read_bytes()
    (src / "main.c").write_text(MAIN_C.replace("PADDING", PADDING))
    p = _run(ninja, "-C", build, "check-xip", env=env, ok=False)
    assert p.returncode != 0
    assert _moved(syms, _nm(tool, fw)) in p.stdout + p.stderr
    assert (build / "app.xip.aot").read_bytes() == image
    _run(ninja, "-C", build, env=env)
    _run(ninja, "-C", build, "check-xip", env=env)


def _section(man, name):
    text = man.split(f"\n.SH {name}\n", 1)[1].split("\n.SH ", 1)[0]
    return text.replace("\\-", "-")


def test_fragments_messages_and_files_documented(installed):  # noqa: F811
    """The man page's FILES names every file of the glue and, with the user
    guide, each message of the fragments' ASSERTs."""
    glue = _dir(installed, "datadir") / "aot-xip"
    files = _section((REPO / "docs" / "aot-xip.1").read_text(), "FILES")
    guide = (REPO / "docs" / "user-guide.md").read_text()
    for name in GLUE:
        assert Path(name).name in files, name
    for fragment in ("xip-region.ld", "xip-array.ld"):
        messages = re.findall(r'^ASSERT\(.*, "(.*)"\)$', (glue / fragment).read_text(), re.M)
        assert messages and all(m.startswith(fragment + ": ") for m in messages)
        for m in messages:
            assert f'.B "{m}"' in files, m
            assert f"`{m}`" in guide, m
