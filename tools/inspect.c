/* aot-xip inspect FILE [--json]: what a .aot file holds, section by
 * section, with relocation counts per group and type name and every
 * referenced symbol classified the way the WAMR runtime resolves it. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tool.h"

struct type_count {
    uint32_t type, count;
};

/* Counts per relocation type in one group, sorted by type number. */
static size_t count_types(const struct aotx_reloc_group *g, struct type_count **out)
{
    struct type_count *tc = calloc(g->count ? g->count : 1, sizeof *tc);
    size_t n = 0;
    if (!tc) {
        *out = NULL;
        return 0;
    }
    for (uint32_t i = 0; i < g->count; i++) {
        size_t k = 0;
        while (k < n && tc[k].type != g->relocs[i].type)
            k++;
        if (k == n)
            tc[n++].type = g->relocs[i].type;
        tc[k].count++;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && tc[k - 1].type > tc[k].type; k--) {
            struct type_count t = tc[k];
            tc[k] = tc[k - 1];
            tc[k - 1] = t;
        }
    *out = tc;
    return n;
}

static const char *class_name(enum aotx_sym_class c)
{
    switch (c) {
    case AOTX_SYM_NONE: return "none";
    case AOTX_SYM_AOT_FUNC: return "aot_func";
    case AOTX_SYM_AOT_FUNC_INTERNAL: return "aot_func_internal";
    case AOTX_SYM_CODE: return "code";
    case AOTX_SYM_LITERAL: return "literal";
    case AOTX_SYM_DATA: return "data";
    case AOTX_SYM_LOCAL_LABEL: return "local_label";
    case AOTX_SYM_NATIVE: return "native";
    }
    return "?";
}

static const char *export_kind(uint8_t k)
{
    static const char *const names[] = {"function", "table", "memory", "global"};
    return k < 4 ? names[k] : "unknown";
}

static const char *group_target(const struct aotx_module *m, const struct aotx_reloc_group *g)
{
    switch (g->target) {
    case AOTX_PATCH_CODE: return "code";
    case AOTX_PATCH_LITERAL: return "literal";
    case AOTX_PATCH_DATA: return m->data_sections[g->data_index].name;
    }
    return "?";
}

static uint32_t *symbol_uses(const struct aotx_module *m)
{
    uint32_t *uses = calloc(m->symbol_count ? m->symbol_count : 1, sizeof *uses);
    if (!uses)
        return NULL;
    for (uint32_t g = 0; g < m->group_count; g++)
        for (uint32_t i = 0; i < m->groups[g].count; i++)
            uses[m->groups[g].relocs[i].symbol]++;
    return uses;
}

static const char *type_label(const struct aotx_module *m, uint32_t type, char *tmp, size_t n)
{
    const char *name = aotx_reloc_type_name(m, type);
    if (name)
        return name;
    snprintf(tmp, n, "unknown type %u", type);
    return tmp;
}

/* The stale-map guard an aot-xip image carries (stamp.h). */
static void print_stamp(const struct aotx_module *m)
{
    struct stamp st;
    struct aotx_diag d = {0};
    int found = stamp_find(m, &st, &d);
    if (found < 0)
        printf("\naot-xip stamp: %s\n", d.msg);
    if (found <= 0)
        return;
    printf("\naot-xip stamp: base 0x%08" PRIx64 ", input %" PRIu64 " bytes (hash 0x%016" PRIx64
           "), %u natives (hash 0x%016" PRIx64 ")\n", st.base, st.input_size, st.input_hash,
           st.count, st.natives_hash);
    if (st.version == 4) {
        char id[2 * STAMP_ID_MAX + 1];
        printf("  version 4, image %" PRIu32 " bytes, CRC-32 0x%08" PRIx32 ", firmware id %s\n",
               st.image_size, st.image_crc, st.id_len ? stamp_hex(id, st.id, st.id_len) : "none");
        if (st.natives_abi)
            printf("  natives table 0x%08" PRIx64 ", ABI 0x%08" PRIx32 "\n", st.natives_table,
                   st.natives_abi);
    }
    for (uint32_t i = 0; i < st.count; i++)
        printf("  0x%08" PRIx64 "  %s\n", st.natives[i].value, st.natives[i].name);
    stamp_free(&st);
}

