/* The natives-table ABI: per target family, every native an AOT module can
 * call, in slot order (natives_abi.h; docs/natives-abi.md).
 *
 * Where the names come from. The stock WAMR runtime resolves a module's
 * natives through a per-arch symbol map, `target_sym_map` in
 * core/iwasm/aot/arch/aot_reloc_<arch>.c, which starts with
 * REG_COMMON_SYMBOLS of core/iwasm/aot/aot_reloc.h. Read here: release
 * WAMR-2.4.1, with every build option on (each REG_*_SYM group and each #if
 * branch of an arch file: a superset of any one runtime build), plus the
 * four __aeabi_mem* that the main branch (mid 2026) adds for Thumb. The lists
 * of WAMR-1.3.3, the oldest wamrc whose files aot-xip reads, are contained in
 * these. Every aot_intrinsic_* function of core/iwasm/aot/aot_intrinsic.c is
 * in REG_INTRINSIC_SYM.
 *
 * Then, per family, "beyond WAMR's map": compiler helpers that LLVM calls for
 * WebAssembly's numeric operations on that target (for some ABI, FPU or ISA
 * option wamrc can be given) and that WAMR's map lacks. The stock runtime
 * cannot load a module that calls one; an XIP image can, since its natives
 * come from the firmware. Each was seen in a fixture (tests/data/aot) or in
 * clang 14's output for C code doing every such operation.
 *
 * The order is version 1's and never changes: WAMR's map order, a name that
 * comes twice kept at its first place, then the names beyond it. A later
 * version appends to the end of a list and adds its count to the counts. */
#include <string.h>

#include "natives_abi.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* REG_COMMON_SYMBOLS, in its order, every option on. memset, memmove, memcpy,
 * sqrt and sqrtf are the names modules call; WAMR's map gives them its own
 * aot_memset, aot_memmove (for both memmove and memcpy), aot_sqrt, aot_sqrtf. */
