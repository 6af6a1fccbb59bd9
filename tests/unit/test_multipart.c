/* Unit tests of src/http/multipart.c: the strict multipart/form-data parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/buf.h"
#include "http/multipart.h"

#define CT "multipart/form-data; boundary=XyZ"

static mc_err parse(const char *ct, const char *body, size_t len, struct mc_multipart *mp, struct mc_error *e)
{
    mc_error_init(e);
    return mc_multipart_parse(ct, strlen(ct), body, len, mp, e);
}

static const char *reason(const struct mc_error *e)
{
    for (int i = 0; i < e->ndetails; i++)
        if (!strcmp(e->details[i].key, "reason"))
            return e->details[i].value;
    return "";
}

static int view_eq(struct mc_mp_view v, const char *s)
{
    return v.len == strlen(s) && !memcmp(v.ptr, s, v.len);
}

static void test_two_parts_with_binary_data(void)
{
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"kind\"\r\n\r\n"
                               "component\r\n"
                               "--XyZ\r\n"
                               "content-disposition: form-data; name=file; filename=\"h\xe1\xbb\x93 s\xc6\xa1.pdf\"\r\n"
                               "Content-Type: application/pdf; charset=binary\r\n"
                               "X-Other: ignored\r\n\r\n"
                               "%PDF\r\n--Xy\0\r\n-\r\n"
                               "--XyZ--\r\n";
    struct mc_multipart mp;
    struct mc_error e;
    CHECK_INT(MC_OK, parse(CT, body, sizeof(body) - 1, &mp, &e));
    CHECK_INT(2, mp.nparts);
    CHECK(view_eq(mp.parts[0].name, "kind"));
    CHECK(view_eq(mp.parts[0].data, "component"));
    CHECK_INT(0, mp.parts[0].has_filename);
    CHECK_INT(0, mp.parts[0].content_type.len);
    CHECK(view_eq(mp.parts[1].name, "file"));
    CHECK(view_eq(mp.parts[1].filename, "h\xe1\xbb\x93 s\xc6\xa1.pdf"));
    CHECK(view_eq(mp.parts[1].content_type, "application/pdf"));
    CHECK_INT(14, mp.parts[1].data.len);
    CHECK(!memcmp(mp.parts[1].data.ptr, "%PDF\r\n--Xy\0\r\n-", 14));
    /* views point into the body: nothing was copied */
    CHECK(mp.parts[1].data.ptr > body && mp.parts[1].data.ptr < body + sizeof(body));
}