static void json_stamp(struct json *j, const struct aotx_module *m)
{
    struct stamp st;
    struct aotx_diag d = {0};
    if (stamp_find(m, &st, &d) <= 0)
        return;
    json_obj(j, "stamp");
    json_u64(j, "base", st.base);
    json_u64(j, "input_size", st.input_size);
    json_u64(j, "input_hash64", st.input_hash);
    json_u64(j, "natives_hash64", st.natives_hash);
    json_u64(j, "version", st.version);
    if (st.version == 4) {
        char id[2 * STAMP_ID_MAX + 1];
        json_u64(j, "image_size", st.image_size);
        json_u64(j, "crc32", st.image_crc);
        json_str(j, "firmware_id", stamp_hex(id, st.id, st.id_len));
        json_u64(j, "natives_abi", st.natives_abi);
        json_u64(j, "natives_table", st.natives_table);
    }
    json_obj(j, "natives");
    for (uint32_t i = 0; i < st.count; i++)
        json_u64(j, st.natives[i].name, st.natives[i].value);
    json_obj_end(j);
    json_obj_end(j);
    stamp_free(&st);
}

/* Relocation groups with counts per type, and the symbols they use. */
static void print_relocations(const struct aotx_module *m, const uint32_t *uses)
{
    char tmp[32];
    uint64_t total = 0;
    for (uint32_t g = 0; g < m->group_count; g++)
        total += m->groups[g].count;
    printf("\nrelocations: %llu in %u groups\n", (unsigned long long)total, m->group_count);
    for (uint32_t g = 0; g < m->group_count; g++) {
        const struct aotx_reloc_group *grp = &m->groups[g];
        struct type_count *tc;
        size_t n = count_types(grp, &tc);
        printf("  %s (patches %s): %u\n", grp->name, group_target(m, grp), grp->count);
        for (size_t k = 0; k < n; k++)
            printf("    %-32s %6u\n", type_label(m, tc[k].type, tmp, sizeof tmp), tc[k].count);
        free(tc);
    }

    printf("\nsymbols referenced:\n");
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct aotx_symbol *s = &m->symbols[i];
        if (!uses[i])
            continue;
        printf("  %-40s %-18s %5u uses", s->name, class_name(s->cls), uses[i]);
        if (s->cls == AOTX_SYM_DATA)
            printf(" (%s)", aotx_data_section_is_writable(s->name) ? "writable data"
                                                                    : "read-only data");
        if (s->cls == AOTX_SYM_NATIVE)
            printf(" (from the firmware's symbol map)");
        if (s->cls == AOTX_SYM_LOCAL_LABEL)
            printf(" (a local label wamrc did not convert: no address is known for it)");
        printf("\n");
    }
}

static void print_text(const char *path, const struct aotx_module *m, const uint32_t *uses)
{
    const struct aotx_target *t = &m->target;
    printf("%s: WAMR AOT version %u, %s layout, %zu bytes\n", path, m->version,
           m->layout == AOTX_LAYOUT_1X ? "1.x" : "2.x", m->file_size);
    printf("target: %s (arch string \"%s\", e_machine %u, %s %s-endian, e_type %u%s, "
           "e_flags 0x%08x, features 0x%llx)\n",
           aotx_arch_name(m) ? aotx_arch_name(m) : "unknown", t->arch, t->e_machine,
           (t->bin_type & AOTX_BIN_COFF) ? "COFF" : "ELF",
           (t->bin_type & AOTX_BIN_BIG_ENDIAN) ? "big" : "little", t->e_type,
           t->e_type == AOTX_ETYPE_XIP ? " XIP" : " relocatable", t->e_flags,
           (unsigned long long)t->feature_flags);

    printf("\nsections:\n  %-4s %-12s %10s %10s\n", "id", "name", "offset", "size");
    for (uint32_t i = 0; i < m->section_count; i++)
        printf("  %-4u %-12s %#10zx %10u\n", m->sections[i].id,
               aotx_section_name(m->sections[i].id), m->sections[i].offset, m->sections[i].size);

    printf("\ntext: literal %u bytes, code %u bytes at file offset %#zx\n", m->literal_size,
           m->code_size, m->code_offset);
    printf("\nfunctions: %u\n", m->func_count);
    for (uint32_t i = 0; i < m->func_count; i++)
        printf("  aot_func#%-5u text+%#-8llx type %u\n", i,
               (unsigned long long)m->text_offsets[i], m->type_indices[i]);

    printf("\nimported functions: %u\n", m->init.import_func_count);
    for (uint32_t i = 0; i < m->init.import_func_count; i++)
        printf("  %s.%s (type %u)\n", m->import_funcs[i].module, m->import_funcs[i].name,
               m->import_funcs[i].type_index);

    printf("\nexports: %u\n", m->export_count);
    for (uint32_t i = 0; i < m->export_count; i++)
        printf("  %-8s %-5u %s\n", export_kind(m->exports[i].kind), m->exports[i].index,
               m->exports[i].name);

    printf("\nobject data sections: %u\n", m->data_section_count);
    for (uint32_t i = 0; i < m->data_section_count; i++)
        printf("  %-24s %8u bytes  %s\n", m->data_sections[i].name, m->data_sections[i].size,
               aotx_data_section_is_writable(m->data_sections[i].name) ? "writable"
                                                                        : "read-only");

    print_relocations(m, uses);

    for (uint32_t i = 0; i < m->custom_count; i++) {
        const struct aotx_custom *c = &m->customs[i];
        printf("\ncustom section: kind %u, %u bytes", c->kind, c->size);
        if (c->kind == AOTX_CUSTOM_RAW)
            printf(", name \"%s\"", c->raw_name);
        if (c->kind == AOTX_CUSTOM_NATIVE_SYMBOL) {
            printf(", %u native symbols:", c->native_count);
            for (uint32_t k = 0; k < c->native_count; k++)
                printf(" %s", c->natives[k]);
        }
        printf("\n");
    }
    print_stamp(m);
}

