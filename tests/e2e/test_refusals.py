"""What the rewrite refuses because it cannot be right, and what it warns of
because it is legal but suspicious: real fixtures (some with one field
changed, as a damaged or unusual file would have it) and the bundled symbol
maps. A refusal exits 1 with its exact message and writes nothing; a warning
is printed and the image written.

External programs: llvm-mc and ld.lld (a firmware with an ARM-state native)."""
import json
import os
import struct
import subprocess

from conftest import DATA_DIR, find_tool

BASE = "0x08040000"
SYMS = DATA_DIR / "symbols"
NATIVES = "aot_set_exception_with_id = 0x08000101\naot_invoke_native = 0x08000201\n"


def refused(aotx, d, src, *args, base=BASE):
    """Rewrite src, which must be refused: its stderr. Nothing may appear in
    d, which holds the outputs' paths."""
    before = sorted(os.listdir(d))
    r = aotx.run(src, "--base", base, *args, "-o", d / "out.aot", "--map", d / "out.map",
                 "--report", d / "out.json")
    assert (r.returncode, r.stdout) == (1, ""), r.stderr
    assert sorted(os.listdir(d)) == before
    return r.stderr


def natives(d):
    m = d / "fw.sym"
    m.write_text(NATIVES)
    return m


def target_info_at(b):
    """The file offset of the target-info body (the first section's)."""
    assert struct.unpack_from("<I", b, 8)[0] == 0
    return 16


def with_arch(src, dst, arch):
    """dst: src with its target-info arch string (the body's last 16 bytes)
    made arch."""
    b = bytearray(src.read_bytes())
    at = target_info_at(b) + struct.unpack_from("<I", b, 12)[0] - 16
    b[at:at + 16] = arch.ljust(16, b"\0")
    dst.write_bytes(b)
    return dst


def test_an_image_aot_xip_wrote_is_refused(aotx, tmp_path, data):
    """Relocating an image again would leave its code pointing at the old
    base: refused, stamped or not, with nothing written."""
    m = natives(tmp_path)
    img, plain = tmp_path / "app.xip.aot", tmp_path / "plain.xip.aot"
    for args in (["-o", img], ["--no-stamp", "-o", plain]):
        r = aotx.run(data("v6/thumbv7em/imports"), "--base", BASE, "--symbols", m, *args)
        assert (r.returncode, r.stderr) == (0, "")
    kept = img.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    assert refused(aotx, out, img, "--symbols", m, base="0x08080000") == (
        f"aot-xip: error: {img}: already relocated: the file carries an \"aot-xip\" stamp "
        "(aot-xip wrote it), and its code points at the base it was made for; start from "
        "wamrc's output\n")
    assert refused(aotx, out, plain, "--symbols", m, base="0x08080000") == (
        f"aot-xip: error: {plain}: already relocated: an XIP image (e_type 4) with no "
        "relocations left, whose code points at the addresses it was made for; start from "
        "wamrc's output\n")
    assert img.read_bytes() == kept


def test_wamrc_xip_output_is_rewritten(aotx, tmp_path, data):
    """wamrc --xip flags its output XIP (e_type 4) and keeps its relocations:
    it is an input, and gives the image the plain one gives."""
    src = data("v6/thumbv7em/imports")
    b = bytearray(src.read_bytes())
    at = target_info_at(b) + 4  # bin_type, abi_type, e_type
    assert struct.unpack_from("<H", b, at)[0] == 1
    struct.pack_into("<H", b, at, 4)
    xip = tmp_path / "xip.aot"
    xip.write_bytes(b)
    m = natives(tmp_path)
    for inp, out in ((src, "a.aot"), (xip, "b.aot")):
        r = aotx.run(inp, "--base", BASE, "--symbols", m, "--no-stamp", "-o", tmp_path / out)
        assert (r.returncode, r.stderr) == (0, "")
    assert (tmp_path / "a.aot").read_bytes() == (tmp_path / "b.aot").read_bytes()


