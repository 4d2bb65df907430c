/* Verification's refusals: src/xip.c built into this test with a hook that
 * damages the image between writing and verifying, one way per test, on
 * v6/thumbv7em/imports.aot (the module of test_xip.c: code at image offset
 * 0x140, a BL at text+0x2c, the copy of .aot_stack_sizes at code+304). A
 * rewrite whose image is damaged must fail with the verification's own
 * message and give no image. */
#include "testutil.h"

#include "bytes.h"

static void (*damage)(struct aotx_xip_image *img);

#define AOTX_XIP_BEFORE_VERIFY(img)                                                        \
    do {                                                                                   \
        if (damage)                                                                        \
            damage(img);                                                                   \
    } while (0)
#include "../../src/xip.c"

#define BASE 0x08040000u
#define CODE_OFF 0x140u

static void expect_refusal(void (*how)(struct aotx_xip_image *), const char *msg)
{
    size_t size;
    uint8_t *buf = load_data("aot/v6/thumbv7em/imports.aot", &size);
    struct aotx_module *m = NULL;
    struct aotx_diag d = {0};
    assert_int_equal(aotx_read(buf, size, &m, &d), AOTX_OK);
    struct aotx_symmap *syms = aotx_symmap_new();
    assert_int_equal(aotx_symmap_defsym(syms, "aot_set_exception_with_id=0x08000101", &d),
                     AOTX_OK);
    assert_int_equal(aotx_symmap_defsym(syms, "aot_invoke_native=0x08000201", &d), AOTX_OK);
    struct aotx_xip_options o = {.base = BASE, .symbols = syms};
    struct aotx_xip_image *img = NULL;

    damage = NULL; /* undamaged, it verifies */
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_OK);
    assert_true(img->verified);
    aotx_xip_free(img);

    damage = how;
    img = (struct aotx_xip_image *)1;
    assert_int_equal(aotx_xip(m, &o, &img, &d), AOTX_E_FORMAT);
    assert_null(img);
    assert_string_equal(d.msg, msg);
    damage = NULL;
    aotx_symmap_free(syms);
    aotx_module_free(m);
    free(buf);
}

/* The BL's second halfword: bit 0 of imm11, the branch lands 2 bytes on
 * (the field, as thumb.c encodes it, 2 more than computed). */
static void bl_moved(struct aotx_xip_image *img) { img->bytes[CODE_OFF + 0x2c + 2] ^= 0x01; }

static void patched_field_changed(void **state)
{
    (void)state;
    expect_refusal(bl_moved, "verify: text+0x2c (aot_func#0+0x2c) holds 0x1fbff93, "
                                     "computed 0x1fbff91");
}

/* text+0: the first function's first instruction, which no relocation patches */
static void prologue_changed(struct aotx_xip_image *img) { img->bytes[CODE_OFF] ^= 0x80; }

static void unpatched_byte_changed(void **state)
{
    (void)state;
    expect_refusal(prologue_changed, "verify: code byte text+0x0 changed (0x00, was 0x80) "
                                      "though no relocation patches it");
}

/* the first byte of the flash copy of .aot_stack_sizes */
static void copy_changed(struct aotx_xip_image *img) { img->bytes[CODE_OFF + 304] ^= 0xff; }

static void data_copy_changed(void **state)
{
    (void)state;
    expect_refusal(copy_changed, "verify: byte 0x0 of the copy of '.aot_stack_sizes' differs "
                                 "from the input");
}

/* the target info's e_type (magic, version, section id and size, bin_type,
 * abi_type: offset 20), back to a relocatable object's 1 */
static void not_xip(struct aotx_xip_image *img) { wr16le(img->bytes + 20, 1); }

static void e_type_changed(void **state)
{
    (void)state;
    expect_refusal(not_xip, "verify: e_type is 1, not 4");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(patched_field_changed),
    cmocka_unit_test(unpatched_byte_changed),
    cmocka_unit_test(data_copy_changed),
    cmocka_unit_test(e_type_changed),
};

TEST_MAIN(tests)