#define COMMON_NATIVES                                                                             \
    "aot_set_exception_with_id", "aot_invoke_native", "aot_call_indirect",                         \
    "aot_enlarge_memory", "aot_set_exception", "aot_check_app_addr_and_convert",                   \
    "wasm_runtime_quick_invoke_c_api_native", "memset", "memmove", "memcpy", "sqrt",               \
    "sqrtf", "fmin", "fminf", "fmax", "fmaxf", "ceil", "ceilf", "floor", "floorf",                 \
    "trunc", "truncf", "rint", "rintf",                                                            \
    /* WASM_ENABLE_BULK_MEMORY */                                                                  \
    "aot_memory_init", "aot_data_drop",                                                            \
    /* WASM_ENABLE_SHARED_MEMORY */                                                                \
    "wasm_runtime_atomic_wait", "wasm_runtime_atomic_notify",                                      \
    /* WASM_ENABLE_REF_TYPES */                                                                    \
    "aot_drop_table_seg", "aot_table_init", "aot_table_copy", "aot_table_fill",                    \
    "aot_table_grow",                                                                              \
    /* WASM_ENABLE_AOT_STACK_FRAME */                                                              \
    "aot_alloc_frame", "aot_free_frame", "aot_frame_update_profile_info",                          \
    /* WASM_ENABLE_AOT_INTRINSICS */                                                               \
    "aot_intrinsic_fabs_f32", "aot_intrinsic_fabs_f64", "aot_intrinsic_floor_f32",                 \
    "aot_intrinsic_floor_f64", "aot_intrinsic_ceil_f32", "aot_intrinsic_ceil_f64",                 \
    "aot_intrinsic_trunc_f32", "aot_intrinsic_trunc_f64", "aot_intrinsic_rint_f32",                \
    "aot_intrinsic_rint_f64", "aot_intrinsic_sqrt_f32", "aot_intrinsic_sqrt_f64",                  \
    "aot_intrinsic_copysign_f32", "aot_intrinsic_copysign_f64", "aot_intrinsic_fadd_f32",          \
    "aot_intrinsic_fadd_f64", "aot_intrinsic_fsub_f32", "aot_intrinsic_fsub_f64",                  \
    "aot_intrinsic_fmul_f32", "aot_intrinsic_fmul_f64", "aot_intrinsic_fdiv_f32",                  \
    "aot_intrinsic_fdiv_f64", "aot_intrinsic_fmin_f32", "aot_intrinsic_fmin_f64",                  \
    "aot_intrinsic_fmax_f32", "aot_intrinsic_fmax_f64", "aot_intrinsic_clz_i32",                   \
    "aot_intrinsic_clz_i64", "aot_intrinsic_ctz_i32", "aot_intrinsic_ctz_i64",                     \
    "aot_intrinsic_popcnt_i32", "aot_intrinsic_popcnt_i64", "aot_intrinsic_i32_to_f32",            \
    "aot_intrinsic_u32_to_f32", "aot_intrinsic_i32_to_f64", "aot_intrinsic_u32_to_f64",            \
    "aot_intrinsic_i64_to_f32", "aot_intrinsic_u64_to_f32", "aot_intrinsic_i64_to_f64",            \
    "aot_intrinsic_u64_to_f64", "aot_intrinsic_f64_to_f32", "aot_intrinsic_f32_to_i32",            \
    "aot_intrinsic_f32_to_u32", "aot_intrinsic_f32_to_i64", "aot_intrinsic_f32_to_u64",            \
    "aot_intrinsic_f64_to_i32", "aot_intrinsic_f64_to_u32", "aot_intrinsic_f64_to_i64",            \
    "aot_intrinsic_f64_to_u64", "aot_intrinsic_f32_to_f64", "aot_intrinsic_f32_cmp",               \
    "aot_intrinsic_f64_cmp", "aot_intrinsic_i64_div_s", "aot_intrinsic_i64_div_u",                 \
    "aot_intrinsic_i64_rem_s", "aot_intrinsic_i64_rem_u", "aot_intrinsic_i64_bit_or",              \
    "aot_intrinsic_i64_bit_and", "aot_intrinsic_i64_mul", "aot_intrinsic_i64_shl",                 \
    "aot_intrinsic_i64_shr_s", "aot_intrinsic_i64_shr_u", "aot_intrinsic_i32_div_s",               \
    "aot_intrinsic_i32_div_u", "aot_intrinsic_i32_rem_s", "aot_intrinsic_i32_rem_u",               \
    /* WASM_ENABLE_STATIC_PGO */                                                                   \
    "__llvm_profile_instrument_target", "__llvm_profile_instrument_memop",                         \
    /* WASM_ENABLE_GC */                                                                           \
    "aot_array_init_with_data", "aot_create_func_obj", "aot_obj_is_instance_of",                   \
    "aot_func_type_is_super_of", "aot_rtt_type_new", "wasm_array_obj_copy",                        \
    "wasm_array_obj_new", "wasm_externref_obj_to_internal_obj",                                    \
    "wasm_internal_obj_to_externref_obj", "wasm_obj_is_type_of", "wasm_struct_obj_new",            \
    /* WASM_ENABLE_STRINGREF */                                                                    \
    "wasm_stringref_obj_new", "wasm_stringview_wtf8_obj_new",                                      \
    "wasm_stringview_wtf16_obj_new", "wasm_stringview_iter_obj_new", "wasm_string_destroy",        \
    "wasm_string_new_const", "wasm_string_new_with_encoding", "wasm_string_measure",               \
    "wasm_string_wtf16_get_length", "wasm_string_encode", "wasm_string_concat",                    \
    "wasm_string_eq", "wasm_string_is_usv_sequence", "wasm_string_create_view",                    \
    "wasm_string_advance", "wasm_string_slice", "wasm_string_get_wtf16_codeunit",                  \
    "wasm_string_next_codepoint", "wasm_string_rewind", "wasm_string_dump",                        \
    /* WASM_ENABLE_SHARED_HEAP */                                                                  \
    "wasm_runtime_check_and_update_last_used_shared_heap"

/* The run-time ABI helpers aot_reloc_arm.c registers, in its order; the main
 * branch's aot_reloc_thumb.c registers the same (2.4.1's lacks the four
 * __aeabi_mem*). */
