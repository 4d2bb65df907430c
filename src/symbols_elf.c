/* Symbols of a linked firmware ELF, read with libelf (both classes, both
 * byte orders; libelf checks every header and table against the file size).
 *
 * Taken: defined (st_shndx != SHN_UNDEF) GLOBAL, WEAK and GNU_UNIQUE
 * symbols of type FUNC, GNU_IFUNC, OBJECT or NOTYPE from .symtab, or from
 * .dynsym when the file has no .symtab. TLS symbols (whose values are
 * offsets, not addresses), sections and files are not.
 *
 * A defined LOCAL symbol of type FUNC or OBJECT is taken when the file
 * defines no GLOBAL, WEAK or GNU_UNIQUE symbol of that name (a static libc may
 * keep memset local, as glibc's static MIPS build does). Several locals of
 * one name with the same value are one; with different values the name is
 * ambiguous: it enters the map with `ambiguous` set to their number, so a
 * lookup can say why it cannot be used. Local NOTYPE symbols (ARM mapping
 * symbols $a/$t/$d, linker-script labels) are never taken.
 *
 * ARM (AAELF32 5.5.3): bit 0 of a function symbol's st_value is the Thumb
 * bit, not part of the address; it becomes isa = THUMB and is cleared.
 *
 * The load records the ELF's machine, class, byte order and GNU build id
 * (aotx_symmap_build_id); a module
 * checks them with aotx_symmap_check_target() (at the end of this file). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <libelf.h>

#include "arch.h"
#include "symbols_int.h"

#ifndef STT_GNU_IFUNC
#define STT_GNU_IFUNC 10
#endif
#ifndef NT_GNU_BUILD_ID
#define NT_GNU_BUILD_ID 3
#endif
#ifndef STB_GNU_UNIQUE
#define STB_GNU_UNIQUE 10
#endif

static const char *elf_type_name(unsigned t)
{
    switch (t) {
    case ET_NONE: return "ET_NONE";
    case ET_REL: return "ET_REL";
    case ET_EXEC: return "ET_EXEC";
    case ET_DYN: return "ET_DYN";
    case ET_CORE: return "ET_CORE";
    }
    return "unknown";
}

/* A file libelf cannot read, or that is cut short. */
static enum aotx_err unreadable(const struct symload *ld, struct aotx_diag *d, const char *fmt,
                                ...) AOTX_PRINTF(3, 4);

