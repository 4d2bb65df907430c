"""The oracle for MIPS (o32, big-endian fixtures): wamrc's ELF object of the
same module, linked by ld.lld at the addresses aot-xip reports, must give the
same code and data bytes.

With natives in the image's 256 MiB region, every J/JAL reaches them and
aot-xip's code equals ld.lld's .text byte for byte. With natives in another
region, J/JAL cannot reach them: each call must land on an aot-xip veneer,
decoded here independently of the tool, whose instructions are executed by a
small MIPS interpreter (below) to show that it arrives at the native with $ra
and the argument registers as they were; every other code byte is ld.lld's.
(ld.lld writes J/JAL's low 28 bits without checking the region, so its bytes
at those calls are not a reference.)

The float fixture references wamrc's unconverted constant-pool labels
($CPI...): it must fail with the engine's message, in every format version.
The v3/v4/v5 fixtures have no object beside them: they must rewrite and
verify."""
import struct
import subprocess

import pytest

from conftest import aot_files, find_tool
from oracle import (BASE, code_of, compare_code, compare_data, is_native, lld_link, natives_of,
                    relocations, rewrite, section_bytes, text_size)

NEAR = 0x08000000   # region 0, as BASE
FAR = 0x18000000    # region 1
M32 = 0xffffffff
# A second base: every address of these small images then has a low half of
# 0x8000 or more, so %hi(addr) rounds up (LUI gets addr[31:16] + 1).
BASE_HI = 0x08048000


def mips_files(versions, with_object):
    out = []
    for ident, path in aot_files():
        version, target, name = ident.split("/")
        if version in versions and target == "mips" and \
                path.with_suffix(".o").exists() == with_object:
            out.append(pytest.param(path, id=f"{version}-{name}"))
    return out


def objects(float_too=False):
    return [p for p in mips_files({"v6"}, True) if p.id.endswith("-float") == float_too]


def old_versions(float_too):
    return [p for p in mips_files({"v3", "v3-1x", "v4", "v5"}, False)
            if p.id.endswith("-float") == float_too]


def words(b, off, n=1):
    return struct.unpack_from(f">{n}I", b, off)


def jump_target(word, p):
    """J/JAL (an independent decoder): the delay slot's region, index << 2."""
    assert word >> 26 in (2, 3), f"{word:#010x} at {p:#x} is not J/JAL"
    return ((p + 4) & 0xf0000000) | ((word & 0x03ffffff) << 2)


def jumps(obj):
    """(offset, symbol) of every R_MIPS_26 in .rel.text."""
    return [(off, sym) for sec, off, typ, sym, _ in relocations(obj)
            if sec == ".rel.text" and typ == "R_MIPS_26"]


def where_jumps_land(image, report, obj, syms, tmp_path):
    """For every J/JAL of the object: (offset, where it should go: S + A from the
    object, where it goes in the image: through a veneer if it lands on one)."""
    base, code_at = report["base"], report["code_address"]
    veneers = {v["address"]: v for v in report["veneers"]}
    objtext = tmp_path / "objtext.bin"
    subprocess.run([find_tool("llvm-objcopy"), "-O", "binary", "--only-section=.text", obj,
                    objtext], check=True)
    before = objtext.read_bytes()
    funcs = {f"aot_func#{f['index']}": f["address"] for f in report["functions"]}
    out = []
    for off, sym in jumps(obj):
        index = words(before, off)[0] & 0x03ffffff
        a = (index << 2) - ((index << 2 & 0x08000000) << 1)   # sext(index << 2, 28)
        s = code_at if sym == ".text" else funcs.get(sym, syms.get(sym))
        p = code_at + off
        dest = jump_target(words(image, p - base)[0], p)
        if dest in veneers:
            regs = [0] * 32
            dest = run_mips(lambda x: words(image, x - base)[0], dest, regs,
                            dest + veneers[dest]["size"])
        out.append((off, (s + a) & M32, dest))
    return out


def native_calls(obj):
    """(offset, name) of each R_MIPS_26 in .rel.text against a native."""
    return [(off, sym) for off, sym in jumps(obj) if is_native(sym)]


