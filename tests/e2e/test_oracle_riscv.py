"""The RISC-V oracle: wamrc's ELF object of the same module, linked by ld.lld
at the addresses aot-xip reports, must give the same code and data bytes.

For every v6 riscv32/riscv64 fixture that has its .o beside it:
  near natives: aot-xip's code equals ld.lld's .text and each read-only data
    copy equals ld.lld's section, byte for byte;
  riscv32, natives at the top of the address space (more than 2 GiB away):
    AUIPC + JALR wrap modulo 2^32, so there are still no veneers and the
    bytes still equal ld.lld's (which wraps the same way on RV32);
  riscv64, natives 8 GiB away: every call is decoded here, independently of
    the tool, and must land on a veneer whose own code loads the native from
    its slot; and ld.lld, told that each native lives at its veneer, links
    the very same bytes (ld.lld has no RISC-V range-extension thunks).
Every riscv fixture of every version rewrites and verifies; an image base
that puts the data copies out of LUI reach on RV64 fails with the exact
message.

The objects carry no R_RISCV_RELAX or R_RISCV_ALIGN (checked): ld.lld relaxes nothing.

Jump tables: GNU as writes each entry of a switch's table in .rodata as an
R_RISCV_ADD32 (the case label in .text) + R_RISCV_SUB32 (the table) pair at
one word. A dense switch compiled by riscv64-linux-gnu-gcc for RV64 and RV32,
packed by scripts/elf2aot.py: the table's copy lands after the code, so
every entry is computed again, and code and table equal ld.lld's bytes;
each entry, read back, is the distance from the table to its case.
External programs: ld.lld, llvm-objcopy, readelf, riscv64-linux-gnu-gcc."""
import json
import struct
import subprocess
import sys

import pytest

from conftest import REPO, aot_files, find_tool, need_elftools
from oracle import (BASE, code_of, compare_code, compare_data, lld_link, natives_of,
                    relocations, rewrite, section_bytes, text_size, v6_cases)

NEAR = 0x08000000           # natives just below the image
RV32_TOP = 0xf0000000       # 3.6 GiB above the image: reached by wrapping
RV64_FAR = BASE + (8 << 30)  # 8 GiB away: beyond AUIPC + JALR
TARGETS = ("riscv32", "riscv64")


def all_cases():
    return [pytest.param(p, id=ident) for ident, p in aot_files()
            if ident.split("/")[1] in TARGETS]


def native_calls(obj, natives):
    """(offset, native) of each CALL/CALL_PLT in .text against a native."""
    return [(off, sym) for sec, off, typ, sym, _ in relocations(obj)
            if sec == ".rela.text" and typ in ("R_RISCV_CALL", "R_RISCV_CALL_PLT")
            and sym in natives]


def assert_same_as_lld(tmp_path, path, image, report, elf):
    """aot-xip's code and data copies, byte for byte, against ld.lld's."""
    obj = path.with_suffix(".o")
    code, text = code_of(image, report), section_bytes(tmp_path, elf, ".text")
    n = text_size(obj)
    assert len(text) == n and len(code) >= n
    compare_code(image, report, obj, text)
    compare_data(tmp_path, image, report, elf)


# ---- an independent decoder (RISC-V ISA manual, volume I) ----

def sx(v, n):
    return v - (1 << n) if v >> (n - 1) & 1 else v


def word(image, addr, base):
    return struct.unpack_from("<I", image, addr - base)[0]


def call_target(image, base, addr):
    """Where AUIPC rd, imm20 + JALR rd', imm12(rd) at addr goes."""
    auipc, jalr = word(image, addr, base), word(image, addr + 4, base)
    assert auipc & 0x7f == 0x17, f"{addr:#x}: {auipc:#010x} is not AUIPC"
    assert jalr & 0x707f == 0x67, f"{addr + 4:#x}: {jalr:#010x} is not JALR"
    assert (jalr >> 15) & 31 == (auipc >> 7) & 31, f"{addr:#x}: JALR's rs1 is not AUIPC's rd"
    return (addr + (sx(auipc >> 12, 20) << 12) + sx(jalr >> 20, 12)) % (1 << 64)


def veneer_target(image, base, addr):
    """A veneer is AUIPC t1, 0; LD t1, imm(t1); JALR x0, 0(t1): the doubleword
    it loads, read from where the decoded instructions say."""
    auipc, ld, jr = (word(image, addr + 4 * k, base) for k in range(3))
    assert auipc & 0xfff == 0x317 and auipc >> 12 == 0, f"{auipc:#010x}: not auipc t1, 0"
    assert ld & 0xfffff == 0x33303, f"{ld:#010x}: not ld t1, imm(t1)"
    assert jr == 0x00030067, f"{jr:#010x}: not jr t1 (jalr x0, 0(t1))"
    slot = addr + sx(ld >> 20, 12)
    assert slot % 8 == 0
    return struct.unpack_from("<Q", image, slot - base)[0]