static void test_boundary_forms(void)
{
    struct mc_mp_view b;
    struct mc_error e;
    mc_error_init(&e);
    const char *ok[] = {"multipart/form-data; boundary=abc", "Multipart/Form-Data;boundary=\"a b:c\"",
                        "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        CHECK_INT(MC_OK, mc_multipart_boundary(ok[i], strlen(ok[i]), &b, &e));
    const struct {
        const char *ct, *reason;
    } bad[] = {{"application/json", "not_multipart"},
               {"multipart/mixed; boundary=a", "not_multipart"},
               {"multipart/form-data", "no_boundary"},
               {"multipart/form-data; boundary=", "bad_boundary"},
               {"multipart/form-data; boundary=\"a \"", "bad_boundary"},
               {"multipart/form-data; boundary=a; boundary=b", "bad_boundary"},
               {"multipart/form-data; boundary=\"a\x01\"", "bad_boundary"},
               {"multipart/form-data; boundary=\"unterminated", "bad_boundary"},
               {"multipart/form-data; boundary=\"a{b\"", "bad_boundary"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        mc_error_init(&e);
        CHECK_INT(MC_ERR_INVALID, mc_multipart_boundary(bad[i].ct, strlen(bad[i].ct), &b, &e));
        CHECK_STR(bad[i].reason, reason(&e));
        CHECK_INT(400, e.status);
        CHECK_STR("invalid_multipart", e.code);
    }
    char longb[128];
    snprintf(longb, sizeof(longb), "multipart/form-data; boundary=%071d", 0);
    CHECK_INT(MC_ERR_INVALID, mc_multipart_boundary(longb, strlen(longb), &b, &e));
}

static void test_malformed_bodies_are_refused(void)
{
    const struct {
        const char *body, *reason;
    } bad[] = {
        {"", "no_first_boundary"},
        {"preamble\r\n--XyZ\r\n", "no_first_boundary"},
        {"--XyZ", "truncated"},
        {"--XyZ  \r\n", "bad_delimiter"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue", "truncated"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\n", "truncated"},
        {"--XyZ\r\n\r\nvalue\r\n--XyZ--", "no_disposition"},
        {"--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", "no_disposition"},
        {"--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--", "not_form_data"},
        {"--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--", "bad_name"},
        {"--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--XyZ--", "bad_name"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--XyZ--", "duplicate_parameter"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\nv\r\n--XyZ--",
         "duplicate_parameter"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; "
         "name=b\r\n\r\nv\r\n--XyZ--",
         "duplicate_header"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a;\r\n\r\nv\r\n--XyZ--", "bad_disposition"},
        {"--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--", "bad_disposition"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\n X: y\r\n\r\nv\r\n--XyZ--", "folded_header"},
        {"--XyZ\r\nContent-Disposition form-data; name=a\r\n\r\nv\r\n--XyZ--", "bad_header"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nv\r\n--XyZ--", "bad_header"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: pdf\r\n\r\nv\r\n--XyZ--",
         "bad_content_type"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b c\r\n\r\nv\r\n--XyZ--",
         "bad_content_type"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--junk", "data_after_end"},
        {"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZX\r\n", "bad_delimiter"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct mc_multipart mp;
        struct mc_error e;
        mc_err rc = parse(CT, bad[i].body, strlen(bad[i].body), &mp, &e);
        if (rc != MC_ERR_INVALID || strcmp(bad[i].reason, reason(&e)))
            mc_check_fail(__FILE__, __LINE__, "case %zu: want %s, got %d %s", i, bad[i].reason, (int)rc, reason(&e));
    }
}

static void test_empty_form_and_epilogue(void)
{
    struct mc_multipart mp;
    struct mc_error e;
    CHECK_INT(MC_OK, parse(CT, "--XyZ--", 7, &mp, &e));
    CHECK_INT(0, mp.nparts);
    CHECK_INT(MC_OK, parse(CT, "--XyZ--\r\n", 9, &mp, &e));
    CHECK_INT(MC_ERR_INVALID, parse(CT, "--XyZ--\r\n\r\n", 11, &mp, &e));
}

/* Builds a body of n parts "a" with value "v". */
static void parts_body(struct mc_buf *b, int n)
{
    mc_buf_clear(b);
    for (int i = 0; i < n; i++)
        mc_buf_adds(b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n");
    mc_buf_adds(b, "--XyZ--");
}

static void test_limits_parts_headers_names(void)
{
    struct mc_multipart mp;
    struct mc_error e;
    struct mc_buf b;
    mc_buf_init(&b, 0);
    parts_body(&b, MC_MP_MAX_PARTS);
    CHECK_INT(MC_OK, parse(CT, b.buf, b.len, &mp, &e));
    CHECK_INT(MC_MP_MAX_PARTS, mp.nparts);
    parts_body(&b, MC_MP_MAX_PARTS + 1);
    CHECK_INT(MC_ERR_INVALID, parse(CT, b.buf, b.len, &mp, &e));
    CHECK_STR("too_many_parts", reason(&e));

    /* a header block of exactly the limit passes, one byte more does not */
    for (int extra = 0; extra < 2; extra++) {
        mc_buf_clear(&b);
        mc_buf_adds(&b, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX: ");
        size_t fill = MC_MP_MAX_HEADERS - (b.len - 7) + (size_t)extra;
        for (size_t i = 0; i < fill; i++)
            mc_buf_addch(&b, 'x');
        mc_buf_adds(&b, "\r\n\r\nv\r\n--XyZ--");
        mc_err rc = parse(CT, b.buf, b.len, &mp, &e);
        CHECK_INT(extra ? MC_ERR_INVALID : MC_OK, rc);
        if (extra)
            CHECK_STR("headers_too_large", reason(&e));
    }

    char name[MC_MP_MAX_FILENAME + 2];
    for (int extra = 0; extra < 2; extra++) {
        memset(name, 'n', sizeof(name));
        name[MC_MP_MAX_FILENAME + extra] = '\0';
        mc_buf_clear(&b);
        mc_buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=file; filename=\"%s\"\r\n\r\nv\r\n--XyZ--",
                    name);
        CHECK_INT(extra ? MC_ERR_INVALID : MC_OK, parse(CT, b.buf, b.len, &mp, &e));
        if (extra)
            CHECK_STR("filename_too_long", reason(&e));
        name[MC_MP_MAX_NAME + extra] = '\0';
        mc_buf_clear(&b);
        mc_buf_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nv\r\n--XyZ--", name);
        CHECK_INT(extra ? MC_ERR_INVALID : MC_OK, parse(CT, b.buf, b.len, &mp, &e));
    }
    mc_buf_release(&b);
}

static void test_error_names_the_part(void)
{
    static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n"
                               "--XyZ\r\nContent-Disposition: form-data; name=b; name=c\r\n\r\nv\r\n--XyZ--";
    struct mc_multipart mp;
    struct mc_error e;
    CHECK_INT(MC_ERR_INVALID, parse(CT, body, sizeof(body) - 1, &mp, &e));
    int part = -1;
    for (int i = 0; i < e.ndetails; i++)
        if (!strcmp(e.details[i].key, "part"))
            part = (int)strtol(e.details[i].value, NULL, 10);
    CHECK_INT(1, part);
}

static void test_view_is_ignores_case(void)
{
    struct mc_mp_view v = {"Form-Data", 9};
    CHECK(mc_mp_view_is(v, "form-data"));
    CHECK(!mc_mp_view_is(v, "form-dat"));
}

MC_SUITE(multipart, MC_TEST(test_two_parts_with_binary_data), MC_TEST(test_boundary_forms),
         MC_TEST(test_malformed_bodies_are_refused), MC_TEST(test_empty_form_and_epilogue),
         MC_TEST(test_limits_parts_headers_names), MC_TEST(test_error_names_the_part),
         MC_TEST(test_view_is_ignores_case));