def test_natives_of_unknown_state_on_an_arm_module(aotx, tmp_path, data):
    """An armv7 core runs ARM and Thumb code; nm prints a Thumb function even,
    as it does an ARM one, and a --defsym at an even address says nothing
    either. Every such native is refused in one message until --assume-isa
    says which; the ELF tells aot_set_exception_with_id (Thumb)."""
    src = data("v6/armv7/imports")
    nm = ["--symbols-format", "nm", "--symbols", SYMS / "fw.nm"]
    invoke = ["--defsym", "aot_invoke_native=0x08000100"]
    out = tmp_path / "out"
    out.mkdir()
    assert refused(aotx, out, src, *nm, *invoke) == (
        f"aot-xip: error: {src}: unknown instruction set (2): 'aot_set_exception_with_id', "
        "'aot_invoke_native'; the symbol maps do not say whether they are ARM or Thumb code, "
        "and the core of this armv7 module has both states (ld maps and plain maps cannot say "
        "it, nm output only with its mapping symbols, nm --special-syms; an odd address means "
        "Thumb): give the firmware's ELF with --symbols, or say --assume-isa arm or thumb\n")
    assert refused(aotx, out, src, "--symbols", SYMS / "fw.elf", *invoke) == (
        f"aot-xip: error: {src}: unknown instruction set (1): 'aot_invoke_native'; the symbol "
        "maps do not say whether it is ARM or Thumb code, and the core of this armv7 module "
        "has both states (ld maps and plain maps cannot say it, nm output only with its "
        "mapping symbols, nm --special-syms; an odd address means Thumb): give the firmware's "
        "ELF with --symbols, or say --assume-isa arm or thumb\n")
    # R_ARM_CALL at text+0x30 calls aot_set_exception_with_id: BL to ARM, BLX to Thumb
    both = ["--defsym", "aot_set_exception_with_id=0x08000200", *invoke]
    for isa, top in (("arm", 0x75), ("thumb", 0x7d)):  # BL<AL>: 0xeb; BLX: 0xfa, 0xfb
        img, rep, mp = tmp_path / f"{isa}.aot", tmp_path / f"{isa}.json", tmp_path / f"{isa}.map"
        r = aotx.run(src, "--base", BASE, *both, "--assume-isa", isa, "-o", img,
                     "--report", rep, "--map", mp)
        assert (r.returncode, r.stderr) == (0, "")
        report = json.loads(rep.read_text())
        assert report["arm_profile"] == "a"
        s = {x["name"]: x for x in report["symbols"]}
        for name in ("aot_set_exception_with_id", "aot_invoke_native"):
            assert (s[name]["thumb"], s[name]["isa_assumed"]) == (isa == "thumb", True)
        state = "Thumb" if isa == "thumb" else "ARM"
        assert f"from --defsym ({state} by --assume-isa: the map does not say)\n" in \
            mp.read_text()
        code = img.read_bytes()[report["code_address"] - report["base"]:]
        assert struct.unpack_from("<I", code, 0x30)[0] >> 25 == top


def arm_state_elf(d, name, addr):
    """A firmware ELF in which name is an ARM-state function at addr
    (STT_FUNC, bit 0 clear)."""
    s, o, elf = d / "arm.s", d / "arm.o", d / "arm.elf"
    s.write_text(f"  .syntax unified\n  .arm\n  .globl {name}\n  .type {name}, %function\n"
                 f"{name}:\n  bx lr\n")
    subprocess.run([find_tool("llvm-mc"), "-triple=armv7-none-eabi", "-filetype=obj", "-o", o,
                    s], check=True)
    subprocess.run([find_tool("ld.lld"), "-Ttext", hex(addr), "-e", name, "-o", elf, o],
                   check=True)
    return elf


def test_a_thumb_arch_that_names_no_profile_is_m(aotx, tmp_path, data):
    """wamrc --target=thumbv7 --cpu=cortex-m3 writes the arch "thumbv7", which
    does not say M-profile: taken as M, an ARM-state native is refused, never
    called with BLX, unless --arm-profile says the core has an ARM state. A
    profile the arch states cannot be contradicted."""
    src = with_arch(data("v6/thumbv7em/imports"), tmp_path / "v7.aot", b"thumbv7")
    elf = arm_state_elf(tmp_path, "aot_set_exception_with_id", 0x08000000)
    args = ["--symbols", elf, "--defsym", "aot_invoke_native=0x08000201"]
    out = tmp_path / "out"
    out.mkdir()
    assert refused(aotx, out, src, *args) == (
        f"aot-xip: error: {src}: 'aot_set_exception_with_id' ({elf}) is ARM-state code (a "
        "function symbol without the Thumb bit), which a thumbv7 core cannot run: it has no ARM "
        "state (aot-xip takes an arch that names no profile as M: say --arm-profile a or r if "
        "the core is not)\n")
    m4 = data("v6/thumbv7em/imports")
    assert refused(aotx, out, m4, *args, "--arm-profile", "a") == (
        f"aot-xip: error: {m4}: --arm-profile a contradicts the module's arch 'thumbv7em', an "
        "M-profile core: leave the option out\n")
    img, rep = tmp_path / "a.aot", tmp_path / "a.json"
    r = aotx.run(src, "--base", BASE, *args, "--arm-profile", "a", "-o", img, "--report", rep)
    assert (r.returncode, r.stderr) == (0, "")
    report = json.loads(rep.read_text())
    assert report["arm_profile"] == "a"
    code = img.read_bytes()[report["code_address"] - report["base"]:]
    lo = struct.unpack_from("<H", code, 0x2c + 2)[0]
    assert lo & 0xd000 == 0xc000, f"text+0x2c: {lo:#06x} is not BLX"