#define AEABI_NATIVES                                                                              \
    "__aeabi_d2f", "__aeabi_d2iz", "__aeabi_d2lz", "__aeabi_d2uiz", "__aeabi_d2ulz",               \
    "__aeabi_dadd", "__aeabi_dcmpeq", "__aeabi_dcmpge", "__aeabi_dcmpgt", "__aeabi_dcmple",        \
    "__aeabi_dcmplt", "__aeabi_dcmpun", "__aeabi_ddiv", "__aeabi_dmul", "__aeabi_dsub",            \
    "__aeabi_f2d", "__aeabi_f2iz", "__aeabi_f2lz", "__aeabi_f2ulz", "__aeabi_fadd",                \
    "__aeabi_fcmpeq", "__aeabi_fcmpge", "__aeabi_fcmpgt", "__aeabi_fcmple",                        \
    "__aeabi_fcmplt", "__aeabi_fcmpun", "__aeabi_fdiv", "__aeabi_fmul", "__aeabi_fsub",            \
    "__aeabi_i2d", "__aeabi_i2f", "__aeabi_idiv", "__aeabi_idivmod", "__aeabi_l2d",                \
    "__aeabi_l2f", "__aeabi_ldivmod", "__aeabi_memclr", "__aeabi_memcpy",                          \
    "__aeabi_memmove", "__aeabi_memset", "__aeabi_ui2d", "__aeabi_ui2f", "__aeabi_uidiv",          \
    "__aeabi_uidivmod", "__aeabi_ul2d", "__aeabi_ul2f", "__aeabi_uldivmod"

/* x86_64, aarch64: their maps hold REG_COMMON_SYMBOLS only. */
static const char *const common_names[] = {COMMON_NATIVES};
static const uint32_t common_counts[] = {LEN(common_names)};

static const char *const thumb_names[] = {
    COMMON_NATIVES,
    /* aot_reloc_thumb.c, where the runtime is not built for ARMv6 (__ARM_ARCH != 6) */
    "__adddf3", "__addsf3", "__divdf3", "__extendsfdf2", "__fixdfsi", "__floatsidf",
    "__floatsisf", "__floatunsidf", "__floatunsisf", "__muldf3", "__mulsf3", "__subdf3",
    "__subsf3", "__truncdfsf2", "__unorddf2", "__unordsf2",
    /* then always: the AEABI helpers, its 64-bit shifts and multiply, the rest */
    AEABI_NATIVES, "__aeabi_llsl", "__aeabi_llsr", "__aeabi_lmul",
    "__ashldi3", "__clzsi2", "__divdi3", "__divsi3", "__eqdf2", "__eqsf2", "__fixdfdi",
    "__fixsfdi", "__fixunsdfdi", "__fixunsdfsi", "__fixunssfdi", "__floatdidf", "__floatdisf",
    "__floatundidf", "__floatundisf", "__gedf2", "__gesf2", "__gtdf2", "__gtsf2", "__ledf2",
    "__lesf2", "__lshrdi3", "__ltdf2", "__ltsf2", "__moddi3", "__modsi3", "__muldi3", "__nedf2",
    "__nesf2", "__udivdi3", "__udivmoddi4", "__udivsi3", "__umoddi3", "__umodsi3",
    /* beyond WAMR's map: f32 to u32 (soft float, AEABI; the thumbv6m fixtures call
     * it), i64 shift right on v6-M and v8-M Baseline, and with a GNU ABI (wamrc's
     * default for thumb) f32 division and f32 to i32/u32 */
    "__aeabi_f2uiz", "__aeabi_lasr", "__ashrdi3", "__divsf3", "__fixsfsi", "__fixunssfsi",
};
static const uint32_t thumb_counts[] = {LEN(thumb_names)};

