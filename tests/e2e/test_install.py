"""`meson install` of the build directory the tests run from (AOTX_BIN's
parent) into a temporary DESTDIR: the binary, libaotxip shared and static, the
public headers, the pkg-config file and the man page; pkg-config's flags for
it; a C program built against the installed static library and a C++ one
against the shared library, which exports only the headers' functions; and a
build without cmocka."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import AOTX_BIN, DATA_DIR, REPO, in_ci

FIXTURE = "v6/thumbv7em/float"   # version 6, thumb, 11 functions, 12 exports
HEADERS = ["aot_xip.h", "diag.h", "module.h", "symbols.h", "version.h", "xip.h"]

PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <aot_xip/aot_xip.h>

int main(int argc, char **argv)
{
    struct aotx_diag d = {0};
    struct aotx_module *m = NULL;
    uint8_t *buf = NULL, *out = NULL;
    size_t size = 0, out_size = 0;
    if (argc != 3 || aotx_read_file(argv[1], &buf, &size, &d) != AOTX_OK ||
        aotx_read(buf, size, &m, &d) != AOTX_OK) {
        fprintf(stderr, "error: %s\n", d.msg);
        return 1;
    }
    printf("version %u %s: %u functions, %u exports, code %u bytes, first export '%s'\n",
           (unsigned)m->version, aotx_arch_name(m), (unsigned)m->func_count,
           (unsigned)m->export_count, (unsigned)m->code_size, m->exports[1].name);
    if (aotx_write(m, &out, &out_size, &d) != AOTX_OK) {
        fprintf(stderr, "error: %s\n", d.msg);
        return 1;
    }
    printf("written back: %s\n",
           out_size == size && memcmp(out, buf, size) == 0 ? "same bytes" : "DIFFERENT");
    /* an ELF symbol map: libelf through libaotxip's Requires.private */
    struct aotx_symmap *syms = aotx_symmap_new();
    if (!syms || aotx_symmap_load_file(syms, argv[2], AOTX_SYMMAP_AUTO, &d) != AOTX_OK) {
        fprintf(stderr, "error: %s\n", d.msg);
        return 1;
    }
    const struct aotx_native *n = aotx_symmap_find(syms, "aot_set_exception_with_id");
    printf("aot_set_exception_with_id = 0x%08llx%s\n", n ? (unsigned long long)n->value : 0ull,
           n && n->isa == AOTX_ISA_THUMB ? " (thumb)" : "");
    aotx_symmap_free(syms);
    free(out);
    aotx_module_free(m);
    free(buf);
    return 0;
}
"""

CXX_PROGRAM = r"""
#include <cstdio>
#include <cstdlib>
#include <aot_xip/aot_xip.h>

int main(int argc, char **argv)
{
    aotx_diag d = {};
    aotx_module *m = nullptr;
    uint8_t *buf = nullptr;
    size_t size = 0;
    if (argc != 2 || aotx_read_file(argv[1], &buf, &size, &d) != AOTX_OK ||
        aotx_read(buf, size, &m, &d) != AOTX_OK) {
        std::fprintf(stderr, "error: %s\n", d.msg);
        return 1;
    }
    std::printf("headers %s (%d.%d.%d), library %s: %s, %u functions\n", AOTX_VERSION,
                AOTX_VERSION_MAJOR, AOTX_VERSION_MINOR, AOTX_VERSION_PATCH, aotx_version(),
                aotx_arch_name(m), (unsigned)m->func_count);
    aotx_module_free(m);
    std::free(buf);
    return 0;
}
"""