def test_a_misaligned_instruction_relocation_is_refused(aotx, tmp_path, data):
    """A relocation record moved to an odd offset (a Thumb BL there would
    become a BLX); and a RISC-V file whose e_flags deny the C extension, so
    its calls at 2 mod 4 cannot be where instructions start."""
    src = data("v6/thumbv7em/imports")
    b = bytearray(src.read_bytes())
    rec = struct.pack("<IiII", 0x2c, 0, 10, 2)  # offset, addend, R_ARM_THM_CALL, symbol 2
    assert b.count(rec) == 1
    struct.pack_into("<I", b, b.index(rec), 0x2d)
    odd = tmp_path / "odd.aot"
    odd.write_bytes(b)
    out = tmp_path / "out"
    out.mkdir()
    assert refused(aotx, out, odd, "--symbols", natives(tmp_path)) == (
        f"aot-xip: error: {odd}: text+0x2d (aot_func#0 (call_host)+0x2d): relocation "
        "R_ARM_THM_CALL at a misaligned offset: a Thumb instruction is 2-byte aligned\n")
    rv = data("v6/riscv32/imports")
    b = bytearray(rv.read_bytes())
    at = target_info_at(b) + 12  # bin_type, abi_type, e_type, e_machine, e_version, e_flags
    assert struct.unpack_from("<I", b, at)[0] == 1  # EF_RISCV_RVC
    struct.pack_into("<I", b, at, 0)
    norvc = tmp_path / "norvc.aot"
    norvc.write_bytes(b)
    m = tmp_path / "rv.sym"
    m.write_text("aot_set_exception_with_id = 0x08000100\naot_invoke_native = 0x08000200\n"
                 "memset = 0x08000300\n")
    assert refused(aotx, out, norvc, "--symbols", m) == "".join(
        f"aot-xip: error: {norvc}: text+{at}: relocation R_RISCV_CALL_PLT at a misaligned "
        "offset: a RISC-V instruction is 4-byte aligned without the C extension (e_flags 0x0)\n"
        for at in ("0x2a (aot_func#0 (call_host)+0x2a)", "0x76 (aot_func#0 (call_host)+0x76)",
                   "0x10a (aot_func#1 (trap_div)+0x2c)", "0x13a (aot_func#1 (trap_div)+0x5c)",
                   "0x176 (aot_func#2 (trap_unreachable)+0x2c)",
                   "0x192 (aot_func#2 (trap_unreachable)+0x48)"))


def test_x86_flagged_big_endian_is_refused(aotx, tmp_path, data):
    out = tmp_path / "out"
    out.mkdir()
    for target, bin_type in (("x86_64", 3), ("i386", 1)):
        b = bytearray(data(f"v6/{target}/imports").read_bytes())
        b[target_info_at(b)] |= 1  # bin_type: big-endian
        src = tmp_path / f"{target}-be.aot"
        src.write_bytes(b)
        assert refused(aotx, out, src, "--symbols", natives(tmp_path)) == (
            f"aot-xip: error: {src}: {target} code is little-endian, but the target info says "
            f"big-endian (bin_type {bin_type:#x}): the file is damaged, or not wamrc's\n")


def test_suspicious_but_legal_is_a_warning(aotx, tmp_path, data):
    """Each warning one line on stderr, in a fixed order; the image is
    written. This image spans 0x08040000..0x08040338 (808 bytes and a veneer
    for the calls to address 0)."""
    src, img = data("v6/thumbv7em/imports"), tmp_path / "app.aot"
    r = aotx.run(src, "--base", BASE, "--defsym", "aot_set_exception_with_id=0x08040101",
                 "--defsym", "aot_invoke_native=0", "--assume-readonly", ".sdata", "-o", img)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", (
        "aot-xip: warning: --assume-readonly names '.sdata', which is no data section of this "
        "module\n"
        "aot-xip: warning: 'aot_set_exception_with_id' = 0x8040100 (from --defsym) lies inside "
        "this image (0x8040000..0x8040338): a stale map, or an image region that overlaps the "
        "firmware\n"
        "aot-xip: warning: 'aot_invoke_native' (from --defsym) is at address 0: a weak symbol "
        "the firmware does not define? a call to it jumps to 0\n"))
    assert img.is_file()
    # nm says aot_invoke_native is data (D): a call to it is suspicious
    nm = tmp_path / "fw.nm"
    nm.write_text("0800001a T aot_set_exception_with_id\n20000000 D aot_invoke_native\n")
    r = aotx.run(src, "--base", BASE, "--symbols", nm, "-o", img)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", (
        f"aot-xip: warning: 'aot_invoke_native' (from {nm}) is no function in the symbol map "
        "(data, or of no type), but text+0x4e (aot_func#0 (call_host)+0x4e) calls it (relocation "
        "R_ARM_THM_CALL)\n"))


def test_the_state_options_take_their_words(aotx, tmp_path, data):
    src = data("v6/thumbv7em/imports")
    for opt, val, want in (("--assume-isa", "x86", "arm or thumb"),
                           ("--arm-profile", "v7", "a, r or m")):
        r = aotx.run(src, "--base", BASE, opt, val, "-o", tmp_path / "o.aot")
        assert (r.returncode, r.stderr) == (
            2, f"aot-xip: {opt} '{val}': expected {want}\n(try 'aot-xip --help')\n")
        assert not (tmp_path / "o.aot").exists()