def run_mips(read, pc, regs, stop):
    """Execute MIPS32 code from pc until control leaves [pc, stop): the few
    instructions a veneer may use, with branch delay slots (pc/npc).
    Returns the address it leaves to. Any other instruction fails."""
    npc = pc + 4
    start = pc
    for _ in range(64):
        if not start <= pc < stop:
            return pc
        w = read(pc)
        op, rs, rt, rd = w >> 26, (w >> 21) & 31, (w >> 16) & 31, (w >> 11) & 31
        imm = w & 0xffff
        simm = imm - 0x10000 if imm & 0x8000 else imm
        target = None
        if w == 0:                                  # nop (sll $0, $0, 0)
            pass
        elif op == 0 and w & 0x7ff == 0x25:         # or rd, rs, rt
            regs[rd] = regs[rs] | regs[rt]
        elif op == 0 and w & 0x7ff == 0x21:         # addu rd, rs, rt
            regs[rd] = (regs[rs] + regs[rt]) & M32
        elif op == 0 and w & 0x1fffff == 0x08:      # jr rs
            target = regs[rs]
        elif op == 0 and w & 0x1f07ff == 0x09:      # jalr rd, rs
            target = regs[rs]
            regs[rd] = (pc + 8) & M32
        elif op == 1 and rs == 0 and rt == 0x11:    # bal offset
            regs[31] = (pc + 8) & M32
            target = (pc + 4 + (simm << 2)) & M32
        elif op == 0x23:                            # lw rt, offset(rs)
            regs[rt] = read((regs[rs] + simm) & M32)
        else:
            raise AssertionError(f"{pc:#x}: {w:#010x} is not a veneer instruction")
        regs[0] = 0
        pc, npc = npc, (target if target is not None else npc + 4)
    raise AssertionError("the veneer does not leave")


@pytest.mark.parametrize("base", [BASE, BASE_HI], ids=["base", "base_hi"])
@pytest.mark.parametrize("path", objects())
def test_mips_near_natives_match_lld(aotx, tmp_path, path, base):
    image, report, syms = rewrite(aotx, tmp_path, path, NEAR, base)
    assert report["verified"] and report["veneers"] == []
    if base == BASE_HI:
        assert all(d["address"] & 0x8000 for d in report["data"])
    obj = path.with_suffix(".o")
    elf = lld_link(tmp_path, obj, report, syms)
    compare_code(image, report, obj, section_bytes(tmp_path, elf, ".text"))
    assert report["data"], "the code references .aot_stack_sizes: it must be placed"
    compare_data(tmp_path, image, report, elf)


@pytest.mark.parametrize("path", objects())
def test_mips_far_natives_go_through_veneers(aotx, tmp_path, path):
    image, report, syms = rewrite(aotx, tmp_path, path, FAR)
    assert report["verified"]
    veneers = {v["address"]: v for v in report["veneers"]}
    assert sorted(v["target_name"] for v in veneers.values()) == sorted(syms)
    elf = lld_link(tmp_path, path.with_suffix(".o"), report, syms)
    code, text = code_of(image, report), section_bytes(tmp_path, elf, ".text")
    base = report["base"]

    def read(addr):
        return words(image, addr - base)[0]

    calls = native_calls(path.with_suffix(".o"))
    assert calls
    for off, name in calls:
        p = report["code_address"] + off
        dest = jump_target(words(code, off)[0], p)
        v = veneers.get(dest)
        assert v is not None, f"text+{off:#x}: the call to {name} lands at {dest:#x}, no veneer"
        assert v["target_name"] == name and v["target"] == syms[name]
        # run the veneer as a JAL from p would enter it: $ra = p + 8
        regs = [0x1000 + 0x111 * r for r in range(32)]
        regs[0], regs[31] = 0, p + 8
        before = list(regs)
        left = run_mips(read, dest, regs, dest + v["size"])
        assert left == syms[name], f"the veneer for {name} goes to {left:#x}"
        changed = {r for r in range(32) if regs[r] != before[r]}
        assert changed <= {1, 25}, f"the veneer changes registers {sorted(changed)}"
        assert regs[25] == syms[name]  # $t9 holds the callee, as abicalls code expects
    # and every J/JAL, natives or not, arrives where the object says
    lands = where_jumps_land(image, report, path.with_suffix(".o"), syms, tmp_path)
    assert [(hex(o), hex(want), hex(got)) for o, want, got in lands if want != got] == []
    patched = {o + k for o, _ in calls for k in range(4)}
    n = text_size(path.with_suffix(".o"))
    assert [hex(i) for i in range(n) if i not in patched and code[i] != text[i]] == []


