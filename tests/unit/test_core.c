/* Unit tests of src/core: buffers, errors, time, configuration. */
#include <stdlib.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/time.h"

static void test_buf_append_and_cap(void)
{
    struct mc_buf b;
    mc_buf_init(&b, 8);
    CHECK_STR("", b.buf);
    CHECK_INT(MC_OK, mc_buf_adds(&b, "abcd"));
    CHECK_INT(MC_OK, mc_buf_addf(&b, "%d", 123));
    CHECK_STR("abcd123", b.buf);
    CHECK_INT(MC_OK, mc_buf_addch(&b, 'x'));
    CHECK_INT(MC_ERR_TOO_LARGE, mc_buf_addch(&b, 'y'));
    CHECK_STR("abcd123x", b.buf);
    CHECK_INT(8, b.len);
    mc_buf_truncate(&b, 2);
    CHECK_STR("ab", b.buf);
    size_t len;
    char *s = mc_buf_detach(&b, &len);
    CHECK_STR("ab", s);
    CHECK_INT(2, len);
    CHECK_STR("", b.buf);
    mc_free(s);
    mc_buf_release(&b);
}

static void test_try_malloc_fails_on_demand(void)
{
    mc_alloc_fail_at(2);
    void *a = mc_try_malloc(16);
    void *b = mc_try_malloc(16);
    void *c = mc_try_malloc(16);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK(c != NULL);
    CHECK(mc_try_malloc(MC_ALLOC_MAX + 1) == NULL);
    mc_free(a);
    mc_free(c);
}

static void test_error_details(void)
{
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_error_field(&e, "year", "Năm không hợp lệ", "Invalid year"));
    CHECK_INT(400, e.status);
    CHECK_STR("invalid_field", e.code);
    CHECK_STR("year", e.details[0].value);
    mc_error_detail_int(&e, "line", 3);
    CHECK_INT(2, e.ndetails);
    CHECK_STR("3", e.details[1].value);
    CHECK(e.details[1].is_number);
    CHECK_STR("not found", mc_strerror(MC_ERR_NOT_FOUND));
    CHECK_STR("unknown error", mc_strerror((mc_err)999));
}

static void test_civil_days_round_trip(void)
{
    for (int64_t d = mc_days_from_civil(1800, 1, 1); d < mc_days_from_civil(2300, 1, 1); d++) {
        int y, m, dd;
        mc_civil_from_days(d, &y, &m, &dd);
        if (mc_days_from_civil(y, m, dd) != d || !mc_date_valid(y, m, dd)) {
            CHECK_INT(d, mc_days_from_civil(y, m, dd));
            break;
        }
    }
    CHECK_INT(0, mc_days_from_civil(1970, 1, 1));
    CHECK_INT(1, mc_weekday(mc_days_from_civil(2026, 11, 23))); /* a Monday */
    CHECK_INT(29, mc_days_in_month(2024, 2));
    CHECK_INT(28, mc_days_in_month(1900, 2));
    CHECK_INT(29, mc_days_in_month(2000, 2));
}

static void test_iso_format_and_parse(void)
{
    char out[MC_ISO_LEN];
    int64_t t;
    CHECK_INT(MC_OK, mc_time_parse("2026-11-23T10:30:00+07:00", 25, &t));
    mc_time_iso(t, out);
    CHECK_STR("2026-11-23T10:30:00+07:00", out);
    CHECK_INT(MC_OK, mc_time_parse("2026-11-23T03:30:00Z", 20, &t));
    mc_time_iso(t, out);
    CHECK_STR("2026-11-23T10:30:00+07:00", out);
    CHECK_INT(MC_OK, mc_time_parse("2026-11-23", 10, &t));
    mc_time_iso(t, out);
    CHECK_STR("2026-11-23T00:00:00+07:00", out);
    CHECK_INT(MC_OK, mc_time_parse("2026-11-23T23:59", 16, &t));
    mc_time_iso(t, out);
    CHECK_STR("2026-11-23T23:59:00+07:00", out);
    CHECK_INT(MC_ERR_INVALID, mc_time_parse("2026-02-30", 10, &t));
    CHECK_INT(MC_ERR_INVALID, mc_time_parse("2026-11-23T24:00", 16, &t));
    CHECK_INT(MC_ERR_INVALID, mc_time_parse("2026-11-23x", 11, &t));
    CHECK_INT(MC_ERR_INVALID, mc_time_parse("26-11-23", 8, &t));
    int64_t days;
    CHECK_INT(MC_ERR_INVALID, mc_date_parse("2026-11-23T00:00", 16, &days));
    CHECK_INT(MC_OK, mc_date_parse("2024-02-29", 10, &days));
    char d[11];
    mc_date_iso(days, d);
    CHECK_STR("2024-02-29", d);
}

static void test_config_precedence(void)
{
    struct mc_config cfg;
    struct mc_error err;
    mc_error_init(&err);
    mc_config_init(&cfg);
    CHECK_STR("127.0.0.1:8080", cfg.listen);
    setenv("MOTCUA_LISTEN", "127.0.0.1:9000", 1);
    setenv("MOTCUA_THREADS", "3", 1);
    char a0[] = "serve", a1[] = "--threads", a2[] = "2", a3[] = "pos", a4[] = "--other", a5[] = "--demo";
    char *argv[] = {a0, a1, a2, a3, a4, a5, NULL};
    int rest = -1;
    CHECK_INT(MC_OK, mc_config_load(&cfg, 6, argv, &rest, &err));
    CHECK_STR("127.0.0.1:9000", cfg.listen);
    CHECK_INT(2, cfg.threads);
    CHECK_INT(1, cfg.demo);
    CHECK_INT(2, rest);
    CHECK_STR("pos", argv[1]);
    CHECK_STR("--other", argv[2]);
    char host[64];
    int port;
    CHECK_INT(MC_OK, mc_config_listen(&cfg, host, sizeof(host), &port));
    CHECK_STR("127.0.0.1", host);
    CHECK_INT(9000, port);
    unsetenv("MOTCUA_LISTEN");
    setenv("MOTCUA_THREADS", "many", 1);
    char *argv2[] = {a0, NULL};
    CHECK_INT(MC_ERR_INVALID, mc_config_load(&cfg, 1, argv2, &rest, &err));
    CHECK_STR("invalid_config", err.code);
    unsetenv("MOTCUA_THREADS");
    mc_config_release(&cfg);
}

MC_SUITE(core, MC_TEST(test_buf_append_and_cap), MC_TEST(test_try_malloc_fails_on_demand), MC_TEST(test_error_details),
         MC_TEST(test_civil_days_round_trip), MC_TEST(test_iso_format_and_parse), MC_TEST(test_config_precedence));