static enum aotx_err unreadable(const struct symload *ld, struct aotx_diag *d, const char *fmt,
                                ...)
{
    char why[AOTX_DIAG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return aotx_fail(d, AOTX_E_FORMAT, "%s: cannot read the ELF file: %s", ld->file, why);
}

/* A LOCAL FUNC or OBJECT symbol, kept until every global name is known. */
struct local {
    const char *name; /* in libelf's string table */
    struct aotx_native n;
    size_t index;      /* in the symbol table: keeps the sort stable */
};

static int by_name(const void *a, const void *b)
{
    const struct local *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int same_place(const struct aotx_native *a, const struct aotx_native *b)
{
    return a->value == b->value && a->isa == b->isa;
}

/* Enter the locals whose names no defined global symbol of the file has. */
static enum aotx_err add_locals(struct symload *ld, struct local *loc, size_t nloc,
                                const char **globals, size_t nglob, struct aotx_diag *d)
{
    /* qsort wants a real array even for no elements: sort only what is there */
    if (nloc > 1)
        qsort(loc, nloc, sizeof *loc, by_name);
    if (nglob > 1)
        qsort(globals, nglob, sizeof *globals, by_str);
    for (size_t i = 0, j; i < nloc; i = j) {
        int differ = 0;
        for (j = i + 1; j < nloc && strcmp(loc[j].name, loc[i].name) == 0; j++)
            differ |= !same_place(&loc[j].n, &loc[i].n);
        if (nglob && bsearch(&loc[i].name, globals, nglob, sizeof *globals, by_str))
            continue;
        struct aotx_native n = loc[i].n;
        if (differ)
            n = (struct aotx_native){.name = loc[i].name, .ambiguous = (unsigned)(j - i)};
        TRY(symload_add(ld, &n, strlen(n.name), d));
    }
    return AOTX_OK;
}

/* The ELF header: what the file says of its machine, and that it is a
 * linked image. */
static enum aotx_err read_header(struct symload *ld, Elf *e, GElf_Ehdr *eh, struct aotx_diag *d)
{
    if (!gelf_getehdr(e, eh))
        return unreadable(ld, d, "the ELF header: %s", elf_errmsg(-1));
    ld->elf_machine = eh->e_machine;
    ld->elf_class = eh->e_ident[EI_CLASS];
    ld->elf_data = eh->e_ident[EI_DATA];
    if (eh->e_type == ET_REL)
        return aotx_fail(d, AOTX_E_FORMAT,
                         "%s: a relocatable object (ET_REL), not a linked firmware image: its "
                         "symbols have no final addresses; give the ELF that the firmware's "
                         "final link wrote",
                         ld->file);
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return aotx_fail(d, AOTX_E_FORMAT,
                         "%s: ELF type %u (%s) is not a linked image (ET_EXEC or ET_DYN)",
                         ld->file, (unsigned)eh->e_type, elf_type_name(eh->e_type));
    return AOTX_OK;
}

/* The symbol table to read: .symtab, else .dynsym. */
static enum aotx_err find_symtab(struct symload *ld, Elf *e, const GElf_Ehdr *eh,
                                 size_t file_size, Elf_Scn **scn, GElf_Shdr *sh,
                                 struct aotx_diag *d)
{
    size_t nscn;
    if (elf_getshdrnum(e, &nscn) != 0)
        return unreadable(ld, d, "the section headers: %s", elf_errmsg(-1));
    /* libelf gives a section header table that does not fit in the file
     * as no sections at all, without an error */
    if (eh->e_shoff && (!nscn || (eh->e_shnum && nscn != eh->e_shnum))) {
        if (!eh->e_shnum)
            return unreadable(ld, d, "the section header table at 0x%llx",
                              (unsigned long long)eh->e_shoff);
        return unreadable(ld, d,
                          "the section header table at 0x%llx (%u entries of %u bytes) ends "
                          "past the end of the file (%zu bytes)",
                          (unsigned long long)eh->e_shoff, (unsigned)eh->e_shnum,
                          (unsigned)eh->e_shentsize, file_size);
    }
    Elf_Scn *symtab = NULL, *dynsym = NULL;
    GElf_Shdr symtab_sh = {0}, dynsym_sh = {0};
    for (size_t i = 1; i < nscn; i++) {
        Elf_Scn *s = elf_getscn(e, i);
        GElf_Shdr h;
        if (!s || !gelf_getshdr(s, &h))
            return unreadable(ld, d, "section header %zu: %s", i, elf_errmsg(-1));
        if (h.sh_type == SHT_SYMTAB && !symtab) {
            symtab = s;
            symtab_sh = h;
        } else if (h.sh_type == SHT_DYNSYM && !dynsym) {
            dynsym = s;
            dynsym_sh = h;
        }
    }
    *scn = symtab ? symtab : dynsym;
    *sh = symtab ? symtab_sh : dynsym_sh;
    if (!*scn)
        return aotx_fail(d, AOTX_E_FORMAT,
                         "%s: no symbol table (neither .symtab nor .dynsym): give the unstripped "
                         "firmware ELF, or its nm output or ld map",
                         ld->file);
    return AOTX_OK;
}

/* The descriptor of the first NT_GNU_BUILD_ID note ("GNU", type 3) of the
 * SHT_NOTE sections into ld->build_id (none: length 0). Notes libelf cannot
 * read are passed over: the build id identifies, the symbols are the map. */
static void read_build_id(struct symload *ld, Elf *e)
{
    for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
        GElf_Shdr h;
        Elf_Data *data;
        if (!gelf_getshdr(s, &h) || h.sh_type != SHT_NOTE || !(data = elf_getdata(s, NULL)) ||
            !data->d_buf)
            continue;
        GElf_Nhdr n;
        size_t off = 0, name, desc, next;
        while ((next = gelf_getnote(data, off, &n, &name, &desc)) != 0) {
            if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 &&
                !memcmp((const char *)data->d_buf + name, "GNU", 4) && n.n_descsz) {
                size_t k = n.n_descsz < AOTX_BUILD_ID_MAX ? n.n_descsz : AOTX_BUILD_ID_MAX;
                memcpy(ld->build_id, (const uint8_t *)data->d_buf + desc, k);
                ld->build_id_len = n.n_descsz > k ? k + 1 : k;
                return;
            }
            off = next;
        }
    }
}

/* A symbol table as read_symbols() goes through it. */
struct scan {
    Elf *e;
    Elf_Data *data;
    size_t strtab;        /* the section of the names */
    const char *what;     /* ".symtab" or ".dynsym" */
    int arm;              /* EM_ARM: bit 0 of a function is the Thumb bit */
    const char **globals; /* every defined global name */
    size_t nglob;
    struct local *loc;    /* the candidate locals */
    size_t nloc;
};

