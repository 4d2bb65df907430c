#!/usr/bin/env python3
"""Pack a relocatable ELF object (from a C cross compiler) into a version-6 .aot
file shaped like wamrc's output, so that aot-xip can relocate real compiled code.

    elf2aot.py OBJ.o -o OUT.aot --arch thumbv7em

What goes in (docs: /work/shared/docs/AOT-FORMAT.md):
  target info   bin_type from the ELF class and byte order, e_type 1 (REL),
                e_machine, e_version, e_flags from the ELF header, the arch string;
  init data     one memory, no tables, one type, no globals or imports, the
                function count, and every read-only data section wamrc keeps
                (.rodata, .rodata.*, .srodata*, .sdata) as object data sections;
  text          .text, padded to 4 (no literal area);
  functions     every function symbol defined in .text (sorted by offset) is
                aot_func#N; type index 0, zero cell counts;
  exports       one per global function of default visibility, named as in C
                (a hidden one is called through a relocation, not exported);
  relocations   one group per relocated section wamrc keeps (.rel(a).text and
                .rel(a) of the data sections above), in ELF order. Symbols are
                renamed as wamrc does: defined functions -> aot_func#N, local
                section symbols / labels / data objects -> their section name
                with the symbol's offset added to the addend (REL groups keep
                addend 0 for section symbols: the implicit addend is in the
                bytes), undefined symbols keep their name (natives).

Only code in one .text section is supported (compile without
-ffunction-sections); writable data (.data, .bss) is refused.
"""
import argparse
import struct
import sys

from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationSection

KEPT_DATA_PREFIXES = (".rodata", ".srodata", ".sdata")


def kept_data(name):
    return name.startswith(KEPT_DATA_PREFIXES)


class Out:
    def __init__(self):
        self.b = bytearray()

    def align(self, n):
        while len(self.b) % n:
            self.b.append(0)

    def u8(self, v):
        self.b += struct.pack("<B", v)

    def u16(self, v):
        self.align(2)
        self.b += struct.pack("<H", v)

    def u32(self, v):
        self.align(4)
        self.b += struct.pack("<I", v & 0xFFFFFFFF)

    def u64(self, v):
        self.align(4)
        self.b += struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)

    def string(self, s):
        data = s.encode() + b"\0"
        self.u16(len(data))
        self.b += data

    def raw(self, data):
        self.b += data


def fail(msg):
    sys.exit(f"elf2aot: error: {msg}")


