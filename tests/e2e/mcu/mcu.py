"""The M-profile test firmware of this folder under qemu-system-arm: build it
for a board, put an aot-xip image into one of its reserved regions, run it.
Used by tests/e2e/test_mcu.py and scripts/bench-mcu.py; needs
arm-none-eabi-gcc with newlib (Debian gcc-arm-none-eabi,
libnewlib-arm-none-eabi), qemu-system-arm and pyelftools.

The firmware (startup.c, firmware.c, mpu.c, natives.c) is linked once per
board by its script (ld/BOARD.ld), which reserves the regions an image goes
to. An image is relocated by aot-xip against that ELF, then put in place
with objcopy --update-section: no symbol, section or segment of the ELF
moves (place() checks it), so the addresses the image was relocated
against are the ones it runs with.
"""
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CC, OBJCOPY, QEMU = "arm-none-eabi-gcc", "arm-none-eabi-objcopy", "qemu-system-arm"
TOOLS = (CC, OBJCOPY, QEMU)

SOURCES = ("startup.c", "firmware.c", "mpu.c", "natives.c")
FIRMWARE_CFLAGS = ("-mthumb", "-mfloat-abi=soft", "-O2", "-Wall", "-Wextra", "-Werror")
LINK_FLAGS = ("--specs=nano.specs", "--specs=rdimon.specs", "-nostartfiles",
              "-Wl,--no-warn-rwx-segments")
# test programs: the e2e suite's flags, for the core, soft float
PROGRAM_FLAGS = ("-mthumb", "-mfloat-abi=soft")

# The MPS2 FPGAIO COUNTER (25 MHz of QEMU's virtual clock) and the -icount
# shift that makes it count instructions exactly (firmware.c, --count).
COUNTER = ("-DCOUNTER_ADDR=0x40028018", "-DCOUNTER_HZ=25000000")
ICOUNT_SHIFT = 8

# exit statuses of the firmware (firmware.c)
DONE, CHECK_FAILED, USAGE, FAULT = 0, 1, 2, 3


class McuError(Exception):
    pass


@dataclass(frozen=True)
class Board:
    machine: str          # qemu-system-arm -M
    cpu: str              # the firmware's -mcpu
    script: str           # ld/SCRIPT
    counter: bool = False  # the FPGAIO counter (--count)
    ramfuncs: tuple = ()  # natives linked to run from RAM (.ramfunc)


@dataclass(frozen=True)
class Core:
    """Code for a core: the board it runs on, the -mcpu it is compiled
    for and the target-info arch string wamrc writes for it."""
    board: str
    cpu: str
    arch: str


BOARDS = {
    "mps2-an385": Board("mps2-an385", "cortex-m3", "mps2-an385.ld", counter=True),
    "mps2-an386": Board("mps2-an386", "cortex-m4", "mps2-an385.ld", counter=True),
    "mps2-an500": Board("mps2-an500", "cortex-m7", "mps2-an500.ld", counter=True),
    "mps2-an505": Board("mps2-an505", "cortex-m33", "mps2-an505.ld"),
    "mps3-an547": Board("mps3-an547", "cortex-m55", "mps3-an547.ld"),
    # v6-M: host_callback runs from RAM, 512 MiB from the flash, so the
    # image's calls to it go through a veneer (there is no far flash)
    "microbit": Board("microbit", "cortex-m0", "microbit.ld", ramfuncs=("host_callback",)),
}

# thumbv7em code runs on the M4 and the M7, thumbv8m code on the M33 and the
# M55, thumbv6m code (built for the Cortex-M0) on the M3 and on the M0
CORES = {
    "m3": Core("mps2-an385", "cortex-m3", "thumbv7m"),
    "m3_v6m": Core("mps2-an385", "cortex-m0", "thumbv6m"),
    "m4": Core("mps2-an386", "cortex-m4", "thumbv7em"),
    "m7": Core("mps2-an500", "cortex-m4", "thumbv7em"),
    "m33": Core("mps2-an505", "cortex-m33", "thumbv8m.main"),
    "m55": Core("mps3-an547", "cortex-m33", "thumbv8m.main"),
    "m0": Core("microbit", "cortex-m0", "thumbv6m"),
}


def tool(name):
    path = shutil.which(name)
    if not path:
        raise McuError(f"external program '{name}' not found in PATH")
    return path


def run(cmd, what, timeout=120):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise McuError(f"{what} failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr}")
    return p.stdout


@dataclass
class Firmware:
    board: Board
    elf: Path
    regions: dict  # name (near, far, ram) -> (start, end)

    def region(self, name):
        if name not in self.regions:
            raise McuError(f"{self.board.machine} has no {name} region")
        return self.regions[name]


