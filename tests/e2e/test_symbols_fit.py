"""The firmware ELF given with --symbols must be of the module's target: its
machine, class (word size) and byte order. A firmware for another machine is
refused before any symbol is resolved, naming both, and nothing is written;
`aot-xip check` refuses it the same way. tests/data/symbols/build.sh makes the
fw-MACHINE.elf files from natives.c, which defines the fixtures' natives."""
import pytest

from conftest import DATA_DIR

SYM = DATA_DIR / "symbols"
THUMB = "v6/thumbv7em/imports"
INVOKE = "aot_invoke_native=0x08000201"
TAIL = ("the symbols come from another firmware; give the ELF of the firmware the module will "
        "run on")

# fixture target -> (its own ELF, one of the right machine but another class
# or byte order, how the message names the module)
FITS = {
    "riscv32": ("fw-riscv32.elf", "fw-riscv64.elf", "riscv32 code (EM_RISCV, 32-bit, little-endian)"),
    "riscv64": ("fw-riscv64.elf", "fw-riscv32.elf", "riscv64 code (EM_RISCV, 64-bit, little-endian)"),
    "mips": ("fw-mips.elf", "fw-mipsel.elf", "mips code (EM_MIPS, 32-bit, big-endian)"),
    "x86_64": ("fw-x86_64.elf", "fw-i386.elf", "x86_64 code (EM_X86_64, 64-bit, little-endian)"),
    "i386": ("fw-i386.elf", "fw-x86_64.elf", "i386 code (EM_386, 32-bit, little-endian)"),
    "aarch64": ("fw-aarch64.elf", "be64.elf", "aarch64 code (EM_AARCH64, 64-bit, little-endian)"),
}
WHAT = {
    "fw-riscv32.elf": "RISC-V (EM_RISCV, 32-bit, little-endian)",
    "fw-riscv64.elf": "RISC-V (EM_RISCV, 64-bit, little-endian)",
    "fw-mips.elf": "MIPS (EM_MIPS, 32-bit, big-endian)",
    "fw-mipsel.elf": "MIPS (EM_MIPS, 32-bit, little-endian)",
    "fw-x86_64.elf": "x86-64 (EM_X86_64, 64-bit, little-endian)",
    "fw-i386.elf": "i386 (EM_386, 32-bit, little-endian)",
    "be64.elf": "AArch64 (EM_AARCH64, 64-bit, big-endian)",
    "fw-be.elf": "ARM (EM_ARM, 32-bit, big-endian)",
}


def refusal(src, elf, module):
    return (f"aot-xip: error: {src}: '{elf}' is an ELF for {WHAT[elf.name]}, but the module is "
            f"{module}: {TAIL}\n")


def test_an_x86_firmware_for_a_thumb_module_is_refused(aotx, tmp_path, data):
    """fw-x86_64.elf defines both natives of the fixture: without the check the
    image was written, calling x86 code from Thumb code."""
    src, elf, out = data(THUMB), SYM / "fw-x86_64.elf", tmp_path / "app.xip.aot"
    before = src.read_bytes()
    r = aotx.run(src, "--base", "0x08040000", "--symbols", elf, "-o", out,
                 "--map", tmp_path / "app.map", "--report", tmp_path / "app.json")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == refusal(src, elf, "thumb code (EM_ARM, 32-bit, little-endian)")
    assert list(tmp_path.iterdir()) == []   # no image, map or report
    assert src.read_bytes() == before


@pytest.mark.parametrize("elf", ["fw-be.elf", "fw-mipsel.elf", "fw-i386.elf"])
def test_every_misfit_for_a_thumb_module_is_refused(aotx, tmp_path, data, elf):
    """A big-endian ARM firmware, and 32-bit little-endian firmwares of other
    machines; --defsym giving every native does not help."""
    src, path = data(THUMB), SYM / elf
    r = aotx.run(src, "--base", "0x08040000", "--symbols", path, "--defsym", INVOKE,
                 "--defsym", "aot_set_exception_with_id=0x08000101", "-o", tmp_path / "o.aot")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == refusal(src, path, "thumb code (EM_ARM, 32-bit, little-endian)")
    assert not (tmp_path / "o.aot").exists()


@pytest.mark.parametrize("arch", sorted(FITS))
def test_the_firmware_of_the_modules_target_fits(aotx, tmp_path, data, arch):
    """Each target's own firmware rewrites its module; the same machine with
    another word size or byte order (RISC-V 64 for 32, MIPS little-endian for
    big, i386 for x86-64, AArch64 big-endian) is refused."""
    own, other, module = FITS[arch]
    src = data(f"v6/{arch}/imports")
    out = tmp_path / "o.aot"
    r = aotx.run(src, "--base", "0x10000000", "--symbols", SYM / own, "-o", out)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    assert out.exists()
    out.unlink()
    r = aotx.run(src, "--base", "0x10000000", "--symbols", SYM / other, "-o", out)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == refusal(src, SYM / other, module)
    assert not out.exists()


def test_check_refuses_a_firmware_for_another_machine(aotx, tmp_path, data):
    """`aot-xip check` resolves the stamp's natives against the maps: an x86
    firmware is refused there too, naming the image."""
    src, out = data(THUMB), tmp_path / "app.xip.aot"
    r = aotx.run(src, "--base", "0x08040000", "--symbols", SYM / "fw.elf", "--defsym", INVOKE,
                 "-o", out)
    assert r.returncode == 0, r.stderr
    r = aotx.run("check", out, "--symbols", SYM / "fw.elf", "--defsym", INVOKE)
    assert r.returncode == 0, r.stderr
    elf = SYM / "fw-x86_64.elf"
    r = aotx.run("check", out, "--symbols", elf)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == refusal(out, elf, "thumb code (EM_ARM, 32-bit, little-endian)")