static const char *const arm_names[] = {
    COMMON_NATIVES,
    /* aot_reloc_arm.c */
    "__adddf3", "__addsf3", AEABI_NATIVES,
    "__clzsi2", "__divdf3", "__divdi3", "__divsf3", "__divsi3", "__eqdf2", "__eqsf2",
    "__extendsfdf2", "__fixdfdi", "__fixdfsi", "__fixsfdi", "__fixsfsi", "__fixunsdfdi",
    "__fixunsdfsi", "__fixunssfdi", "__floatdidf", "__floatdisf", "__floatsidf", "__floatsisf",
    "__floatundidf", "__floatundisf", "__floatunsidf", "__floatunsisf", "__gedf2", "__gesf2",
    "__gtdf2", "__gtsf2", "__ledf2", "__lesf2", "__ltdf2", "__ltsf2", "__moddi3", "__modsi3",
    "__muldf3", "__mulsf3", "__nedf2", "__nesf2", "__subdf3", "__subsf3", "__truncdfsf2",
    "__udivdi3", "__udivmoddi4", "__udivsi3", "__umoddi3", "__umodsi3", "__unorddf2",
    "__unordsf2",
    /* beyond WAMR's map: f32 to u32 with soft float, AEABI and GNU names */
    "__aeabi_f2uiz", "__fixunssfsi",
};
static const uint32_t arm_counts[] = {LEN(arm_names)};

static const char *const i386_names[] = {
    COMMON_NATIVES,
    /* aot_reloc_x86_32.c; the last three on Windows */
    "__divdi3", "__udivdi3", "__moddi3", "__umoddi3", "__aulldiv", "__alldiv", "__allrem",
};
static const uint32_t i386_counts[] = {LEN(i386_names)};

/* riscv32 and riscv64: aot_reloc_riscv.c serves both; with every option of
 * both word sizes, and the names beyond it, the two lists are the same. */
static const char *const riscv_names[] = {
    COMMON_NATIVES,
    /* no F extension */
    "__addsf3", "__divsf3", "__eqsf2", "__fixsfdi", "__fixunssfdi", "__fixunssfsi",
    "__floatsidf", "__gesf2", "__gtsf2", "__lesf2", "__mulsf3", "__negsf2", "__nesf2",
    "__subsf3", "__unordsf2",
    /* rv32 with F */
    "__floatundisf", "__floatdisf",
    /* no D extension (rv32 with D: __fixdfdi, __floatundidf, both here) */
    "__adddf3", "__divdf3", "__eqdf2", "__extendsfdf2", "__fixdfdi", "__fixdfsi", "__fixunsdfdi",
    "__fixunsdfsi", "__floatdidf", "__floatundidf", "__floatunsidf", "__gedf2", "__gtdf2",
    "__ledf2", "__ltdf2", "__muldf3", "__nedf2", "__negdf2", "__subdf3", "__truncdfsf2",
    "__unorddf2",
    /* no M extension; rv32 with M: the 64-bit ones */
    "__mulsi3", "__divsi3", "__modsi3", "__udivsi3", "__umodsi3", "__muldi3", "__divdi3",
    "__moddi3", "__udivdi3", "__umoddi3",
    /* no A extension */
    "__atomic_compare_exchange_4", "__atomic_store_4",
    /* beyond WAMR's map, without F: f32 to i32, i32/u32 to f32 and f32 less-than
     * (declared in aot_reloc_riscv.c, never registered; the riscv32 fixtures call
     * __ltsf2); on rv64, __floatundisf and __floatdisf above are beyond it too */
    "__fixsfsi", "__floatsisf", "__floatunsisf", "__ltsf2",
};
static const uint32_t riscv_counts[] = {LEN(riscv_names)};

