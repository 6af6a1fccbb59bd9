/* Regression tests for what the fuzz targets and the hostile-input table
 * found (docs/security.md), and for the decoders they exercise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "calendar/cal.h"
#include "calendar/due.h"
#include "core/config.h"
#include "core/err.h"
#include "core/fold.h"
#include "domain/catalogue_text.h"
#include "domain/procedure.h"
#include "http/url.h"

/* fuzz_calendar: a receipt or pause at INT64_MIN/MAX overflowed the
 * working-clock arithmetic (UBSan); now a clean MC_ERR_RANGE. */
static void test_due_extreme_instants(void)
{
    struct mc_cal *cal;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_cal_new(NULL, NULL, 0, NULL, &cal, &e));
    struct mc_due_req req = {.received = INT64_MIN, .amount = 1, .unit = MC_UNIT_WORKDAYS};
    struct mc_due_res res;
    CHECK_INT(MC_ERR_RANGE, mc_cal_due(cal, &req, &res, NULL, &e));
    req.received = INT64_MAX;
    CHECK_INT(MC_ERR_RANGE, mc_cal_due(cal, &req, &res, NULL, &e));
    struct mc_cal_pause p = {1795400000, INT64_MAX};
    req.received = 1795400000 - 3600;
    req.pauses = &p;
    req.npauses = 1;
    CHECK(mc_cal_due(cal, &req, &res, NULL, &e) == MC_ERR_RANGE);
    int64_t secs;
    CHECK_INT(MC_ERR_RANGE, mc_cal_worktime_between(cal, INT64_MIN, INT64_MAX, &secs, &e));
    mc_cal_free(cal);
}

/* fuzz_catalogue_scrape: a problem quoting the first 80 bytes of a row cut
 * a Vietnamese character in two, and the problem was not valid UTF-8. */
static void test_problem_excerpt_stays_utf8(void)
{
    struct mc_procedure p;
    mc_procedure_init(&p);
    const char *row = "Hình thức nộpTên giấy tờMẫu đơn, tờ khaiSố lượng chõnh7 NgàyMiễn phíTrực tiếp6 NgàyMiễn phí";
    mc_cat_parse_components(&p, row, strlen(row));
    mc_procedure_problem(&p, "x", "%.*s", "%.*s", 5, "aaaaĐ");
    CHECK(p.nproblems > 0);
    for (size_t i = 0; i < p.nproblems; i++) {
        CHECK(mc_utf8_valid(p.problems[i].message_en, strlen(p.problems[i].message_en), NULL));
        CHECK(mc_utf8_valid(p.problems[i].message_vi, strlen(p.problems[i].message_vi), NULL));
    }
    CHECK_STR("aaaa", p.problems[p.nproblems - 1].message_en);
    mc_procedure_release(&p);
}

/* fuzz_catalogue_scrape: components text starting with spaces compared
 * "Không có thông tin" against the full length from past the spaces: a heap
 * read past the end (ASan). The text is copied to a buffer of its exact size. */
static void test_components_leading_spaces_no_overread(void)
{
    const char *text = "   Không có thông";
    size_t n = strlen(text);
    char *s = malloc(n);
    memcpy(s, text, n);
    struct mc_procedure p;
    mc_procedure_init(&p);
    mc_cat_parse_components(&p, s, n);
    CHECK_INT(1, p.ncomponents);
    mc_procedure_release(&p);
    memcpy(s, "   Không có", strlen("   Không có"));
    mc_cat_parse_components(&p, s, strlen("   Không có"));
    mc_procedure_release(&p);
    free(s);
}

/* fuzz_fields: jansson's reason for a bad body quotes raw bytes; the error
 * detail (and any message cut at its buffer) must stay valid UTF-8. */
static void test_error_texts_stay_utf8(void)
{
    struct mc_error e;
    char big[600];
    mc_error_init(&e);
    memset(big, 'a', sizeof(big));
    memcpy(big + 380, "ĐĐĐĐĐĐ", 12);
    big[599] = '\0';
    mc_error_set(&e, MC_ERR_INVALID, 400, "x", big, big);
    CHECK(mc_utf8_valid(e.message, strlen(e.message), NULL));
    mc_error_setf(&e, MC_ERR_INVALID, 400, "x", "%s", "%s", big);
    CHECK(mc_utf8_valid(e.message_en, strlen(e.message_en), NULL));
    mc_error_detail_str(&e, "reason", "near '\xff\xfe\x90'");
    CHECK_STR("near ''", e.details[0].value);
    char s[] = "ok \xc3 \xe1\xbb\xa9 \xff end \xe1\xbb";
    CHECK_INT(strlen("ok  \xe1\xbb\xa9  end "), mc_utf8_scrub(s));
    CHECK_STR("ok  \xe1\xbb\xa9  end ", s);
}