def _skip_or_fail(msg):
    if in_ci():
        pytest.fail(msg + " (CI is set: refusing to skip)")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Install the build into a fresh DESTDIR; returns (destdir, options) with
    the build's prefix, bindir, libdir, includedir, mandir and b_sanitize."""
    build = AOTX_BIN.parent
    info = build / "meson-info" / "intro-buildoptions.json"
    if not info.is_file():
        _skip_or_fail(f"{build} is not a meson build directory (no {info.relative_to(build)})")
    meson = subprocess.run(["meson", "--version"], capture_output=True)
    if meson.returncode != 0:
        _skip_or_fail("meson not found in PATH")
    opts = {o["name"]: o["value"] for o in json.loads(info.read_text())}
    dest = tmp_path_factory.mktemp("destdir")
    p = subprocess.run(["meson", "install", "-C", str(build), "--no-rebuild", "--quiet",
                        "--destdir", str(dest)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"meson install failed:\n{p.stdout}\n{p.stderr}"
    return dest, opts


def _dir(installed, key):
    dest, opts = installed
    return dest / Path(opts["prefix"]).relative_to("/") / opts[key]


def test_install_puts_every_file(installed):
    bindir, libdir = _dir(installed, "bindir"), _dir(installed, "libdir")
    incdir, mandir = _dir(installed, "includedir"), _dir(installed, "mandir")
    version = "0.1.0"
    expected = [bindir / "aot-xip", libdir / "libaotxip.a", libdir / "libaotxip.so",
                libdir / "libaotxip.so.0", libdir / f"libaotxip.so.{version}",
                libdir / "pkgconfig" / "aotxip.pc", mandir / "man1" / "aot-xip.1"]
    expected += [incdir / "aot_xip" / h for h in HEADERS]
    missing = [str(p) for p in expected if not p.exists()]
    assert missing == []
    # every public header in the sources is installed, and no other
    assert sorted(p.name for p in (incdir / "aot_xip").iterdir()) == \
        sorted(p.name for p in (REPO / "include" / "aot_xip").glob("*.h"))
    assert (libdir / "libaotxip.so").resolve().name == f"libaotxip.so.{version}"
    # the installed binary runs with the installed shared library
    r = subprocess.run([str(bindir / "aot-xip"), "--version"], capture_output=True, text=True,
                       env={**os.environ, "LD_LIBRARY_PATH": str(libdir)})
    assert (r.returncode, r.stdout, r.stderr) == (0, f"aot-xip {version}\n", "")


def test_program_is_static_where_it_can_be(installed, tool):
    """meson.build links aot-xip statically (static_tool=auto) unless a
    sanitizer needs its shared run-time or the archives are missing."""
    readelf, cc = tool("readelf"), tool("cc")
    _, opts = installed
    exe = _dir(installed, "bindir") / "aot-xip"
    dyn = subprocess.run([readelf, "-d", str(exe)], capture_output=True, text=True,
                         check=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn)
    archives = [subprocess.run([cc, f"-print-file-name={a}"], capture_output=True, text=True,
                               check=True).stdout.strip() for a in ("libc.a", "libelf.a")]
    can = all(Path(a).is_absolute() and Path(a).is_file() for a in archives)
    if opts["static_tool"] == "disabled" or opts["b_sanitize"] != "none":
        assert "libc.so.6" in needed
    elif opts["static_tool"] == "enabled" or can:
        assert needed == []
        assert "no dynamic section" in dyn.lower() or dyn.strip() == ""


def _pkg_config(installed, *args, pkg="aotxip"):
    dest, _ = installed
    env = {**os.environ, "PKG_CONFIG_PATH": str(_dir(installed, "libdir") / "pkgconfig"),
           "PKG_CONFIG_SYSROOT_DIR": str(dest)}
    p = subprocess.run(["pkg-config", *args, pkg], capture_output=True, text=True,
                       env=env)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


def test_pkg_config_flags(installed, tool):
    tool("pkg-config")
    incdir, libdir = _dir(installed, "includedir"), _dir(installed, "libdir")
    assert _pkg_config(installed, "--modversion") == ["0.1.0"]
    assert _pkg_config(installed, "--libs") == [f"-L{libdir}", "-laotxip"]
    # the headers' directory, then libelf's own (Requires.private) under the sysroot
    libelf_cflags = _pkg_config(installed, "--cflags", pkg="libelf")
    assert _pkg_config(installed, "--cflags") == [f"-I{incdir}", *libelf_cflags]
    assert _pkg_config(installed, "--cflags", "--libs") == [f"-I{incdir}", *libelf_cflags,
                                                            f"-L{libdir}", "-laotxip"]
    # static linking also pulls libelf (Requires.private) and what it needs;
    # no threads: the library has none
    static = _pkg_config(installed, "--static", "--libs")
    assert static == [f"-L{libdir}", "-laotxip",
                      *_pkg_config(installed, "--static", "--libs", pkg="libelf")]
    assert "-lelf" in static
    assert (_dir(installed, "libdir") / "pkgconfig" / "aotxip.pc").read_text().count(
        "Requires.private: libelf\n") == 1


def test_program_links_the_installed_static_library(installed, tool, tmp_path, data):
    cc = tool("cc")
    tool("pkg-config")
    _, opts = installed
    src = tmp_path / "prog.c"
    src.write_text(PROGRAM)
    exe = tmp_path / "prog"
    cflags = _pkg_config(installed, "--cflags")
    # -l:libaotxip.a: the static archive, not the shared library beside it
    libs = ["-l:libaotxip.a" if f == "-laotxip" else f
            for f in _pkg_config(installed, "--static", "--libs")]
    sanitize = [] if opts["b_sanitize"] == "none" else [f"-fsanitize={opts['b_sanitize']}"]
    p = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", *sanitize, *cflags,
                        str(src), "-o", str(exe), *libs], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    needed = subprocess.run(["readelf", "-d", str(exe)], capture_output=True, text=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", needed)
    assert "libelf.so.1" in needed
    assert [n for n in needed if "aotxip" in n] == []
    r = subprocess.run([str(exe), str(data(FIXTURE)), str(DATA_DIR / "symbols" / "fw.elf")],
                       capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == ("version 6 thumb: 11 functions, 12 exports, code 2364 bytes, "
                        "first export 'poly'\n"
                        "written back: same bytes\n"
                        "aot_set_exception_with_id = 0x0800001a (thumb)\n")


def test_man_page_renders_and_names_every_option(installed, tool):
    man = tool("man")
    page = _dir(installed, "mandir") / "man1" / "aot-xip.1"
    p = subprocess.run([man, "--warnings", "-l", str(page)], capture_output=True, text=True,
                       env={**os.environ, "LC_ALL": "C", "MANWIDTH": "80"})
    assert (p.returncode, p.stderr) == (0, "")
    text = re.sub(r".\x08", "", p.stdout)   # overstrike bold/underline, if any
    assert text.startswith("AOT-XIP(1)")
    for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS",
                    "EXAMPLES"]:
        assert f"\n{heading}\n" in text
    help_text = subprocess.run([str(AOTX_BIN), "--help"], capture_output=True,
                               text=True).stdout
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[oOh])\b", help_text))
    assert {"--base", "--symbols", "--json", "--input", "--no-stamp", "-O", "-o"} <= options
    missing = sorted(o for o in options if not re.search(rf"(?<![\w-]){o}\b", text))
    assert missing == []
    for command in ["inspect FILE", "check IMAGE"]:
        assert command in text
    for code in ["0", "1", "2"]:
        assert re.search(rf"\nEXIT STATUS\n(.*\n)*       {code}      \S", text), \
            f"exit status {code} not documented"


def test_readme_two_commands_give_a_flashable_ihex(tool, tmp_path):
    """The README's newcomer path: its second command, run as written (with
    the binary under test and the output in a temporary folder)."""
    objcopy = tool("objcopy")
    readme = (REPO / "README.md").read_text()
    cmds = [line for line in readme.splitlines() if line.startswith("build/aot-xip ")
            and " -O ihex " in line]
    assert len(cmds) == 1, "the README's ihex command"
    args = cmds[0].split()[1:]
    assert args[-2:] == ["-o", "control.hex"]
    hexf = tmp_path / "control.hex"
    p = subprocess.run([str(AOTX_BIN), *args[:-1], str(hexf)], cwd=REPO,
                       capture_output=True, text=True)
    assert (p.returncode, p.stderr) == (0, "")
    lines = hexf.read_text().splitlines()
    assert lines[0] == ":020000040804EE"          # extended linear address 0x0804xxxx
    assert lines[-1] == ":00000001FF"
    # the bytes objcopy reads from it are the image aot-xip writes as .aot
    aot = tmp_path / "control.aot"
    p = subprocess.run([str(AOTX_BIN), *args[:-4], "-o", str(aot)], cwd=REPO,
                       capture_output=True, text=True)
    assert (p.returncode, p.stderr) == (0, "")
    subprocess.run([objcopy, "-I", "ihex", "-O", "binary", str(hexf), str(tmp_path / "c.bin")],
                   check=True)
    assert (tmp_path / "c.bin").read_bytes() == aot.read_bytes()


def _header_version():
    text = (REPO / "include" / "aot_xip" / "version.h").read_text()
    parts = [re.search(rf"^#define AOTX_VERSION_{p} (\d+)$", text, re.M).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    full = re.search(r'^#define AOTX_VERSION "([^"]*)"$', text, re.M).group(1)
    assert full == ".".join(parts)
    return full


def test_version_is_the_projects_everywhere(installed):
    """version.h, meson.build's project version and aot-xip --version (which
    prints aotx_version()) agree."""
    version = _header_version()
    meson_build = (REPO / "meson.build").read_text()
    assert re.search(r"^  version: '([^']*)',$", meson_build, re.M).group(1) == version
    r = subprocess.run([str(AOTX_BIN), "--version"], capture_output=True, text=True)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"aot-xip {version}\n", "")


def test_setup_refuses_a_version_h_out_of_step(tmp_path):
    """meson setup stops (before it reads any source) where version.h and the
    project version differ."""
    src = tmp_path / "src"
    (src / "include" / "aot_xip").mkdir(parents=True)
    shutil.copy(REPO / "meson_options.txt", src)
    shutil.copy(REPO / "include" / "aot_xip" / "version.h", src / "include" / "aot_xip")
    version = _header_version()
    text = (REPO / "meson.build").read_text()
    (src / "meson.build").write_text(text.replace(f"  version: '{version}',",
                                                  "  version: '0.1.7',", 1))
    p = subprocess.run(["meson", "setup", str(tmp_path / "build"), str(src)],
                       capture_output=True, text=True)
    assert p.returncode == 1
    assert re.search(r"meson\.build:\d+:\d+: ERROR: Problem encountered: include/aot_xip/"
                     r"version\.h has no line '#define AOTX_VERSION_PATCH 7': write the "
                     r"project version there too\n", p.stdout), p.stdout
    assert not (tmp_path / "build" / "build.ninja").exists()


def _declared_functions(incdir):
    """The aotx_ functions the headers declare, and those marked AOTX_API.
    The header-only helpers' static inline functions (crc32.h, xip_pack.h:
    for firmware too, and calling each other) are the headers' own, not the
    library's: they count as neither."""
    declared, exported, inline = set(), set(), set()
    for h in sorted(incdir.glob("*.h")):
        text = re.sub(r"/\*.*?\*/", " ", h.read_text(), flags=re.S)
        text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        inline |= set(re.findall(r"\bstatic\s+inline\b[^;{}]*?\b(aotx_\w+)\s*\(", text))
        declared |= set(re.findall(r"\b(aotx_\w+)\s*\(", text))
        exported |= set(re.findall(r"\bAOTX_API\b[^;{}]*?\b(aotx_\w+)\s*\(", text))
    return declared - inline, exported


def test_shared_library_exports_only_the_public_functions(installed, tool):
    nm = tool("nm")
    incdir = _dir(installed, "includedir") / "aot_xip"
    declared, exported = _declared_functions(incdir)
    assert "aotx_xip" in declared and "aotx_version" in declared
    assert sorted(declared - exported) == [], "declared without AOTX_API"
    so = _dir(installed, "libdir") / "libaotxip.so"
    out = subprocess.run([nm, "-D", "--defined-only", str(so)], capture_output=True,
                         text=True, check=True).stdout
    defined = {line.split()[-1] for line in out.splitlines() if line.strip()}
    assert sorted(defined - declared) == [], "exported but not in include/"
    assert sorted(declared - defined) == [], "declared in include/ but not exported"


def test_cxx_program_links_the_installed_shared_library(installed, tool, tmp_path, data):
    cxx = tool("g++")
    _, opts = installed
    incdir, libdir = _dir(installed, "includedir"), _dir(installed, "libdir")
    src = tmp_path / "prog.cc"
    src.write_text(CXX_PROGRAM)
    exe = tmp_path / "prog"
    sanitize = [] if opts["b_sanitize"] == "none" else [f"-fsanitize={opts['b_sanitize']}"]
    p = subprocess.run([cxx, "-std=c++11", "-Wall", "-Wextra", "-Werror", *sanitize,
                        f"-I{incdir}", str(src), "-o", str(exe), f"-L{libdir}", "-laotxip"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    r = subprocess.run([str(exe), str(data(FIXTURE))], capture_output=True, text=True,
                       env={**os.environ, "LD_LIBRARY_PATH": str(libdir)})
    version = _header_version()
    v = version.split(".")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == (f"headers {version} ({v[0]}.{v[1]}.{v[2]}), library {version}: "
                        "thumb, 11 functions\n")


def test_tool_builds_without_cmocka(tool, tmp_path):
    """cmocka is only the unit tests': with it hidden from pkg-config (and
    CMake), meson setup leaves the unit tests out and the tool builds."""
    tool("ninja")
    pc = tmp_path / "pkgconfig"
    pc.mkdir()
    path = subprocess.run(["pkg-config", "--variable", "pc_path", "pkg-config"],
                          capture_output=True, text=True, check=True).stdout.strip()
    for d in map(Path, path.split(":")):
        for f in (d.glob("*.pc") if d.is_dir() else []):
            if f.name != "cmocka.pc" and not (pc / f.name).exists():
                (pc / f.name).symlink_to(f)
    native = tmp_path / "native.ini"
    native.write_text("[binaries]\ncmake = 'false'\n")
    build = tmp_path / "build"
    env = {**os.environ, "PKG_CONFIG_LIBDIR": str(pc)}
    p = subprocess.run(["meson", "setup", "--native-file", str(native), "-Dwerror=true",
                        str(build), str(REPO)], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"Run-time dependency cmocka found: NO", p.stdout)
    tests = subprocess.run(["meson", "introspect", "--tests", str(build)],
                           capture_output=True, text=True, check=True).stdout
    assert [t["name"] for t in json.loads(tests)] == ["pytest"]
    p = subprocess.run(["ninja", "-C", str(build), "aot-xip"], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout
    r = subprocess.run([str(build / "aot-xip"), "--version"], capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (0, f"aot-xip {_header_version()}\n")