static const char *const mips_names[] = {
    COMMON_NATIVES,
    /* beyond WAMR's map, which holds REG_COMMON_SYMBOLS only (its MIPS relocator
     * applies no relocation): MIPS32 with an FPU, 64-bit division and 64-bit
     * integer <-> float conversions (the mips fixtures call six) */
    "__divdi3", "__moddi3", "__udivdi3", "__umoddi3", "__fixdfdi", "__fixsfdi", "__fixunsdfdi",
    "__fixunssfdi", "__floatdidf", "__floatdisf", "__floatundidf", "__floatundisf",
    /* and with soft float, the rest */
    "__adddf3", "__addsf3", "__divdf3", "__divsf3", "__eqdf2", "__eqsf2", "__extendsfdf2",
    "__fixdfsi", "__fixsfsi", "__fixunsdfsi", "__fixunssfsi", "__floatsidf", "__floatsisf",
    "__floatunsidf", "__floatunsisf", "__gedf2", "__gesf2", "__gtdf2", "__gtsf2", "__ledf2",
    "__lesf2", "__ltdf2", "__ltsf2", "__muldf3", "__mulsf3", "__nedf2", "__nesf2", "__subdf3",
    "__subsf3", "__truncdfsf2", "__unorddf2", "__unordsf2",
};
static const uint32_t mips_counts[] = {LEN(mips_names)};

static const char *const xtensa_names[] = {
    COMMON_NATIVES,
    /* aot_reloc_xtensa.c */
    "__floatsidf", "__divdf3", "__ltdf2", "__mulsi3", "__muldi3", "__modsi3", "__divdi3",
    "__udivdi3", "__unorddf2", "__adddf3", "__eqdf2", "__muldf3", "__gedf2", "__ledf2",
    "__fixunsdfsi", "__floatunsidf", "__subdf3", "__nedf2", "__fixdfsi", "__moddi3",
    "__extendsfdf2", "__truncdfsf2", "__gtdf2", "__umoddi3", "__floatdidf", "__divsf3",
    "__fixdfdi", "__floatundidf", "__fixsfdi", "__fixunssfdi", "__fixunsdfdi", "__floatdisf",
    "__floatundisf",
};
static const uint32_t xtensa_counts[] = {LEN(xtensa_names)};

static const char *const arc_names[] = {
    COMMON_NATIVES,
    /* aot_reloc_arc.c, runtime built by GCC: its millicode prologue and epilogue
     * helpers, soft float and integer helpers */
    "__st_r13_to_r15", "__st_r13_to_r16", "__st_r13_to_r17", "__st_r13_to_r18",
    "__st_r13_to_r19", "__st_r13_to_r20", "__st_r13_to_r21", "__st_r13_to_r22",
    "__st_r13_to_r23", "__st_r13_to_r24", "__st_r13_to_r25", "__ld_r13_to_r15",
    "__ld_r13_to_r16", "__ld_r13_to_r17", "__ld_r13_to_r18", "__ld_r13_to_r19",
    "__ld_r13_to_r20", "__ld_r13_to_r21", "__ld_r13_to_r22", "__ld_r13_to_r23",
    "__ld_r13_to_r24", "__ld_r13_to_r25", "__adddf3", "__addsf3", "__divdf3", "__divdi3",
    "__divsf3", "__divsi3", "__extendsfdf2", "__fixdfsi", "__floatsidf", "__floatsisf",
    "__muldf3", "__mulsf3", "__subdf3", "__subsf3", "__truncdfsf2", "__floatunsisf",
    "__fixunsdfsi", "__floatdisf", "__floatdidf", "__fixdfdi", "__ltsf2", "__gesf2", "__eqdf2",
    "__nedf2", "__nesf2", "__unordsf2", "__fixunssfsi",
    /* runtime built by MetaWare (__CCAC__), less the names above */
    "__ac_push_13_to_13", "__ac_push_13_to_14", "__ac_push_13_to_15", "__ac_push_13_to_16",
    "__ac_push_13_to_17", "__ac_push_13_to_18", "__ac_push_13_to_19", "__ac_push_13_to_20",
    "__ac_push_13_to_21", "__ac_push_13_to_22", "__ac_push_13_to_23", "__ac_push_13_to_24",
    "__ac_push_13_to_25", "__ac_push_13_to_26", "__ac_push_none", "__ac_pop_13_to_26",
    "__ac_pop_13_to_26v", "__ac_pop_13_to_25", "__ac_pop_13_to_25v", "__ac_pop_13_to_24",
    "__ac_pop_13_to_24v", "__ac_pop_13_to_23", "__ac_pop_13_to_23v", "__ac_pop_13_to_22",
    "__ac_pop_13_to_22v", "__ac_pop_13_to_21", "__ac_pop_13_to_21v", "__ac_pop_13_to_20",
    "__ac_pop_13_to_20v", "__ac_pop_13_to_19", "__ac_pop_13_to_19v", "__ac_pop_13_to_18",
    "__ac_pop_13_to_18v", "__ac_pop_13_to_17", "__ac_pop_13_to_17v", "__ac_pop_13_to_16",
    "__ac_pop_13_to_16v", "__ac_pop_13_to_15", "__ac_pop_13_to_15v", "__ac_pop_13_to_14",
    "__ac_pop_13_to_14v", "__ac_pop_13_to_13", "__ac_pop_13_to_13v", "__ac_pop_none",
    "__ac_pop_nonev", "__gtsf2", "__truncdfhf2", "__truncsfhf2",
    /* both */
    "__ledf2", "__ltdf2", "__gedf2", "__gtdf2", "__eqsf2", "__lesf2", "__unorddf2",
};
static const uint32_t arc_counts[] = {LEN(arc_names)};

