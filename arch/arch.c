/* The table of relocators, and the choice of one from the target info. */
#include <string.h>

#include "arch.h"

static const struct aotx_arch *const arches[] = {
    &aotx_arch_x86_64, &aotx_arch_i386,    &aotx_arch_aarch64, &aotx_arch_arm,
    &aotx_arch_thumb,  &aotx_arch_riscv32, &aotx_arch_riscv64, &aotx_arch_mips,
    &aotx_arch_xtensa, &aotx_arch_arc,
};

const struct aotx_arch *aotx_arch_find(const struct aotx_target *t)
{
    if (t->bin_type & AOTX_BIN_COFF)
        return NULL;
    unsigned bits = (t->bin_type & AOTX_BIN_64BIT) ? 64 : 32;
    for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++) {
        const struct aotx_arch *a = arches[i];
        if (a->machines[0] != t->e_machine && a->machines[1] != t->e_machine)
            continue;
        if (a->arch_prefix && strncmp(t->arch, a->arch_prefix, strlen(a->arch_prefix)) != 0)
            continue;
        if (a->word_bits != bits)
            continue;
        return a;
    }
    return NULL;
}

void aotx_arm_core(const char *arch, struct aotx_arm_core *c)
{
    const char *p = arch;
    unsigned major = 0;
    if (strncmp(p, "thumb", 5) == 0)
        p += 5;
    else if (strncmp(p, "arm", 3) == 0)
        p += 3;
    if (*p == 'v')
        p++;
    while (*p >= '0' && *p <= '9' && major < 100)
        major = major * 10 + (unsigned)(*p++ - '0');
    while (*p == '.' || (*p >= '0' && *p <= '9')) /* the minor version: "v8.1m.main" */
        p++;
    /* p: the suffix, as LLVM's triples spell it: "m", "em", "sm", "m.base",
     * "m.main"; "r"; "a", "ve", "k", "s", "l", "hl" (v7 and later); "t",
     * "te", "tej", "k", "kz", "z", "t2" (before v7); or none */
    if (*p == 'm' || strncmp(p, "em", 2) == 0 || strncmp(p, "sm", 2) == 0)
        c->profile = 'm';
    else if (*p == 'r')
        c->profile = 'r';
    else if (*p)
        c->profile = major >= 7 ? 'a' : 'c';
    else
        c->profile = major && major < 6 ? 'c' : 0; /* no M-profile core before v6-M */
    c->thumb2 = major == 7 || (major >= 8 && *p && strcmp(p, "m.base") != 0) ||
                strcmp(p, "t2") == 0;
}

const char *aotx_arch_reloc_name(const struct aotx_arch *a, uint32_t type)
{
    size_t lo = 0, hi = a->name_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->names[mid].type == type)
            return a->names[mid].name;
        if (a->names[mid].type < type)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct aotx_howto *aotx_arch_howto(const struct aotx_arch *a, uint32_t type)
{
    size_t lo = 0, hi = a->howto_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->howtos[mid].type == type)
            return &a->howtos[mid];
        if (a->howtos[mid].type < type)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct aotx_sem *aotx_arch_sem(const struct aotx_arch *a, uint32_t type)
{
    if (!a->readback)
        return NULL;
    size_t lo = 0, hi = a->readback->sem_count;
    const struct aotx_sem *sems = a->readback->sems;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sems[mid].type == type)
            return &sems[mid];
        if (sems[mid].type < type)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int aotx_sem_agrees(const struct aotx_sem *s, unsigned word_bits, uint64_t v, int T,
                    const struct aotx_meaning *m, uint64_t *want, uint64_t *got)
{
    unsigned top = s->lo + s->width < word_bits ? s->lo + s->width : word_bits;
    uint64_t mask = (top >= 64 ? ~0ull : (1ull << top) - 1) & ~((1ull << s->lo) - 1);
    if (s->flags & AOTX_SEM_BRANCH)
        v &= ~(uint64_t)1; /* the Thumb bit: the state the branch enters, not an offset */
    *want = (v + s->round) & mask;
    *got = m->value & mask;
    if (m->not_a)
        return 0;
    if ((s->flags & AOTX_SEM_BRANCH) && m->isa != AOTX_ENTERS_NONE && m->isa != (T & 1))
        return 0;
    return *want == *got;
}

const char *aotx_arch_name(const struct aotx_module *m) { return m->arch ? m->arch->name : NULL; }

const char *aotx_reloc_type_name(const struct aotx_module *m, uint32_t type)
{
    return m->arch ? aotx_arch_reloc_name(m->arch, type) : NULL;
}
