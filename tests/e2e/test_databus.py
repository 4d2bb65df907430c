"""--data-base: flash that one bus shows for instruction fetches and another
for data loads (ESP32 family). On riscv32, the ESP32-C3's core, the QEMU
loader (loader/loader_rv32.c) maps the same image twice, at the ESP32-C3's
IROM address (execute only) and at its DROM address (read only), and calls
programs that read read-only data: a byte table, a string, float constants,
switch jump tables.

qemu-user (7.2) still lets a load read an execute-only page, so the loader
also overwrites the data copies in the code mapping with 0xff: an image
whose code read its data through the instruction bus (one written without
--data-base) gets wrong results or faults, where on the chip such loads
fault. The image written with --data-base gives exact results."""
import json
import subprocess

from conftest import DATA_DIR, find_tool, run_tool

IROM, DROM = 0x42000000, 0x3C000000  # ESP32-C3 (and -S3)

# (program, function, inputs): each reads read-only data
CASES = [
    ("tables", "lookup", [(0, 5), (3, 9), (-7, 22)]),
    ("control", "sw", [(0, 5), (3, 21), (6, 21), (11, 5), (12, 5), (-1, 5)]),
    ("arith", "fconst", [(3, 11), (0, -50)]),
]


def _image(work, tmp_path, prog, *extra):
    """prog for riscv32 at IROM (and extra options): (path, report, map)."""
    _, aot = work.aot("riscv32", prog)
    name = "split" if extra else "one"
    img, rep, mp = (tmp_path / f"{prog}.{name}{s}" for s in (".xip", ".json", ".map"))
    r = run_tool(aot, "--base", hex(IROM), *extra, "--symbols", work.loader("riscv32"),
                 "-o", img, "--report", rep, "--map", mp)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    return img, json.loads(rep.read_text()), mp.read_text()


def _data_copies(report, bus):
    """The image's data copies as file offsets [from, to)."""
    copies = report["data"]
    assert copies, "the program has no read-only data"
    return (min(d["address"] for d in copies) - bus,
            max(d["address"] + d["size"] for d in copies) - bus)


def _call(work, report, img, func, a, b, poison):
    """func(a, b) in img, mapped at IROM and DROM, its data copies in the
    IROM mapping (file offsets poison) overwritten."""
    cmd = [find_tool("qemu-riscv32"), work.loader("riscv32"), img, hex(IROM),
           hex(report["exports"][func]), a, b, hex(DROM), *(hex(o) for o in poison)]
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)


def test_riscv32_reads_data_through_the_data_bus(work, tmp_path):
    find_tool("riscv64-linux-gnu-gcc")
    for prog, func, inputs in CASES:
        img, report, _ = _image(work, tmp_path, prog, "--data-base", hex(DROM))
        old, old_report, _ = _image(work, tmp_path, prog)
        assert report["data_base"] == DROM and "data_base" not in old_report
        poison = _data_copies(report, DROM)
        # the same layout: only the data's addresses differ
        assert _data_copies(old_report, IROM) == poison
        assert report["exports"] == old_report["exports"]
        wrong = 0
        for a, b in inputs:
            want = work.expected(prog, func, a, b)
            p = _call(work, report, img, func, a, b, poison)
            assert (p.returncode, p.stdout, p.stderr) == (0, want, ""), f"{func}({a}, {b})"
            p = _call(work, old_report, old, func, a, b, poison)
            wrong += p.returncode != 0 or p.stdout != want
        assert wrong, f"{func} without --data-base read no data through the code mapping"


def test_riscv32_map_and_report_show_both_buses(work, tmp_path):
    find_tool("riscv64-linux-gnu-gcc")
    _, report, mapfile = _image(work, tmp_path, "tables", "--data-base", hex(DROM))
    size = report["image_size"]
    assert report["base"] == IROM and report["data_base"] == DROM
    assert (f"data bus: the same image at 0x{DROM:08x}..0x{DROM + size:08x} (--data-base); "
            "data and got addresses below are there\n") in mapfile
    (copy,) = report["data"]
    assert (f"data     0x{copy['address']:08x}  {copy['size']} bytes  .rodata (aligned 16), "
            f"code bus 0x{copy['address'] - DROM + IROM:08x}\n") in mapfile
    assert IROM <= report["code_address"] < IROM + size
    assert all(IROM <= a < IROM + size for a in report["exports"].values())


def test_data_base_not_whole_pages_from_the_base_is_refused(tmp_path):
    src = DATA_DIR / "aot" / "v6" / "riscv32" / "control.aot"
    before = src.read_bytes()
    r = run_tool(src, "--base", "0x42000000", "--data-base", "0x3c000800", "--defsym",
                 "aot_set_exception_with_id=0x40000000", "-o", tmp_path / "out.aot")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == (
        f"aot-xip: error: {src}: data base address 0x3c000800 is not base 0x42000000 plus a "
        "multiple of 4096: both buses map flash in pages, so one byte's two addresses differ "
        "by whole pages; check the chip's memory map\n")
    assert list(tmp_path.iterdir()) == [] and src.read_bytes() == before


def test_pc_relative_data_reference_out_of_range_from_the_data_base(tmp_path):
    """x86-64 RIP-relative loads of constants: S_data + A - P_code must fit
    32 bits, as any PC32 value."""
    src = DATA_DIR / "aot" / "v6" / "x86_64" / "float.aot"
    syms = tmp_path / "fw.sym"
    syms.write_text("".join(f"{n} = 0x{0x0f000000 + 0x40 * i:x}\n" for i, n in enumerate(
        ["aot_set_exception_with_id", "rint", "trunc", "floor", "ceil"])))
    r = run_tool(src, "--base", "0x10000000", "--data-base", "0x90000000", "--symbols", syms,
                 "-o", tmp_path / "out.aot", "--error-limit", "1")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == (
        f"aot-xip: error: {src}: text+0x4 (aot_func#0 (poly)+0x4): relocation R_X86_64_PC32 out of "
        "range: 2147484504 is not in [-2147483648, 2147483647]; references '.rodata.cst8'\n"
        "aot-xip: error: too many errors emitted, stopping now (use --error-limit=0 to see all "
        "errors)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fw.sym"]
