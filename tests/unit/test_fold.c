/* Unit tests of src/core/fold: Vietnamese folding and UTF-8 checks. */
#include <stdlib.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/fold.h"

static void check_fold(const char *in, const char *want)
{
    char *got = mc_fold_dup(in, strlen(in));
    CHECK_STR(want, got);
    mc_free(got);
}

static void test_fold_vietnamese_nfc(void)
{
    check_fold("Đăng ký khai sinh", "dang ky khai sinh");
    check_fold("ĐƯỜNG Bộ, đường THỦY", "duong bo duong thuy");
    check_fold("Ủy ban nhân dân cấp xã", "uy ban nhan dan cap xa");
    check_fold("Nghị định 123/2015/NĐ-CP", "nghi dinh 123 2015 nd cp");
    check_fold("ăâêôơưđ ĂÂÊÔƠƯĐ", "aaeooud aaeooud");
    check_fold("ạảãàáằắẳẵặầấẩẫậẹẻẽèéềếểễệịỉĩìíọỏõòóồốổỗộờớởỡợụủũùúừứửữựỵỷỹỳý",
               "aaaaaaaaaaaaaaaeeeeeeeeeeiiiiiooooooooooooooouuuuuuuuuuyyyyy");
    check_fold("ẠẢÃÀÁẰẮẲẴẶẦẤẨẪẬẸẺẼÈÉỀẾỂỄỆỊỈĨÌÍỌỎÕÒÓỒỐỔỖỘỜỚỞỠỢỤỦŨÙÚỪỨỬỮỰỴỶỸỲÝ",
               "aaaaaaaaaaaaaaaeeeeeeeeeeiiiiiooooooooooooooouuuuuuuuuuyyyyy");
}

static void test_fold_decomposed_marks(void)
{
    /* "Đăng ký" in NFD: a + U+0306 breve, y + U+0301 acute; "Việt" with U+0323 + U+0302 */
    check_fold("\xC4\x90"
               "a\xCC\x86ng ky\xCC\x81",
               "dang ky");
    check_fold("Vie\xCC\xA3\xCC\x82t Nam", "viet nam");
    check_fold("O\xCC\x9B\xCC\x80 U\xCC\x9B\xCC\x83", "o u");
}

static void test_fold_separators(void)
{
    check_fold("  Hộ   tịch\t\n(chứng thực)!! ", "ho tich chung thuc");
    check_fold("a\xC2\xA0"
               "b\xE2\x80\x93"
               "c\xE3\x80\x80"
               "d",
               "a b c d");                /* NBSP, en dash, ideographic space */
    check_fold("\xEF\xBB\xBFxin", "xin"); /* BOM vanishes */
    check_fold("", "");
    check_fold("...,;", "");
    check_fold("Привет 中文", "Привет 中文"); /* kept as is */
    check_fold("Ça façon, Ærø", "ca facon aro");
}

static void test_fold_invalid_utf8_reported(void)
{
    struct mc_buf b;
    struct mc_error e;
    mc_buf_init(&b, 0);
    mc_error_init(&e);
    mc_buf_adds(&b, "keep ");
    CHECK_INT(MC_ERR_INVALID, mc_fold("ab\xE9z", 4, &b, &e)); /* Latin-1 é */
    CHECK_STR("keep ", b.buf);
    CHECK_STR("invalid_utf8", e.code);
    CHECK_STR("2", e.details[0].value);
    CHECK(mc_fold_dup("\xC3", 1) == NULL);             /* truncated sequence */
    CHECK(mc_fold_dup("\xC0\xAF", 2) == NULL);         /* overlong */
    CHECK(mc_fold_dup("\xED\xA0\x80", 3) == NULL);     /* surrogate */
    CHECK(mc_fold_dup("\xF4\x90\x80\x80", 4) == NULL); /* > U+10FFFF */
    mc_buf_release(&b);
}

static void test_fold_output_cap(void)
{
    struct mc_buf b;
    mc_buf_init(&b, 4);
    CHECK_INT(MC_ERR_TOO_LARGE, mc_fold("Đăng ký", strlen("Đăng ký"), &b, NULL));
    CHECK_STR("", b.buf);
    CHECK_INT(MC_OK, mc_fold("Đăng", strlen("Đăng"), &b, NULL));
    CHECK_STR("dang", b.buf);
    mc_buf_release(&b);
}

static void test_utf8_valid(void)
{
    size_t off = 99;
    CHECK(mc_utf8_valid("Việt Nam 🇻🇳", strlen("Việt Nam 🇻🇳"), NULL));
    CHECK(!mc_utf8_valid("ok\xFF", 3, &off));
    CHECK_INT(2, off);
    CHECK(!mc_utf8_valid("x\xE1\xBA", 3, &off)); /* cut inside a 3-byte sequence */
    CHECK_INT(1, off);
    uint32_t cp = 0;
    CHECK_INT(2, mc_utf8_decode("đ", 2, &cp));
    CHECK_INT(0x111, cp);
    CHECK_INT(3, mc_utf8_decode("ệ", 3, &cp));
    CHECK_INT(0x1EC7, cp);
    CHECK_INT(0, mc_utf8_decode("", 0, &cp));
}

static void test_fold_cp_classes(void)
{
    CHECK_INT('d', mc_fold_cp(0x110));
    CHECK_INT('d', mc_fold_cp(0x111));
    CHECK_INT('u', mc_fold_cp(0x1EF1)); /* ự */
    CHECK_INT('y', mc_fold_cp(0x1EF9)); /* ỹ */
    CHECK_INT(MC_FOLD_DROP, mc_fold_cp(0x323));
    CHECK_INT(MC_FOLD_SEP, mc_fold_cp(0xD7));
    CHECK_INT(MC_FOLD_SEP, mc_fold_cp('-'));
    CHECK_INT(MC_FOLD_KEEP, mc_fold_cp(0x4E2D));
}

static void test_fold_prefix(void)
{
    const char *s = "Ngày  làm việcMiễn phí";
    size_t n = strlen(s);
    CHECK_INT(strlen("Ngày  làm việc"), mc_fold_prefix(s, n, "ngay lam viec"));
    CHECK_INT(strlen("Ngày"), mc_fold_prefix(s, n, "ngay"));
    CHECK_INT(0, mc_fold_prefix(s, n, "gio"));
    CHECK_INT(0, mc_fold_prefix("Ng", 2, "ngay"));
    CHECK_INT(strlen("VNĐ"), mc_fold_prefix("VNĐ(", strlen("VNĐ("), "vnd"));
    CHECK_INT(strlen("Ve\xCC\x82\xCC\xA3"),
              mc_fold_prefix("Ve\xCC\x82\xCC\xA3t", 6, "ve")); /* marks belong to the match */
}

MC_SUITE(fold, MC_TEST(test_fold_vietnamese_nfc), MC_TEST(test_fold_decomposed_marks), MC_TEST(test_fold_separators),
         MC_TEST(test_fold_invalid_utf8_reported), MC_TEST(test_fold_output_cap), MC_TEST(test_utf8_valid),
         MC_TEST(test_fold_cp_classes), MC_TEST(test_fold_prefix));