def convert(path, arch):
    with open(path, "rb") as f:
        elf = ELFFile(f)
        if elf["e_type"] != "ET_REL":
            fail(f"{path}: not a relocatable object")
        is64 = elf.elfclass == 64
        big = not elf.little_endian
        sections = list(elf.iter_sections())
        names = [s.name for s in sections]
        if ".text" not in names:
            fail(f"{path}: no .text section")
        text_idx = names.index(".text")
        for s in sections:
            if s.name.startswith((".data", ".bss", ".sbss")) and s["sh_size"] and \
                    s["sh_flags"] & 2:  # SHF_ALLOC
                fail(f"{path}: writable data section {s.name} is not supported")
            if s.name.startswith(".text.") and s["sh_size"]:
                fail(f"{path}: code outside .text ({s.name}): compile without -ffunction-sections")
        data_idx = [i for i, s in enumerate(sections)
                    if s["sh_type"] == "SHT_PROGBITS" and kept_data(s.name)]
        symtab = elf.get_section_by_name(".symtab")
        syms = list(symtab.iter_symbols())

        # defined functions, by offset: aot_func#N
        funcs = sorted((s["st_value"] & ~1 if arch.startswith("thumb") else s["st_value"], i)
                       for i, s in enumerate(syms)
                       if s["st_info"]["type"] == "STT_FUNC" and s["st_shndx"] == text_idx)
        func_of_sym = {i: n for n, (_, i) in enumerate(funcs)}
        exports = [(syms[i].name, n) for n, (_, i) in enumerate(funcs)
                   if syms[i]["st_info"]["bind"] == "STB_GLOBAL"
                   and syms[i]["st_other"]["visibility"] == "STV_DEFAULT"]

        def sym_name_addend(si, rela):
            s = syms[si]
            if si in func_of_sym:
                return f"aot_func#{func_of_sym[si]}", 0
            shndx = s["st_shndx"]
            if shndx == "SHN_UNDEF":
                return s.name, 0
            if not isinstance(shndx, int):
                fail(f"{path}: symbol {s.name!r} in {shndx} is not supported")
            sec = sections[shndx].name
            if sec != ".text" and shndx not in data_idx:
                fail(f"{path}: symbol {s.name!r} in dropped section {sec}")
            # REL: the addend lives in the field; a label's offset cannot be
            # added to a record addend of 0, so only section symbols are fine.
            if not rela and s["st_value"] and s["st_info"]["type"] != "STT_SECTION":
                fail(f"{path}: REL relocation against {s.name!r} at a non-zero offset")
            return sec, s["st_value"]

        groups = []
        for s in sections:
            if not isinstance(s, RelocationSection):
                continue
            target = sections[s["sh_info"]]
            if target.name != ".text" and s["sh_info"] not in data_idx:
                continue
            rela = s.is_RELA()
            relocs = []
            for r in s.iter_relocations():
                name, extra = sym_name_addend(r["r_info_sym"], rela)
                addend = (r["r_addend"] if rela else 0) + (extra if rela else 0)
                relocs.append((r["r_offset"], addend, r["r_info_type"], name))
            if relocs:
                groups.append((s.name, relocs))

        text = sections[text_idx].data()
        hdr = elf.header
        data_secs = [(sections[i].name, sections[i].data()) for i in data_idx]

    o = Out()
    o.raw(b"\0aot")
    o.u32(6)

    def section(kind, body):
        o.align(4)
        o.u32(kind)
        o.u32(len(body.b))
        o.raw(body.b)

    # target info (section offsets are multiples of 4, so a body built on its
    # own aligns exactly as it does in the file)
    t = Out()
    t.u16((2 if is64 else 0) | (1 if big else 0))
    t.u16(0)
    t.u16(1)
    machine = {"EM_X86_64": 62, "EM_386": 3, "EM_ARM": 40, "EM_AARCH64": 183,
               "EM_RISCV": 243, "EM_MIPS": 8}[hdr["e_machine"]]
    t.u16(machine)
    t.u32(1)
    t.u32(hdr["e_flags"])
    t.u64(0)
    t.u64(0)
    t.raw(arch.encode().ljust(16, b"\0"))
    section(0, t)

    d = Out()
    d.u32(0)                          # import memories
    d.u32(1)                          # memories
    d.raw(struct.pack("<4I", 0, 65536, 1, 1))
    d.u32(0)                          # mem init data
    d.u32(0)                          # import tables
    d.u32(0)                          # tables
    d.u32(0)                          # table init data
    d.u32(1)                          # types: () -> i32
    d.u16(0)
    d.u16(0)
    d.u16(1)
    d.u8(0x7F)
    d.u32(0)                          # import globals
    d.u32(0)                          # globals
    d.u32(0)                          # import functions
    d.u32(len(funcs))
    d.u32(0xFFFFFFFF)                 # start function
    d.u32(0xFFFFFFFF)
    d.u64(0)
    d.u32(0xFFFFFFFF)
    d.u64(0)
    d.u32(0xFFFFFFFF)
    d.u64(0)
    d.u32(0)
    d.u32(len(data_secs))
    for name, data in data_secs:
        d.string(name)
        d.u32(len(data))
        d.raw(data)
    section(1, d)

    x = Out()
    x.u32(0)                          # literal size
    x.raw(text)
    x.align(4)
    section(2, x)

    fn = Out()
    for off, _ in funcs:
        (fn.u64 if is64 else fn.u32)(off)
    for _ in range(3 * len(funcs)):   # type indices, local and stack cells
        fn.u32(0)
    section(3, fn)

    e = Out()
    e.u32(len(exports))
    for name, n in exports:
        e.u32(n)
        e.u8(0)
        e.u8(0)
        e.string(name)
    section(4, e)

    symbols = []
    for gname, relocs in groups:
        for name in [gname] + [r[3] for r in relocs]:
            if name not in symbols:
                symbols.append(name)
    strings = Out()
    offsets = []
    for name in symbols:
        strings.align(2)
        offsets.append(len(strings.b))
        strings.string(name)
    strings.align(2)
    r = Out()
    r.u32(len(symbols))
    for off in offsets:
        r.u32(off)
    r.u32(len(strings.b))
    r.raw(strings.b)
    r.u32(len(groups))
    for gname, relocs in groups:
        r.u32(symbols.index(gname))
        r.u32(len(relocs))
        for off, addend, rtype, name in relocs:
            if is64:
                r.u64(off)
                r.u64(addend)
            else:
                r.u32(off)
                r.u32(addend)
            r.u32(rtype)
            r.u32(symbols.index(name))
    section(5, r)
    return bytes(o.b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("object")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--arch", required=True,
                    help="target-info arch string (x86_64, thumbv7em, aarch64v8, ...)")
    args = ap.parse_args()
    data = convert(args.object, args.arch)
    with open(args.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