# ---- the tests ----

@pytest.mark.parametrize("target, path", v6_cases(TARGETS))
def test_riscv_objects_need_no_relaxation(target, path):
    types = {t for _, _, t, _, _ in relocations(path.with_suffix(".o"))}
    assert "R_RISCV_RELAX" not in types and "R_RISCV_ALIGN" not in types


@pytest.mark.parametrize("target, path", v6_cases(TARGETS))
def test_riscv_near_natives_match_lld(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, NEAR)
    assert report["arch"] == target
    assert report["verified"] and report["veneers"] == []
    elf = lld_link(tmp_path, path.with_suffix(".o"), report, syms)
    assert_same_as_lld(tmp_path, path, image, report, elf)


@pytest.mark.parametrize("target, path", v6_cases(("riscv32",)))
def test_riscv32_calls_wrap_without_veneers(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, RV32_TOP)
    assert report["verified"] and report["veneers"] == []
    calls = native_calls(path.with_suffix(".o"), syms)
    for off, name in calls:
        dest = call_target(image, report["base"], report["code_address"] + off) % (1 << 32)
        assert dest == syms[name], f"text+{off:#x}: the call to {name} lands at {dest:#x}"
    # beyond what AUIPC + JALR reach without wrapping
    assert calls and all(syms[n] - (report["code_address"] + o) > 0x7ffff7ff for o, n in calls)
    elf = lld_link(tmp_path, path.with_suffix(".o"), report, syms)
    assert_same_as_lld(tmp_path, path, image, report, elf)


@pytest.mark.parametrize("target, path", v6_cases(("riscv64",)))
def test_riscv64_far_natives_go_through_veneers(aotx, tmp_path, target, path):
    image, report, syms = rewrite(aotx, tmp_path, path, RV64_FAR)
    assert report["verified"]
    base = report["base"]
    veneers = {v["address"]: v for v in report["veneers"]}
    calls = native_calls(path.with_suffix(".o"), syms)
    assert sorted(v["target_name"] for v in veneers.values()) == sorted({n for _, n in calls})
    for v in veneers.values():
        assert v["size"] == 24 and v["address"] % 8 == 0
        assert veneer_target(image, base, v["address"]) == syms[v["target_name"]]
    for off, name in calls:
        dest = call_target(image, base, report["code_address"] + off)
        v = veneers.get(dest)
        assert v is not None, f"text+{off:#x}: the call to {name} lands at {dest:#x}, no veneer"
        assert v["target_name"] == name
    # ld.lld, with each native at its veneer, makes the very same code
    at = {v["target_name"]: a for a, v in veneers.items()}
    elf = lld_link(tmp_path, path.with_suffix(".o"), report,
                   {n: at.get(n, a) for n, a in syms.items()})
    assert_same_as_lld(tmp_path, path, image, report, elf)


@pytest.mark.parametrize("path", all_cases())
def test_riscv_every_fixture_rewrites(aotx, tmp_path, path):
    rv64 = "/riscv64/" in path.as_posix()
    j = aotx.inspect(path)
    used = {s["name"]: s["uses"] for s in j["symbols"] if s["class"] == "data"}
    writable = [d for d in j["data_sections"] if d["writable"] and used.get(d["name"])]
    if writable:
        # LLVM 15 (WAMR 1.3.3 and 2.2.0) put RV64 constant pools in .sdata,
        # a writable section: refused unless the user vouches for it.
        d = writable[0]
        m = tmp_path / "natives.sym"
        m.write_text("".join(f"{n} = {NEAR + 0x40 * i:#x}\n"
                             for i, n in enumerate(natives_of(aotx, path))))
        r = aotx.run(path, "--base", hex(BASE), "--symbols", m, "-o", tmp_path / "x.aot")
        assert (r.returncode, r.stderr) == (1, (
            f"aot-xip: error: {path}: writable data section '{d['name']}' ({d['size']} bytes) "
            f"is referenced by {used[d['name']]} relocations: an XIP image cannot place "
            f"writable data in flash (if the module never writes it, say so with "
            f"--assume-readonly {d['name']})\n"))
        rep = tmp_path / "x.json"
        r = aotx.run(path, "--base", hex(BASE), "--symbols", m, "-o", tmp_path / "x.aot",
                     "--assume-readonly", d["name"], "--report", rep)
        assert r.returncode == 0, r.stderr
        report = json.loads(rep.read_text())
        assert report["verified"] is True
        assert d["name"] in [p["name"] for p in report["data"]]
        return
    for region in (NEAR, RV64_FAR if rv64 else RV32_TOP):
        image, report, syms = rewrite(aotx, tmp_path, path, region)
        assert report["verified"] is True
        assert len(image) == report["image_size"]
        if not rv64 or region == NEAR:
            assert report["veneers"] == []
        else:
            assert {v["target_name"] for v in report["veneers"]} <= set(syms)