/* One row per arch descriptor. The ids are the ABI's: never reuse or change one. */
static const struct aotx_natives_abi abis[] = {
    {.family = "thumb", .id = 1, .version = 1, .names = thumb_names, .counts = thumb_counts,
     .entry = 16, .entry_ptr = 12},
    {.family = "arm", .id = 2, .version = 1, .names = arm_names, .counts = arm_counts,
     .entry = 8, .entry_ptr = 4},
    {.family = "x86_64", .id = 3, .version = 1, .names = common_names, .counts = common_counts,
     .entry = 16, .entry_ptr = 8},
    {.family = "i386", .id = 4, .version = 1, .names = i386_names, .counts = i386_counts,
     .entry = 16, .entry_ptr = 8},
    {.family = "aarch64", .id = 5, .version = 1, .names = common_names, .counts = common_counts,
     .entry = 16, .entry_ptr = 8},
    {.family = "riscv32", .id = 6, .version = 1, .names = riscv_names, .counts = riscv_counts,
     .entry = 16, .entry_ptr = 8},
    {.family = "riscv64", .id = 7, .version = 1, .names = riscv_names, .counts = riscv_counts,
     .entry = 16, .entry_ptr = 8},
    {.family = "mips", .id = 8, .version = 1, .names = mips_names, .counts = mips_counts,
     .entry = 24, .entry_ptr = 16},
    /* no entry code yet: the table mode refuses these */
    {.family = "xtensa", .id = 9, .version = 1, .names = xtensa_names, .counts = xtensa_counts},
    {.family = "arc", .id = 10, .version = 1, .names = arc_names, .counts = arc_counts},
};

const struct aotx_natives_abi *aotx_natives_abi_find(const char *family)
{
    for (size_t i = 0; family && i < LEN(abis); i++)
        if (strcmp(abis[i].family, family) == 0)
            return &abis[i];
    return NULL;
}

const struct aotx_natives_abi *aotx_natives_abi_at(size_t i)
{
    return i < LEN(abis) ? &abis[i] : NULL;
}

uint32_t aotx_natives_abi_count(const struct aotx_natives_abi *abi, unsigned version)
{
    return version >= 1 && version <= abi->version ? abi->counts[version - 1] : 0;
}

int32_t aotx_natives_abi_slot(const struct aotx_natives_abi *abi, const char *name)
{
    uint32_t n = aotx_natives_abi_count(abi, abi->version);
    for (uint32_t k = 0; k < n; k++)
        if (strcmp(abi->names[k], name) == 0)
            return (int32_t)k;
    return -1;
}

unsigned aotx_natives_abi_since(const struct aotx_natives_abi *abi, int32_t slot)
{
    for (unsigned v = 1; slot >= 0 && v <= abi->version; v++)
        if ((uint32_t)slot < abi->counts[v - 1])
            return v;
    return 0;
}

uint32_t aotx_natives_abi_id(const struct aotx_natives_abi *abi, uint16_t version)
{
    return (uint32_t)abi->id << 16 | version;
}