def cpi_message(aotx, path):
    """The engine's error for each $CPI label, one line each (fewer than 20)."""
    cpi = [s["name"] for s in aotx.inspect(path)["symbols"]
           if s["class"] == "local_label" and s["uses"]]
    assert cpi and all(n.startswith("$CPI") for n in cpi) and len(cpi) <= 20
    return "".join(f"aot-xip: error: {path}: relocation against '{n}': wamrc leaves MIPS "
                   f"constant-pool labels unconverted, so the module's floating-point constants "
                   f"cannot be placed (the stock WAMR loader cannot load this file either)\n"
                   for n in cpi)


@pytest.mark.parametrize("path", objects(float_too=True) + old_versions(True))
def test_mips_float_refuses_constant_pool_labels(aotx, tmp_path, path):
    assert path.name == "float.aot"
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {NEAR + 0x40 * i:#x}\n"
                         for i, n in enumerate(natives_of(aotx, path))))
    out = tmp_path / "out.aot"
    r = aotx.run(path, "--base", hex(BASE), "--symbols", m, "-o", out)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == cpi_message(aotx, path)
    assert not out.exists()


@pytest.mark.parametrize("path", old_versions(False))
def test_mips_older_versions_rewrite(aotx, tmp_path, path):
    image, report, _ = rewrite(aotx, tmp_path, path, NEAR)
    assert report["verified"] is True
    assert report["arch"] == "mips" and report["veneers"] == []
    assert len(image) == report["image_size"]


def test_mips_jump_across_a_256mib_boundary_is_refused(aotx, data, tmp_path):
    """Code from 0x0ffffd60 (base 0x0ffffc00) runs into region 1 at text+0x2a0;
    the veneers, after the code, are in region 1 too. The natives are in region
    1, so the calls from region 0 go to veneers they cannot reach either: the
    first at text+0x50, JAL with P + 4 = 0x0ffffdb4, target 0x100005a0
    (0x0ffffd60 + 0x83c bytes of code, 16-aligned); six such calls in all.
    The code starts at a multiple of 16 (--code-align 16), as worked out here."""
    path = data("v6/mips/arith")
    m = tmp_path / "natives.sym"
    m.write_text("".join(f"{n} = {FAR + 0x40 * i:#x}\n"
                         for i, n in enumerate(natives_of(aotx, path))))
    out = tmp_path / "out.aot"
    r = aotx.run(path, "--base", "0x0ffffc00", "--symbols", m, "-o", out, "--code-align", "16")
    assert (r.returncode, r.stdout) == (1, "")
    exc = ("268436896 is not in [0, 268435452]; references 'aot_set_exception_with_id' "
           "(through its veneer at 0x100005a0, for 0x18000000)")
    div = ("268436928 is not in [0, 268435452]; references '__divdi3' (through its veneer at "
           "0x100005c0, for 0x18000040)")
    assert r.stderr == "".join(
        f"aot-xip: error: {path}: text+{at}: relocation R_MIPS_26 out of range: {what}\n"
        for at, what in (("0x50 (aot_func#0 (add)+0x50)", exc),
                         ("0xd4 (aot_func#1 (mul64)+0x64)", exc),
                         ("0x174 (aot_func#2 (div64)+0x64)", exc),
                         ("0x1c8 (aot_func#2 (div64)+0xb8)", exc),
                         ("0x1fc (aot_func#2 (div64)+0xec)", div),
                         ("0x274 (aot_func#3 (rem64)+0x64)", exc)))
    assert not out.exists()


def test_mips_backward_jump_across_a_256mib_boundary(aotx, data, tmp_path):
    """memory's Js at text+0x1bc and text+0x200 go back to text+0xc4. With the
    code at 0x0fffff00 (base 0x0ffffdd0) they are in region 1 and their target
    in region 0: both go through one veneer for .text + 0xc4 = 0x0fffffc4 (the
    veneer stands for S + A, not S), and every other jump lands as the object
    says."""
    path = data("v6/mips/memory")
    image, report, syms = rewrite(aotx, tmp_path, path, NEAR, 0x0ffffdd0)
    assert report["code_address"] == 0x0fffff00 and report["verified"]
    text_veneers = [(v["target"], v["callers"]) for v in report["veneers"]
                    if v["target_name"] == ".text"]
    assert text_veneers == [(0x0fffffc4, 2)]
    lands = where_jumps_land(image, report, path.with_suffix(".o"), syms, tmp_path)
    assert [(hex(o), hex(want), hex(got)) for o, want, got in lands if want != got] == []