def test_riscv64_hi20_out_of_reach(aotx, tmp_path, data):
    """LUI sign-extends on RV64: a data copy at 0x80000000 or above is out of
    HI20 reach. Same layout as at BASE, shifted: the first HI20 (text+0,
    .srodata.cst8 + 0) names the copy's address."""
    path = data("v6/riscv64/float")
    _, report, _ = rewrite(aotx, tmp_path, path, NEAR)
    cst8 = next(d for d in report["data"] if d["name"] == ".srodata.cst8")
    base = 0x7ffff800  # 16-aligned, as BASE: the same layout
    v = base + cst8["address"] - BASE
    his = sum(1 for s, _, t, _, _ in relocations(path.with_suffix(".o"))
              if s == ".rela.text" and t == "R_RISCV_HI20")
    m = tmp_path / "natives.sym"
    m.write_text(f"aot_set_exception_with_id = {NEAR:#x}\n")
    r = aotx.run(path, "--base", hex(base), "--symbols", m, "-o", tmp_path / "x.aot")
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.splitlines()  # one error per HI20, every one out of reach (test_errors.py)
    assert lines[0] == (f"aot-xip: error: {path}: text+0x0 (aot_func#0 (poly)+0x0): relocation "
                        f"R_RISCV_HI20 out of range: {v} is not in [-2147485696, 2147481599]; "
                        f"references '.srodata.cst8'")
    assert len(lines) == his
    assert all(" relocation R_RISCV_HI20 out of range: " in line for line in lines)
    assert not (tmp_path / "x.aot").exists()


# ---- jump tables: R_RISCV_ADD32 + R_RISCV_SUB32 pairs ----

SWITCH_C = """
int pick(int k, int x)
{
    switch (k) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x - 7;
    case 3: return x ^ 0x55;
    case 4: return x << 2;
    case 5: return x >> 1;
    case 6: return ~x;
    case 7: return x * x;
    case 8: return x | 0x100;
    case 9: return -x;
    default: return 0;
    }
}
"""

SWITCH_TARGETS = {
    "riscv64": ["-march=rv64gc", "-mabi=lp64d"],
    "riscv32": ["-march=rv32imac", "-mabi=ilp32"],
}


def label_values(obj):
    """{(section, offset, type): the symbol's value} of obj's relocations,
    from readelf -rW (the column before the name)."""
    out = subprocess.run([find_tool("readelf"), "-rW", obj], capture_output=True, text=True,
                         check=True).stdout
    vals, sec = {}, None
    for line in out.splitlines():
        if line.startswith("Relocation section"):
            sec = line.split("'")[1]
            continue
        f = line.split()
        if sec and len(f) >= 5 and f[2].startswith("R_"):
            vals[(sec, int(f[0], 16), f[2])] = int(f[3], 16)
    return vals


@pytest.mark.parametrize("target", sorted(SWITCH_TARGETS))
def test_riscv_jump_tables_match_lld(aotx, tmp_path, target):
    need_elftools()
    cc = find_tool("riscv64-linux-gnu-gcc")
    src, obj, aot = tmp_path / "switch.c", tmp_path / "switch.o", tmp_path / "switch.aot"
    src.write_text(SWITCH_C)
    subprocess.run([cc, "-O2", "-fno-pie", "-mcmodel=medany", "-mno-relax", "-ffreestanding",
                    "-fno-asynchronous-unwind-tables", *SWITCH_TARGETS[target], "-c", src,
                    "-o", obj], check=True)
    rels = relocations(obj)
    table = [r for r in rels if r[0] == ".rela.rodata"]
    # ten cases: ten entries, each an ADD32 (its case) then a SUB32 (the table) at one word
    assert [t for _, _, t, _, _ in table] == ["R_RISCV_ADD32", "R_RISCV_SUB32"] * 10
    assert all(table[i][1] == table[i + 1][1] == 2 * i for i in range(0, 20, 2))
    subprocess.run([sys.executable, REPO / "scripts" / "elf2aot.py", obj, "-o", aot,
                    "--arch", target], check=True)
    image, report, syms = rewrite(aotx, tmp_path, aot, {})
    assert report["arch"] == target and report["verified"]
    rodata = next(d for d in report["data"] if d["name"] == ".rodata")
    assert rodata["address"] > report["code_address"]  # moved: the entries change
    elf = lld_link(tmp_path, obj, report, syms)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"))
    compare_data(tmp_path, image, report, elf)
    # independently: entry = case label - table, from the symbols' values
    vals = label_values(obj)
    at = rodata["address"] - report["base"]
    for off in range(0, 40, 4):
        case = report["code_address"] + vals[(".rela.rodata", off, "R_RISCV_ADD32")]
        tab = rodata["address"] + vals[(".rela.rodata", off, "R_RISCV_SUB32")]
        entry = struct.unpack_from("<i", image, at + off)[0]
        assert entry == case - tab, f".rodata+{off:#x}: {entry:#x}, not {case - tab:#x}"