/* Symbol i: entered if it is a global one to take, kept if a candidate
 * local, else passed over. */
static enum aotx_err scan_symbol(struct symload *ld, struct scan *s, size_t i,
                                 struct aotx_diag *d)
{
    GElf_Sym sym;
    if (!gelf_getsym(s->data, (int)i, &sym))
        return unreadable(ld, d, "symbol %zu of %s: %s", i, s->what, elf_errmsg(-1));
    unsigned bind = GELF_ST_BIND(sym.st_info), type = GELF_ST_TYPE(sym.st_info);
    int global = bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE;
    int local = bind == STB_LOCAL && (type == STT_FUNC || type == STT_OBJECT);
    if (!global && !local)
        return AOTX_OK;
    int is_func = type == STT_FUNC || type == STT_GNU_IFUNC;
    if (global && !is_func && type != STT_OBJECT && type != STT_NOTYPE)
        return AOTX_OK;
    if (local && sym.st_shndx == SHN_UNDEF)
        return AOTX_OK;
    const char *name = elf_strptr(s->e, s->strtab, sym.st_name);
    if (!name)
        return unreadable(ld, d, "the name of symbol %zu of %s: %s", i, s->what,
                          elf_errmsg(-1));
    if (global && sym.st_shndx != SHN_UNDEF)
        s->globals[s->nglob++] = name;
    if (sym.st_shndx == SHN_UNDEF || (local && !*name))
        return AOTX_OK;
    if (!*name)
        return aotx_fail(d, AOTX_E_FORMAT, "%s: symbol %zu of %s is global but has no name",
                         ld->file, i, s->what);
    struct aotx_native n = {
        .name = name,
        .value = sym.st_value,
        .is_func = is_func,
        .is_ifunc = type == STT_GNU_IFUNC,
        .size = sym.st_size,
    };
    if (s->arm && is_func) {
        n.isa = (n.value & 1) ? AOTX_ISA_THUMB : AOTX_ISA_ARM;
        n.value &= ~(uint64_t)1;
    }
    if (local) {
        s->loc[s->nloc++] = (struct local){name, n, i};
        return AOTX_OK;
    }
    return symload_add(ld, &n, strlen(name), d);
}

static enum aotx_err read_symbols(struct symload *ld, Elf *e, size_t file_size,
                                  struct aotx_diag *d)
{
    GElf_Ehdr eh;
    Elf_Scn *scn = NULL;
    GElf_Shdr sh = {0};
    TRY(read_header(ld, e, &eh, d));
    TRY(find_symtab(ld, e, &eh, file_size, &scn, &sh, d));
    read_build_id(ld, e);
    struct scan s = {.e = e, .strtab = sh.sh_link, .arm = eh.e_machine == EM_ARM,
                     .what = sh.sh_type == SHT_SYMTAB ? ".symtab" : ".dynsym"};

    s.data = elf_getdata(scn, NULL);
    if (!s.data)
        return unreadable(ld, d, "%s: %s", s.what, elf_errmsg(-1));
    if (!s.data->d_buf && s.data->d_size)
        return unreadable(ld, d, "%s: it has no contents in the file", s.what);
    size_t entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
    size_t count = entsize ? s.data->d_size / entsize : 0;
    if (count > INT_MAX)
        return unreadable(ld, d, "%s: %zu symbols are more than libelf can index", s.what,
                          count);

    s.globals = count ? malloc(count * sizeof *s.globals) : NULL;
    s.loc = count ? malloc(count * sizeof *s.loc) : NULL;
    enum aotx_err err = AOTX_OK;
    if (count && (!s.globals || !s.loc))
        err = aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory", ld->file);
    for (size_t i = 1; i < count && err == AOTX_OK; i++)
        err = scan_symbol(ld, &s, i, d);
    if (err == AOTX_OK)
        err = add_locals(ld, s.loc, s.nloc, s.globals, s.nglob, d);
    free(s.globals);
    free(s.loc);
    return err;
}

