"""Shared setup for the end-to-end tests: the one place that finds things.

Environment:
  AOTX_BIN   the aot-xip binary (default: <repo>/build/aot-xip). A relative
             path is taken relative to the current directory.
  AOTX_DATA  the test data folder holding aot/<version>/<target>/*.aot
             (default: <repo>/tests/data). Relative as above.
  CI         when set (non-empty), a missing external program (readelf, ...)
             fails the test instead of skipping it: CI must never skip silently.

<repo> is two levels above this file.
"""
import collections
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORACLE_DIR = REPO / "tests" / "oracle"


def _path_from_env(var, default):
    value = os.environ.get(var)
    return Path(value).resolve() if value else default


AOTX_BIN = _path_from_env("AOTX_BIN", REPO / "build" / "aot-xip")
DATA_DIR = _path_from_env("AOTX_DATA", REPO / "tests" / "data")
AOT_DIR = DATA_DIR / "aot"

# The independent reader (tests/oracle/aotdump.py), imported as is (and
# without leaving a __pycache__ in tests/oracle).
if str(ORACLE_DIR) not in sys.path:
    sys.path.insert(0, str(ORACLE_DIR))
_dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True
try:
    import aotdump  # noqa: E402
finally:
    sys.dont_write_bytecode = _dont_write


def in_ci():
    return bool(os.environ.get("CI"))


# ---------------------------------------------------------------- test files

def aot_files():
    """Every .aot below <data>/aot, as (id, path), id like 'v6/thumbv7em/float'."""
    if not AOT_DIR.is_dir():
        raise pytest.UsageError(f"test data folder not found: {AOT_DIR} (set AOTX_DATA)")
    files = sorted(AOT_DIR.rglob("*.aot"))
    if not files:
        raise pytest.UsageError(f"no .aot files below {AOT_DIR}")
    return [(aot_id(p), p) for p in files]


def aot_id(path):
    return Path(path).relative_to(AOT_DIR).with_suffix("").as_posix()


def aot_path(ident):
    """'v6/thumbv7em/float' -> the .aot path; fails if it does not exist."""
    p = AOT_DIR / (ident + ".aot")
    if not p.is_file():
        pytest.fail(f"test data file missing: {p}")
    return p


def pytest_generate_tests(metafunc):
    # `aot`: every .aot file; `aot_v6`: every v6 .aot (each must have its .o)
    if "aot" in metafunc.fixturenames:
        files = aot_files()
        metafunc.parametrize("aot", [p for _, p in files], ids=[i for i, _ in files])
    if "aot_v6" in metafunc.fixturenames:
        files = [(i, p) for i, p in aot_files() if i.startswith("v6/")]
        if not files:
            raise pytest.UsageError(f"no v6 .aot files below {AOT_DIR}")
        metafunc.parametrize("aot_v6", [p for _, p in files], ids=[i for i, _ in files])


# ---------------------------------------------------------------- programs

Result = collections.namedtuple("Result", "returncode stdout stderr")


def run_tool(*args, timeout=60, env=None):
    """Run aot-xip with args (and extra environment); returns Result(returncode,
    stdout, stderr)."""
    if not (AOTX_BIN.is_file() and os.access(AOTX_BIN, os.X_OK)):
        # the program under test: never a skip
        pytest.fail(f"aot-xip not found or not executable: {AOTX_BIN} "
                    f"(build it with `ninja -C build`, or set AOTX_BIN)")
    p = subprocess.run([str(AOTX_BIN), *map(str, args)], capture_output=True,
                       text=True, timeout=timeout,
                       env={**os.environ, **env} if env else None)
    return Result(p.returncode, p.stdout, p.stderr)


def find_tool(name):
    """Path of an external program; skip if missing, but fail under CI."""
    path = shutil.which(name)
    if path is None:
        msg = f"external program '{name}' not found in PATH"
        if in_ci():
            pytest.fail(msg + " (CI is set: refusing to skip)")
        pytest.skip(msg)
    return path


def need_elftools():
    """pyelftools (scripts/elf2aot.py reads objects with it): skip if
    missing, but fail under CI."""
    try:
        import elftools  # noqa: F401
    except ImportError:
        msg = "python module 'elftools' (Debian python3-pyelftools) not found"
        if in_ci():
            pytest.fail(msg + " (CI is set: refusing to skip)")
        pytest.skip(msg)


_inspect_cache = {}
_oracle_cache = {}


def inspect_json(path):
    """`aot-xip inspect PATH --json`, parsed; run once per file per session."""
    key = str(path)
    if key not in _inspect_cache:
        r = run_tool("inspect", path, "--json")
        assert r.returncode == 0, f"aot-xip inspect {path} --json exited {r.returncode}: {r.stderr}"
        try:
            _inspect_cache[key] = json.loads(r.stdout)
        except json.JSONDecodeError as e:
            pytest.fail(f"aot-xip inspect {path} --json printed invalid JSON: {e}")
    return _inspect_cache[key]


def oracle(path):
    """aotdump.parse(PATH), cached."""
    key = str(path)
    if key not in _oracle_cache:
        _oracle_cache[key] = aotdump.parse(key)
    return _oracle_cache[key]


# ---------------------------------------------------------------- fixtures

@pytest.fixture
def tool():
    """tool(name) -> path of an external program (skip/fail as find_tool)."""
    return find_tool


@pytest.fixture
def aotx():
    """The program under test: aotx.run(*args), aotx.inspect(path)."""
    return _Aotx()


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    """test_exec.Work: the test programs, built once per session for
    test_exec.py and test_mcu.py alike."""
    from test_exec import Work
    return Work(tmp_path_factory.mktemp("exec"))


@pytest.fixture
def aotdump_parse():
    return oracle


@pytest.fixture
def data():
    """data('v6/thumbv7em/float') -> path of that .aot file."""
    return aot_path


class _Aotx:
    bin = AOTX_BIN
    run = staticmethod(run_tool)
    inspect = staticmethod(inspect_json)