/* The target, the sections, the text and the init data's counts. */
static void json_layout(struct json *j, const struct aotx_module *m)
{
    const struct aotx_target *t = &m->target;
    json_obj(j, "target");
    json_str(j, "arch", aotx_arch_name(m));
    json_str(j, "arch_string", t->arch);
    json_u64(j, "bin_type", t->bin_type);
    json_u64(j, "abi_type", t->abi_type);
    json_u64(j, "e_type", t->e_type);
    json_u64(j, "e_machine", t->e_machine);
    json_u64(j, "e_version", t->e_version);
    json_u64(j, "e_flags", t->e_flags);
    json_u64(j, "feature_flags", t->feature_flags);
    json_str(j, "byte_order", (t->bin_type & AOTX_BIN_BIG_ENDIAN) ? "big" : "little");
    json_u64(j, "word_bits", (t->bin_type & AOTX_BIN_64BIT) ? 64 : 32);
    json_obj_end(j);

    json_arr(j, "sections");
    for (uint32_t i = 0; i < m->section_count; i++) {
        json_obj(j, NULL);
        json_u64(j, "id", m->sections[i].id);
        json_str(j, "name", aotx_section_name(m->sections[i].id));
        json_u64(j, "offset", m->sections[i].offset);
        json_u64(j, "size", m->sections[i].size);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_obj(j, "text");
    json_u64(j, "literal_size", m->literal_size);
    json_u64(j, "code_offset", m->code_offset);
    json_u64(j, "code_size", m->code_size);
    json_obj_end(j);

    json_obj(j, "init");
    json_u64(j, "memories", m->init.memory_count);
    json_u64(j, "memory_init_segments", m->init.mem_init_count);
    json_u64(j, "tables", m->init.table_count);
    json_u64(j, "table_init_segments", m->init.table_init_count);
    json_u64(j, "types", m->init.type_count);
    json_u64(j, "import_globals", m->init.import_global_count);
    json_u64(j, "globals", m->init.global_count);
    json_u64(j, "start_function", m->init.start_func_index);
    json_obj_end(j);
}

/* Functions, imports, exports and object data sections. */
static void json_contents(struct json *j, const struct aotx_module *m)
{
    json_arr(j, "functions");
    for (uint32_t i = 0; i < m->func_count; i++) {
        json_obj(j, NULL);
        json_u64(j, "index", i);
        json_u64(j, "text_offset", m->text_offsets[i]);
        json_u64(j, "type", m->type_indices[i]);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_arr(j, "imports");
    for (uint32_t i = 0; i < m->init.import_func_count; i++) {
        json_obj(j, NULL);
        json_str(j, "module", m->import_funcs[i].module);
        json_str(j, "name", m->import_funcs[i].name);
        json_u64(j, "type", m->import_funcs[i].type_index);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_arr(j, "exports");
    for (uint32_t i = 0; i < m->export_count; i++) {
        json_obj(j, NULL);
        json_str(j, "kind", export_kind(m->exports[i].kind));
        json_u64(j, "index", m->exports[i].index);
        json_str(j, "name", m->exports[i].name);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_arr(j, "data_sections");
    for (uint32_t i = 0; i < m->data_section_count; i++) {
        json_obj(j, NULL);
        json_str(j, "name", m->data_sections[i].name);
        json_u64(j, "size", m->data_sections[i].size);
        json_u64(j, "offset", m->data_sections[i].offset);
        json_bool(j, "writable", aotx_data_section_is_writable(m->data_sections[i].name));
        json_obj_end(j);
    }
    json_arr_end(j);
}

/* Relocation groups with counts per type, and the symbols they use. */
static void json_relocations(struct json *j, const struct aotx_module *m, const uint32_t *uses)
{
    json_arr(j, "relocation_groups");
    for (uint32_t g = 0; g < m->group_count; g++) {
        const struct aotx_reloc_group *grp = &m->groups[g];
        struct type_count *tc;
        size_t n = count_types(grp, &tc);
        json_obj(j, NULL);
        json_str(j, "name", grp->name);
        json_str(j, "patches", group_target(m, grp));
        json_u64(j, "count", grp->count);
        json_arr(j, "types");
        for (size_t k = 0; k < n; k++) {
            json_obj(j, NULL);
            json_u64(j, "type", tc[k].type);
            json_str(j, "name", aotx_reloc_type_name(m, tc[k].type));
            json_u64(j, "count", tc[k].count);
            json_obj_end(j);
        }
        json_arr_end(j);
        json_obj_end(j);
        free(tc);
    }
    json_arr_end(j);

    json_arr(j, "symbols");
    for (uint32_t i = 0; i < m->symbol_count; i++) {
        const struct aotx_symbol *s = &m->symbols[i];
        json_obj(j, NULL);
        json_str(j, "name", s->name);
        json_str(j, "class", class_name(s->cls));
        if (s->cls == AOTX_SYM_AOT_FUNC || s->cls == AOTX_SYM_AOT_FUNC_INTERNAL ||
            s->cls == AOTX_SYM_DATA)
            json_u64(j, "index", s->index);
        json_u64(j, "uses", uses[i]);
        json_obj_end(j);
    }
    json_arr_end(j);
}

static void print_json(const char *path, const struct aotx_module *m, const uint32_t *uses)
{
    struct json j;
    json_begin(&j, stdout);
    json_str(&j, "file", path);
    json_u64(&j, "size", m->file_size);
    json_u64(&j, "version", m->version);
    json_str(&j, "layout", m->layout == AOTX_LAYOUT_1X ? "1.x" : "2.x");
    json_layout(&j, m);
    json_contents(&j, m);
    json_relocations(&j, m, uses);
    json_arr(&j, "custom_sections");
    for (uint32_t i = 0; i < m->custom_count; i++) {
        const struct aotx_custom *c = &m->customs[i];
        json_obj(&j, NULL);
        json_u64(&j, "kind", c->kind);
        json_u64(&j, "size", c->size);
        if (c->kind == AOTX_CUSTOM_RAW)
            json_str(&j, "name", c->raw_name);
        if (c->kind == AOTX_CUSTOM_NATIVE_SYMBOL) {
            json_arr(&j, "natives");
            for (uint32_t k = 0; k < c->native_count; k++)
                json_str(&j, NULL, c->natives[k]);
            json_arr_end(&j);
        }
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_stamp(&j, m);
    json_end(&j);
}

struct inspect_args {
    const char *path;
    int json;
};

static int inspect_take(void *ctx, const struct tool_opt *o, const char *val)
{
    struct inspect_args *a = ctx;
    if (o) { /* --json */
        a->json = 1;
    } else if (a->path) {
        tool_usage_error("inspect: one file at a time");
        return EXIT_USAGE;
    } else {
        a->path = val;
    }
    return 0;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct tool_opt opts[] = {{"--json", 0, 0}, {NULL, 0, 0}};
    static const struct tool_cmd cmd = {"inspect", "inspect: ", opts, inspect_take};
    struct inspect_args a = {0};
    int rc;
    if (!tool_parse(&cmd, argc, argv, &a, &rc))
        return rc;
    if (!a.path)
        return tool_usage_error("inspect: no input file"), EXIT_USAGE;

    struct tool_input in = {0};
    struct aotx_module *m = tool_load(a.path, &in);
    if (!m)
        return EXIT_INPUT;
    uint32_t *uses = symbol_uses(m);
    if (!uses) {
        fprintf(stderr, "%s: error: out of memory\n", aotx_prog);
        aotx_module_free(m);
        tool_input_free(&in);
        return EXIT_INPUT;
    }
    if (a.json)
        print_json(a.path, m, uses);
    else
        print_text(a.path, m, uses);
    free(uses);
    aotx_module_free(m);
    tool_input_free(&in);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: error: writing the output failed\n", aotx_prog);
        return EXIT_INPUT;
    }
    return 0;
}