enum aotx_err symload_elf(struct symload *ld, const uint8_t *buf, size_t size,
                          struct aotx_diag *d)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        return aotx_fail(d, AOTX_E_UNSUPPORTED, "%s: libelf: %s", ld->file, elf_errmsg(-1));
    if (size < 4 || memcmp(buf, "\177ELF", 4) != 0)
        return aotx_fail(d, AOTX_E_FORMAT, "%s: not an ELF file (no ELF magic bytes)", ld->file);

    /* libelf takes a mutable image; it gets a private copy. */
    char *copy = malloc(size);
    if (!copy)
        return aotx_fail(d, AOTX_E_NOMEM, "%s: out of memory reading %zu bytes", ld->file, size);
    memcpy(copy, buf, size);

    enum aotx_err err;
    Elf *e = elf_memory(copy, size);
    if (!e)
        err = unreadable(ld, d, "%s", elf_errmsg(-1));
    else if (elf_kind(e) != ELF_K_ELF && size < EI_NIDENT)
        err = unreadable(ld, d, "%zu bytes are not a complete ELF header", size);
    else if (elf_kind(e) != ELF_K_ELF)
        err = unreadable(ld, d, "unknown ELF class %u or data encoding %u", buf[EI_CLASS],
                         buf[EI_DATA]);
    else
        err = read_symbols(ld, e, size, d);
    elf_end(e);
    free(copy);
    return err;
}

/* ---- does an ELF fit the module? ---- */

/* The machines of the targets aot-xip relocates, for messages. */
struct machine {
    uint16_t em;
    const char *name, *constant;
};

#define MACHINE(number, what) {.em = (number), .name = (what), .constant = #number}

static const struct machine machines[] = {
    MACHINE(EM_386, "i386"),
    MACHINE(EM_MIPS, "MIPS"),
    MACHINE(EM_ARM, "ARM"),
    MACHINE(EM_X86_64, "x86-64"),
    MACHINE(EM_ARC_COMPACT, "ARCompact"),
    MACHINE(EM_XTENSA, "Xtensa"),
    MACHINE(EM_AARCH64, "AArch64"),
    MACHINE(EM_ARC_COMPACT2, "ARCv2"),
    MACHINE(EM_RISCV, "RISC-V"),
};

static const struct machine *machine(unsigned em)
{
    for (size_t i = 0; i < sizeof machines / sizeof machines[0]; i++)
        if (machines[i].em == em)
            return &machines[i];
    return NULL;
}

/* "EM_X86_64, 64-bit, little-endian", or "e_machine 1234, ..." for a
 * machine not in the table. */
static void machine_terms(char *out, size_t size, unsigned em, unsigned bits, int big)
{
    const struct machine *k = machine(em);
    const char *order = big ? "big" : "little";
    if (k)
        snprintf(out, size, "%s, %u-bit, %s-endian", k->constant, bits, order);
    else
        snprintf(out, size, "e_machine %u, %u-bit, %s-endian", em, bits, order);
}

/* The machine is one the target's relocator takes (for a target aot-xip
 * does not know, the target's own). */
static int machine_fits(const struct aotx_arch *a, const struct aotx_target *t, unsigned em)
{
    if (!a)
        return em == t->e_machine;
    return em && (em == a->machines[0] || em == a->machines[1]);
}

enum aotx_err aotx_symmap_check_target(const struct aotx_symmap *m, const struct aotx_target *t,
                                       struct aotx_diag *d)
{
    if (!m || !t)
        return aotx_fail(d, AOTX_E_USAGE, "aotx_symmap_check_target: no map or target");
    const struct aotx_arch *a = aotx_arch_find(t);
    unsigned bits = (t->bin_type & AOTX_BIN_64BIT) ? 64 : 32;
    int big = (t->bin_type & AOTX_BIN_BIG_ENDIAN) != 0;
    for (size_t i = 0; i < aotx_symmap_source_count(m); i++) {
        const struct aotx_symmap_source *s = aotx_symmap_source(m, i);
        if (s->format != AOTX_SYMMAP_ELF)
            continue;
        if (machine_fits(a, t, s->elf_machine) &&
            s->elf_class == (bits == 64 ? ELFCLASS64 : ELFCLASS32) &&
            s->elf_data == (big ? ELFDATA2MSB : ELFDATA2LSB))
            continue;
        char elf[96], mod[96];
        const struct machine *k = machine(s->elf_machine);
        machine_terms(elf, sizeof elf, s->elf_machine, s->elf_class == ELFCLASS64 ? 64 : 32,
                      s->elf_data == ELFDATA2MSB);
        machine_terms(mod, sizeof mod, t->e_machine, bits, big);
        return aotx_fail(d, AOTX_E_FORMAT,
                         "'%s' is an ELF for %s (%s), but the module is %s code (%s): the "
                         "symbols come from another firmware; give the ELF of the firmware the "
                         "module will run on",
                         s->file, k ? k->name : "another machine", elf, a ? a->name : t->arch,
                         mod);
    }
    return AOTX_OK;
}