static void test_config_parse_from_memory(void)
{
    struct mc_config cfg;
    struct mc_error e;
    mc_error_init(&e);
    mc_config_init(&cfg);
    const char *text = "# c\n  listen = 0.0.0.0:9 \r\n\nthreads=3\nmax-json = 4096";
    CHECK_INT(MC_OK, mc_config_parse(&cfg, text, strlen(text), "t.conf", &e));
    CHECK_STR("0.0.0.0:9", cfg.listen);
    CHECK_INT(3, cfg.threads);
    CHECK_INT(4096, cfg.max_json);
    CHECK_INT(MC_ERR_INVALID, mc_config_parse(&cfg, "threads = 1\0x", 13, "t.conf", &e));
    CHECK_STR("invalid_config", e.code);
    CHECK_INT(MC_ERR_INVALID, mc_config_parse(&cfg, "nokey\n", 6, "t.conf", &e));
    CHECK_INT(MC_ERR_INVALID, mc_config_parse(&cfg, "max-json = 10\n", 14, "t.conf", &e)); /* below 64 */
    CHECK_INT(4096, cfg.max_json);
    /* the line limit, crossed by one byte */
    size_t n = MC_CONFIG_MAX_LINE - 1;
    char *line = malloc(n + 2);
    memcpy(line, "log-level=", 10);
    memset(line + 10, 'x', n - 10);
    line[n] = '\n';
    CHECK_INT(MC_OK, mc_config_parse(&cfg, line, n + 1, "t.conf", &e));
    CHECK_INT(n - 10, strlen(cfg.log_level));
    line[n] = 'x';
    line[n + 1] = '\n';
    CHECK_INT(MC_ERR_INVALID, mc_config_parse(&cfg, line, n + 2, "t.conf", &e));
    free(line);
    mc_config_release(&cfg);
}

static void test_url_decoding(void)
{
    char out[64];
    CHECK_INT(5, mc_url_decode("a%2Fb+c", 7, out, 1));
    CHECK_STR("a/b c", out);
    CHECK_INT(7, mc_url_decode("a%2Fb+c", 7, out, 0) + 2);
    CHECK_STR("a/b+c", out);
    CHECK_INT(4, mc_url_decode("%zz%", 4, out, 0));
    CHECK_STR("%zz%", out);
    CHECK_INT(3, mc_url_decode("a%00b", 5, out, 0));
    CHECK(mc_url_value_ok("%C4%90%C3%A0+x", 14, 1));
    CHECK(!mc_url_value_ok("a%00b", 5, 0));
    CHECK(!mc_url_value_ok("%ff", 3, 0));
    CHECK(!mc_url_value_ok("%c0%af", 6, 0));    /* overlong '/' */
    CHECK(!mc_url_value_ok("%ed%a0%80", 9, 0)); /* a surrogate */
    CHECK(!mc_url_value_ok("%e1%bb", 6, 0));    /* cut short */
    CHECK(!mc_url_value_ok("a%0Ab", 5, 0));
    CHECK(mc_url_value_ok("..%2F..%2Fetc", 13, 0)); /* text: handlers look names up, never open files */
    const char *v;
    size_t vl;
    CHECK(mc_url_query_find("a=1&agency=x%20y&b", 18, "agency", &v, &vl));
    CHECK_INT(5, vl);
    CHECK(mc_url_query_find("a=1&agency=x%20y&b", 18, "b", &v, &vl));
    CHECK_INT(0, vl);
    CHECK(!mc_url_query_find("a=1&agency=x", 12, "agenc", &v, &vl));
    CHECK(mc_url_query_ok("a=%C4%90&b=2", 12));
    CHECK(!mc_url_query_ok("a=1&b=%ff", 9));
}

MC_SUITE(hostile, MC_TEST(test_due_extreme_instants), MC_TEST(test_problem_excerpt_stays_utf8),
         MC_TEST(test_components_leading_spaces_no_overread), MC_TEST(test_error_texts_stay_utf8),
         MC_TEST(test_config_parse_from_memory), MC_TEST(test_url_decoding));