def build_firmware(board, out, sources=(), scripts=()):
    """Compile and link the firmware for board into the folder out; sources:
    more C files to link in, scripts: linker-script fragments (paths), such
    as a natives table's, included after the board's script."""
    out.mkdir(parents=True, exist_ok=True)
    flags = [f"-mcpu={board.cpu}", *FIRMWARE_CFLAGS, *(COUNTER if board.counter else ())]
    objs = []
    for src in SOURCES:
        obj = out / (Path(src).stem + ".o")
        extra = ["-ffunction-sections"] if src == "natives.c" and board.ramfuncs else []
        run([tool(CC), *flags, *extra, "-c", "-o", obj, HERE / src], f"compiling {src}")
        objs.append(obj)
    for src in sources:
        obj = out / (Path(src).stem + ".o")
        run([tool(CC), *flags, "-c", "-o", obj, src], f"compiling {src}")
        objs.insert(0, obj)  # before natives.c: objs[-1] stays it
    for name in board.ramfuncs:
        run([tool(OBJCOPY), f"--rename-section=.text.{name}=.ramfunc", objs[-1]],
            f"moving {name} to RAM")
    elf = out / "firmware.elf"
    script = board.script
    if scripts:  # the board's script, then each fragment (INSERT: after its SECTIONS)
        script = out / "firmware-and-more.ld"
        script.write_text("".join(f"INCLUDE {sc}\n" for sc in (board.script, *scripts)))
    run([tool(CC), *flags, *LINK_FLAGS, "-T", script, "-L", HERE / "ld", "-o", elf, *objs],
        f"linking the {board.machine} firmware")
    syms = symbols(elf)
    regions = {}
    for name, sym in (("near", "__xip_near"), ("far", "__xip_far"), ("ram", "__ram_load")):
        if sym + "_start" in syms:
            regions[name] = (syms[sym + "_start"][0], syms[sym + "_end"][0])
    return Firmware(board, elf, regions)


def _elf(f):
    from elftools.elf.elffile import ELFFile  # here: the tests check for pyelftools first
    return ELFFile(f)


def symbols(elf):
    """name -> (value, size, type, section index) of every symbol."""
    with open(elf, "rb") as f:
        e = _elf(f)
        return {s.name: (s["st_value"], s["st_size"], s["st_info"]["type"], s["st_shndx"])
                for s in e.get_section_by_name(".symtab").iter_symbols() if s.name}


def layout(elf):
    """Every section's and segment's addresses and sizes."""
    with open(elf, "rb") as f:
        e = _elf(f)
        return ([(s.name, s["sh_type"], s["sh_addr"], s["sh_size"], s["sh_flags"])
                 for s in e.iter_sections()],
                [(p["p_type"], p["p_vaddr"], p["p_paddr"], p["p_memsz"], p["p_filesz"],
                  p["p_flags"]) for p in e.iter_segments()])


def section_bytes(elf, name):
    with open(elf, "rb") as f:
        return _elf(f).get_section_by_name(name).data()


def place(fw, region, image, out, offset=0):
    """fw's ELF with image (bytes) in its region ("near" or "far"), offset
    bytes from its start, erased flash (0xff) around it, written to out.
    Fails unless every symbol, section and segment is where it was and the
    region holds the image."""
    start, end = fw.region(region)
    if offset + len(image) > end - start:
        raise McuError(f"the image ({len(image)} bytes at +{offset:#x}) does not fit in the "
                       f"{region} region ({end - start} bytes)")
    fill = out.with_suffix(".region")
    fill.write_bytes(b"\xff" * offset + image + b"\xff" * (end - start - offset - len(image)))
    run([tool(OBJCOPY), f"--update-section=.xip_{region}={fill}", fw.elf, out],
        "putting the image in place")
    if symbols(out) != symbols(fw.elf):
        raise McuError(f"putting the image in {out} moved symbols")
    if layout(out) != layout(fw.elf):
        raise McuError(f"putting the image in {out} moved sections or segments")
    if section_bytes(out, f".xip_{region}") != fill.read_bytes():
        raise McuError(f"the {region} region of {out} does not hold the image")
    return out


@dataclass
class Run:
    status: int
    results: list  # the calls' lines
    notes: list    # the firmware's '# ' lines
    fault: str     # the fault line, or ""


def boot(fw, elf, args, count=False, timeout=60, qemu_args=()):
    """Run elf (fw's, with an image in place) on fw's board, the firmware
    given args; with count, QEMU counts instructions (-icount) and args
    should start with --count ICOUNT_SHIFT. qemu_args go to QEMU."""
    cmd = [tool(QEMU), "-M", fw.board.machine, "-nodefaults", "-display", "none",
           "-monitor", "none", "-serial", "none",
           "-semihosting-config", ",".join(["enable=on", "target=native", "arg=firmware",
                                            *(f"arg={a}" for a in args)]),
           "-kernel", elf, *qemu_args]
    if count:
        cmd[1:1] = ["-icount", f"shift={ICOUNT_SHIFT}"]
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout)
    lines = p.stdout.splitlines()
    faults = [ln for ln in p.stderr.splitlines() if ln.startswith("fault: ")]
    return Run(p.returncode, [ln for ln in lines if not ln.startswith("# ")],
               [ln[2:] for ln in lines if ln.startswith("# ")], faults[0] if faults else "")


def compile_program(source, core, obj, cflags):
    """source compiled for core's -mcpu with cflags (the e2e suite's)."""
    run([tool(CC), *cflags, f"-mcpu={core.cpu}", *PROGRAM_FLAGS, "-c", "-o", obj, source],
        f"compiling {source} for {core.cpu}")
    return obj
