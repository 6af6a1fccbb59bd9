/* Unit tests of the procedure catalogue: the model (domain/procedure), the
 * scrape text parsers (domain/catalogue_text) and the readers
 * (integrate/catalogue_import), on synthetic strings and on real scrape
 * records copied into tests/fixtures/catalogue. */
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/err.h"
#include "domain/catalogue_text.h"
#include "domain/procedure.h"
#include "integrate/catalogue_import.h"

#define HDR "Hình thức nộpThời gianPhí, lệ phíMô tả"

static void parse_channels(struct mc_procedure *p, const char *s)
{
    mc_procedure_init(p);
    mc_cat_parse_channels(p, s, strlen(s));
}

static int has_problem(const struct mc_procedure *p, const char *field, const char *needle)
{
    for (size_t i = 0; i < p->nproblems; i++)
        if (!strcmp(p->problems[i].field, field) && strstr(p->problems[i].message_en, needle))
            return 1;
    return 0;
}

static void check_time(const char *text, int ok, int amount, enum mc_time_unit unit)
{
    int a = -7;
    enum mc_time_unit u = MC_TIME_NONE;
    CHECK_INT(ok, mc_cat_parse_time(text, strlen(text), &a, &u));
    if (ok) {
        CHECK_INT(amount, a);
        CHECK_INT(unit, u);
    }
}

static void test_parse_time_texts(void)
{
    check_time("7 Ngày làm việc", 1, 7, MC_TIME_WORKDAY);
    check_time("05 ngày", 1, 5, MC_TIME_DAY);
    check_time("15 Ngày", 1, 15, MC_TIME_DAY);
    check_time("Trong ngày", 1, 0, MC_TIME_WORKDAY);
    check_time("03 giờ làm việc", 1, 3, MC_TIME_HOUR);
    check_time("0,5 ngày", 1, 4, MC_TIME_HOUR);
    check_time("1.5 Ngày làm việc", 1, 12, MC_TIME_HOUR);
    check_time("6 Tháng", 1, 6, MC_TIME_MONTH);
    check_time("Không quá 10 ngày làm việc", 1, 10, MC_TIME_WORKDAY);
    check_time("2 tuần", 1, 14, MC_TIME_DAY);
    check_time("Không có thông tin", 0, 0, MC_TIME_NONE);
    check_time("5", 0, 0, MC_TIME_NONE);
    check_time("", 0, 0, MC_TIME_NONE);
}

static void check_fee(const char *text, int ok, long long vnd)
{
    int64_t v = -7;
    CHECK_INT(ok, mc_cat_parse_fee(text, strlen(text), &v));
    if (ok)
        CHECK_INT(vnd, v);
}

static void test_parse_fee_texts(void)
{
    check_fee("Miễn phí", 1, 0);
    check_fee("Lệ phí : 10.000 Đồng", 1, 10000);
    check_fee("Phí: 20.000 đồng/bản", 1, 20000);
    check_fee("100,000 Việt Nam Đồng(/hồ sơ)", 1, 100000);
    check_fee("400.000đ/hộ chiếu", 1, 400000);
    check_fee("1,200,000 VNĐ", 1, 1200000);
    check_fee("10 USD(/bản)", 0, 0);
    check_fee("Không có thông tin", 0, 0);
}

static void test_parse_clock(void)
{
    CHECK_INT(900, mc_cat_parse_clock("15:00", 5));
    CHECK_INT(930, mc_cat_parse_clock("15h30", 5));
    CHECK_INT(900, mc_cat_parse_clock("15 giờ", strlen("15 giờ")));
    CHECK_INT(-1, mc_cat_parse_clock("25:00", 5));
    CHECK_INT(-1, mc_cat_parse_clock("abc", 3));
}

static void test_channels_three_rows(void)
{
    struct mc_procedure p;
    parse_channels(&p, HDR "Trực tuyến7 Ngày làm việcMiễn phí(Không thu)Nộp qua Cổng dịch vụ công. Trực tiếp tại "
                           "Sở.Dịch vụ bưu chính7 Ngày làm việc100,000 Việt Nam Đồng(/hồ sơ)Trực tiếp3Miễn phí");
    CHECK_INT(3, p.nchannels);
    CHECK_INT(MC_CHANNEL_ONLINE, p.channels[0].channel);
    CHECK_INT(7, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_WORKDAY, p.channels[0].time_unit);
    CHECK_INT(MC_TIME_SRC_CELL, p.channels[0].time_source);
    CHECK_INT(0, p.channels[0].fee_vnd);
    CHECK_STR("Miễn phí(Không thu)", p.channels[0].fee_text);
    CHECK_STR("Nộp qua Cổng dịch vụ công. Trực tiếp tại Sở.", p.channels[0].description);
    CHECK_INT(MC_CHANNEL_POSTAL, p.channels[1].channel);
    CHECK_INT(100000, p.channels[1].fee_vnd);
    CHECK_STR("100,000 Việt Nam Đồng(/hồ sơ)", p.channels[1].fee_text);
    CHECK(p.channels[1].description == NULL);
    CHECK_INT(MC_CHANNEL_DIRECT, p.channels[2].channel);
    CHECK_INT(3, p.channels[2].time_amount);
    CHECK_INT(MC_TIME_SRC_BARE, p.channels[2].time_source);
    CHECK(has_problem(&p, "channels", "has no unit"));
    CHECK(p.raw_channels != NULL);
    mc_cat_derive(&p);
    CHECK_INT(MC_ONLINE_UNKNOWN, p.online_kind);
    mc_procedure_release(&p);
}

static void test_channels_time_run_into_fee(void)
{
    struct mc_procedure p;
    parse_channels(&p, HDR "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp1100,000 Việt Nam Đồng");
    CHECK_INT(2, p.nchannels);
    CHECK_INT(1, p.channels[0].has_time);
    CHECK_INT(1, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_SRC_SPLIT, p.channels[0].time_source);
    CHECK_INT(20000, p.channels[0].fee_vnd); /* "20" in thousands, confirmed by the note */
    CHECK_STR("20 VNĐ(20.000 vnđ /tờ khai)", p.channels[0].fee_text);
    CHECK_INT(1, p.channels[1].time_amount);
    CHECK_INT(100000, p.channels[1].fee_vnd);
    CHECK(has_problem(&p, "channels", "ran together"));
    CHECK(has_problem(&p, "channels", "written in thousands"));
    mc_procedure_release(&p);
}

static void test_channels_no_time_cell(void)
{
    struct mc_procedure p;
    parse_channels(&p, HDR "Trực tuyếnKhông có thông tinMiễn phíThời hạn giải quyết: Trong thời hạn 15 ngày, kể từ "
                           "ngày nhận đủ hồ sơ.Dịch vụ bưu chínhKhông có thông tinKhông có thông tinNgay sau khi nhận "
                           "đủ hồ sơ.Trực tiếpKhông quy địnhKhông có thông tinKhông quy định");
    CHECK_INT(3, p.nchannels);
    CHECK_INT(15, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_DAY, p.channels[0].time_unit);
    CHECK_INT(MC_TIME_SRC_DESCRIPTION, p.channels[0].time_source);
    CHECK_INT(1, p.channels[1].has_time); /* same day */
    CHECK_INT(0, p.channels[1].time_amount);
    CHECK_INT(MC_TIME_WORKDAY, p.channels[1].time_unit);
    CHECK_INT(-1, p.channels[1].fee_vnd);
    CHECK_INT(0, p.channels[2].has_time);
    CHECK_STR("Không quy định", p.channels[2].time_text);
    CHECK_STR("Không quy định", p.channels[2].description);
    mc_procedure_release(&p);

    parse_channels(&p, HDR "Trực tiếpKhông có thông tinKhông có thông tin");
    CHECK_INT(1, p.nchannels);
    CHECK_INT(0, mc_procedure_has_numeric_time(&p));
    CHECK(has_problem(&p, "channels", "no channel gives a numeric"));
    mc_cat_derive(&p);
    CHECK_INT(MC_ONLINE_NONE, p.online_kind);
    mc_procedure_release(&p);
}

static void test_channels_cutoff_and_garbage(void)
{
    struct mc_procedure p;
    parse_channels(&p, HDR "Trực tuyến3 Ngày làm việc80,000 Việt Nam Đồng- Giải quyết trong ngày; nếu thời điểm "
                           "nhận hồ sơ sau 15 giờ cùng ngày thì hoàn thành trong ngày làm việc tiếp theo.");
    CHECK_INT(900, p.cutoff_minutes);
    CHECK_INT(80000, p.channels[0].fee_vnd);
    mc_procedure_release(&p);

    parse_channels(&p, "rác không có bảng");
    CHECK_INT(0, p.nchannels);
    CHECK(has_problem(&p, "channels", "no channel found"));
    mc_procedure_release(&p);
    parse_channels(&p, "");
    CHECK_INT(0, p.nchannels);
    mc_procedure_release(&p);
}

static void test_components_rows(void)
{
    struct mc_procedure p;
    const char *s = "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn xin phép (mẫu NA15) ban hành kèm Thông "
                    "tư 22/2023/TT-BCA.NA15.pdf1 bản chính,1 bản saoBản sao hộ chiếu có chứng thực;0 bản chính,1 bản "
                    "sao* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượngHộ chiếu, nộp 01 bản chính để đối "
                    "chiếu2 bản chính";
    mc_procedure_init(&p);
    mc_cat_parse_components(&p, s, strlen(s));
    CHECK_INT(3, p.ncomponents);
    CHECK_STR("Giấy tờ phải nộp", p.components[0].group);
    CHECK_STR("Đơn xin phép (mẫu NA15) ban hành kèm Thông tư 22/2023/TT-BCA.", p.components[0].name);
    CHECK_STR("NA15.pdf", p.components[0].form);
    CHECK_INT(1, p.components[0].originals);
    CHECK_INT(1, p.components[0].copies);
    CHECK_INT(0, p.components[0].photocopies);
    CHECK_STR("Bản sao hộ chiếu có chứng thực", p.components[1].name);
    CHECK_INT(0, p.components[1].originals);
    CHECK_INT(1, p.components[1].copies);
    CHECK_STR("Giấy tờ phải xuất trình", p.components[2].group);
    CHECK_STR("Hộ chiếu, nộp 01 bản chính để đối chiếu", p.components[2].name);
    CHECK_INT(2, p.components[2].originals);
    CHECK_INT(0, p.nproblems);
    mc_procedure_release(&p);

    mc_procedure_init(&p);
    s = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị không ghi số lượng";
    mc_cat_parse_components(&p, s, strlen(s));
    CHECK_INT(1, p.ncomponents);
    CHECK_INT(-1, p.components[0].originals);
    CHECK(has_problem(&p, "components", "without counts"));
    mc_procedure_release(&p);
}

static void test_legal_basis(void)
{
    struct mc_procedure p;
    const char *s =
        "Tên văn bản pháp lýMã văn bảnLuật Khiếu nại  năm 201102/2011/QH13Nghị định 05/2012/NĐ-CP05/2012/NĐ-"
        "CPThông tư số 68/2013/TT-BCA ngày 26/12/2013 của Bộ Công an68/2013/TT-BCAQuyết định về việc A45/"
        "2016/QĐ-TTgLuật 54/2014/QH1354/2014/QH13";
    mc_procedure_init(&p);
    mc_cat_parse_legal(&p, s, strlen(s));
    CHECK_INT(5, p.nlegal);
    CHECK_STR("02/2011/QH13", p.legal[0].symbol);
    CHECK_STR("Luật Khiếu nại  năm 2011", p.legal[0].title);
    CHECK_STR("QH", p.legal[0].doc_type);
    CHECK_STR("QH13", p.legal[0].issuer);
    CHECK_STR("05/2012/NĐ-CP", p.legal[1].symbol);
    CHECK_STR("Nghị định 05/2012/NĐ-CP", p.legal[1].title);
    CHECK_STR("NĐ", p.legal[1].doc_type);
    CHECK_STR("CP", p.legal[1].issuer);
    CHECK_STR("68/2013/TT-BCA", p.legal[2].symbol);
    CHECK_STR("2013-12-26", p.legal[2].date);
    CHECK_STR("BCA", p.legal[2].issuer);
    CHECK_STR("45/2016/QĐ-TTg", p.legal[3].symbol);
    CHECK_STR("TTg", p.legal[3].issuer);
    CHECK_STR("54/2014/QH13", p.legal[4].symbol);
    CHECK_INT(0, p.nproblems);
    mc_procedure_release(&p);

    mc_procedure_init(&p);
    mc_cat_parse_legal(&p, "Không có thông tin", strlen("Không có thông tin"));
    CHECK_INT(0, p.nlegal);
    CHECK_INT(0, p.nproblems);
    mc_procedure_release(&p);
}

static void test_results_and_level(void)
{
    struct mc_procedure p;
    const char *s = "Thông báo từ chốiMã: KQ.G12.001385Giấy chứng nhận đầu tưMã: KQ.G12.001386Từ khóaKhông có thông tin"
                    "Mô tảKhông có thông tin";
    mc_procedure_init(&p);
    mc_cat_parse_results(&p, s, strlen(s));
    CHECK_INT(2, p.nresults);
    CHECK_STR("Thông báo từ chối", p.results[0].name);
    CHECK_STR("KQ.G12.001385", p.results[0].code);
    CHECK_STR("Giấy chứng nhận đầu tư", p.results[1].name);
    CHECK_STR("KQ.G12.001386", p.results[1].code);
    mc_cat_parse_level(&p, "Cấp bộ, Cấp tỉnh, Cấp Huyện, Cấp xã, Cơ quan khác, Cấp vũ trụ",
                       strlen("Cấp bộ, Cấp tỉnh, Cấp Huyện, Cấp xã, Cơ quan khác, Cấp vũ trụ"));
    CHECK_INT(MC_LEVEL_MINISTRY | MC_LEVEL_PROVINCE | MC_LEVEL_DISTRICT | MC_LEVEL_COMMUNE | MC_LEVEL_OTHER, p.level);
    CHECK(has_problem(&p, "level", "Cấp vũ trụ"));
    char codes[64];
    mc_level_codes(p.level, codes, sizeof(codes));
    CHECK_STR("ministry,province,district,commune,other", codes);
    mc_procedure_release(&p);
}

/* ---- readers ------------------------------------------------------------------ */

static struct mc_catalogue_reader *open_fixture(const char *name, enum mc_cat_format f)
{
    char path[512];
    struct mc_catalogue_reader *r = NULL;
    struct mc_error e;
    mc_error_init(&e);
    snprintf(path, sizeof(path), "%s/catalogue/%s", mc_test_fixtures(), name);
    CHECK_INT(MC_OK, mc_catalogue_reader_open(path, f, &r, &e));
    return r;
}

/* Reads the record with that code from the fixture scrape file. */
static int scrape_record(const char *code, struct mc_procedure *p)
{
    struct mc_catalogue_reader *r = open_fixture("scrape.jsonl", MC_CAT_FORMAT_AUTO);
    struct mc_import_problem pr;
    int found = 0;
    while (r && !found && mc_catalogue_reader_next(r, p, &pr) != MC_ERR_NOT_FOUND)
        found = p->code && !strcmp(p->code, code);
    mc_catalogue_reader_free(r);
    return found;
}

static void test_scrape_fixture_counts(void)
{
    struct mc_catalogue_reader *r = open_fixture("scrape.jsonl", MC_CAT_FORMAT_AUTO);
    struct mc_procedure p;
    struct mc_import_problem pr;
    int ok = 0, failed = 0, numeric = 0;
    mc_err e;
    mc_procedure_init(&p);
    CHECK_INT(MC_CAT_FORMAT_SCRAPE, mc_catalogue_reader_format(r));
    while ((e = mc_catalogue_reader_next(r, &p, &pr)) != MC_ERR_NOT_FOUND) {
        ok += e == MC_OK;
        failed += e != MC_OK;
        numeric += e == MC_OK && mc_procedure_has_numeric_time(&p);
    }
    CHECK_INT(31, ok);
    CHECK_INT(0, failed);
    CHECK_INT(26, numeric); /* 6.006585, 2.000975, 1.009825, 1.007689, 1.004045: no time in the source */
    mc_procedure_release(&p);
    mc_catalogue_reader_free(r);
}

static void test_scrape_complaint_record(void)
{
    struct mc_procedure p;
    mc_procedure_init(&p);
    CHECK(scrape_record("1.000178", &p));
    CHECK_STR("Cấp bộ", p.level_text);
    CHECK_INT(MC_LEVEL_MINISTRY, p.level);
    CHECK_STR("Bộ Công an", p.agency_competent);
    CHECK_STR("Thanh tra Bộ", p.agency_executing);
    CHECK(p.agency_delegated == NULL);
    CHECK(p.related == NULL); /* "Không có thông tin" */
    CHECK_STR("bo-cong-an", p.source);
    CHECK_INT(2, p.nchannels);
    CHECK_INT(MC_CHANNEL_POSTAL, p.channels[0].channel);
    CHECK_INT(60, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_WORKDAY, p.channels[0].time_unit);
    CHECK_INT(-1, p.channels[0].fee_vnd);
    CHECK_INT(MC_ONLINE_NONE, p.online_kind);
    CHECK_INT(8, p.ncomponents);
    CHECK_STR("Tài liệu, chứng cứ do các bên cung cấp", p.components[0].name);
    CHECK_INT(1, p.components[0].originals);
    /* the source is not NFC: "nội" is written o-circumflex + U+0323; it is kept as written */
    CHECK_STR("Đơn khiếu nại hoặc bản ghi n\xC3\xB4\xCC\xA3i dung khiếu nại", p.components[7].name);
    CHECK_INT(4, p.nlegal);
    CHECK_STR("68/2013/TT-BCA", p.legal[0].symbol);
    CHECK_STR("02/2011/QH13", p.legal[1].symbol);
    CHECK_STR("11/2015/TT-BCA", p.legal[2].symbol);
    CHECK_STR("05/2012/NĐ-CP", p.legal[3].symbol);
    CHECK_INT(1, p.nresults);
    CHECK(p.results[0].name && !strncmp(p.results[0].name, "Quy", 3) &&
          strstr(p.results[0].name, " 1, ")); /* not NFC in the source */
    CHECK_STR("KQ.G01.00262", p.results[0].code);
    mc_procedure_release(&p);
}

static void test_scrape_messy_records(void)
{
    struct mc_procedure p;
    mc_procedure_init(&p);
    CHECK(scrape_record("1.000014", &p)); /* "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)" */
    CHECK_INT(1, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_SRC_SPLIT, p.channels[0].time_source);
    CHECK_INT(20000, p.channels[0].fee_vnd);
    CHECK(scrape_record("1.013097", &p)); /* "1.5 Ngày làm việc" */
    CHECK_INT(12, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_HOUR, p.channels[0].time_unit);
    CHECK_INT(40000, p.channels[0].fee_vnd);
    CHECK(scrape_record("1.010047", &p)); /* "1 Giờ" */
    CHECK_INT(1, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_HOUR, p.channels[0].time_unit);
    CHECK(scrape_record("1.001010", &p)); /* "6 Tháng", "100 USD" */
    CHECK_INT(MC_TIME_MONTH, p.channels[0].time_unit);
    CHECK_INT(-1, p.channels[0].fee_vnd);
    CHECK(has_problem(&p, "channels", "not in đồng"));
    CHECK(scrape_record("1.011435", &p)); /* "sau 15 giờ cùng ngày" */
    CHECK_INT(900, p.cutoff_minutes);
    CHECK(scrape_record("1.003198", &p)); /* time only in the fee note */
    CHECK_INT(15, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_SRC_DESCRIPTION, p.channels[0].time_source);
    CHECK(scrape_record("2.001680", &p)); /* "Ngay sau khi nhận đủ hồ sơ" */
    CHECK_INT(1, p.channels[0].has_time);
    CHECK_INT(0, p.channels[0].time_amount);
    CHECK(scrape_record("6.006585", &p)); /* no time anywhere */
    CHECK_INT(3, p.nchannels);
    CHECK_INT(0, mc_procedure_has_numeric_time(&p));
    CHECK(scrape_record("3.000349", &p)); /* "135 VNĐ" for 135.000 đồng */
    CHECK(has_problem(&p, "channels", "fee 135"));
    CHECK(scrape_record("1.000811", &p)); /* different time per channel */
    CHECK_INT(MC_TIME_DAY, mc_procedure_channel(&p, MC_CHANNEL_ONLINE)->time_unit);
    CHECK_INT(MC_TIME_WORKDAY, mc_procedure_channel(&p, MC_CHANNEL_POSTAL)->time_unit);
    CHECK_INT(1200000, mc_procedure_channel(&p, MC_CHANNEL_DIRECT)->fee_vnd);
    mc_procedure_release(&p);
}

static void test_hash_detects_change(void)
{
    struct mc_procedure a, b;
    char ha[17], hb[17];
    mc_procedure_init(&a);
    mc_procedure_init(&b);
    CHECK(scrape_record("1.000178", &a));
    CHECK(scrape_record("1.000178", &b));
    CHECK(mc_procedure_hash(&a) == mc_procedure_hash(&b));
    mc_procedure_hash_hex(&a, ha);
    CHECK_INT(16, strlen(ha));
    b.channels[0].time_amount = 45;
    CHECK(mc_procedure_hash(&a) != mc_procedure_hash(&b));
    b.channels[0].time_amount = 60;
    mc_proc_set(&b.name, "Tên khác", strlen("Tên khác"));
    mc_procedure_hash_hex(&b, hb);
    CHECK(strcmp(ha, hb) != 0);
    mc_procedure_release(&a);
    mc_procedure_release(&b);
}

/* Expects the next call to fail with code (and line, when line > 0). */
static void expect_fail(struct mc_catalogue_reader *r, struct mc_procedure *p, const char *code, long line)
{
    struct mc_import_problem pr;
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, p, &pr));
    CHECK_STR(code, pr.code);
    if (line > 0)
        CHECK_INT(line, pr.line);
    CHECK(pr.message_en[0] && pr.message_vi[0]);
    CHECK(p->code == NULL);
}

static void expect_ok(struct mc_catalogue_reader *r, struct mc_procedure *p, const char *code)
{
    struct mc_import_problem pr;
    CHECK_INT(MC_OK, mc_catalogue_reader_next(r, p, &pr));
    CHECK_STR(code, p->code);
}

static void expect_end(struct mc_catalogue_reader *r, struct mc_procedure *p)
{
    struct mc_import_problem pr;
    CHECK_INT(MC_ERR_NOT_FOUND, mc_catalogue_reader_next(r, p, &pr));
    CHECK_INT(MC_ERR_NOT_FOUND, mc_catalogue_reader_next(r, p, &pr));
}

static void test_bad_json_lines(void)
{
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    struct mc_catalogue_reader *r = open_fixture("truncated.jsonl", MC_CAT_FORMAT_AUTO);
    expect_ok(r, &p, "2.000975");
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, &p, &pr));
    CHECK_STR("invalid_json", pr.code);
    CHECK_INT(2, pr.line);
    CHECK(pr.column > 40);
    CHECK_INT(2, pr.record);
    expect_ok(r, &p, "3.000349");
    expect_fail(r, &p, "truncated", 4);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);

    r = open_fixture("latin1.jsonl", MC_CAT_FORMAT_SCRAPE);
    expect_ok(r, &p, "2.000975");
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, &p, &pr));
    CHECK_STR("invalid_utf8", pr.code);
    CHECK_INT(2, pr.line);
    CHECK(strstr(pr.message_en, "Latin-1") != NULL);
    expect_ok(r, &p, "3.000349");
    expect_end(r, &p);
    mc_catalogue_reader_free(r);

    r = open_fixture("nocode.jsonl", MC_CAT_FORMAT_SCRAPE);
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, &p, &pr));
    CHECK_STR("missing_code", pr.code);
    CHECK(strstr(pr.message_en, "Thủ tục không có mã") != NULL);
    expect_fail(r, &p, "not_object", 3);
    expect_ok(r, &p, "3.000349");
    expect_end(r, &p);
    mc_catalogue_reader_free(r);
    mc_procedure_release(&p);
}

static void test_wrong_encoding_file(void)
{
    char path[512];
    struct mc_catalogue_reader *r = NULL;
    struct mc_error e;
    mc_error_init(&e);
    snprintf(path, sizeof(path), "%s/catalogue/utf16.jsonl", mc_test_fixtures());
    CHECK_INT(MC_ERR_UNSUPPORTED, mc_catalogue_reader_open(path, MC_CAT_FORMAT_AUTO, &r, &e));
    CHECK_STR("wrong_encoding", e.code);
    CHECK(r == NULL);
    mc_error_init(&e);
    CHECK_INT(MC_ERR_IO, mc_catalogue_reader_open("/nonexistent/x.jsonl", MC_CAT_FORMAT_AUTO, &r, &e));
    CHECK_STR("io", e.code);
    mc_error_init(&e);
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_open_mem("\x1f\x8b\x08\x00garbage", 11, "x.gz", 0, &r, &e));
    CHECK_STR("bad_gzip", e.code);
}

static void test_own_json_array(void)
{
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    struct mc_catalogue_reader *r = open_fixture("own.json", MC_CAT_FORMAT_AUTO);
    CHECK_INT(MC_CAT_FORMAT_JSON, mc_catalogue_reader_format(r));
    expect_ok(r, &p, "1.001193");
    CHECK_INT(0, p.nproblems);
    CHECK_INT(MC_LEVEL_COMMUNE, p.level);
    CHECK_INT(MC_ONLINE_FULL, p.online_kind);
    CHECK_INT(900, p.cutoff_minutes);
    CHECK_STR("ho-tich-mot-cap", p.workflow_ref);
    CHECK_STR("2025-07-01", p.effective_from);
    CHECK_INT(3, p.nchannels);
    CHECK_INT(MC_TIME_SRC_STRUCTURED, p.channels[0].time_source);
    CHECK_INT(0, p.channels[0].fee_vnd);
    CHECK_INT(MC_CHANNEL_ONLINE, p.channels[1].channel);
    CHECK_INT(0, p.channels[1].time_amount); /* Trong ngày */
    CHECK_INT(10000, p.channels[1].fee_vnd);
    CHECK_INT(4, p.channels[2].time_amount); /* 0,5 ngày = 4 working hours */
    CHECK_INT(MC_TIME_HOUR, p.channels[2].time_unit);
    CHECK_INT(20000, p.channels[2].fee_vnd);
    CHECK_INT(2, p.ncomponents);
    CHECK_STR("TK1.docx", p.components[0].form);
    CHECK_INT(1, p.components[0].required_online);
    CHECK_INT(-1, p.components[1].copies);
    CHECK_STR("123/2015/NĐ-CP", p.legal[0].symbol);
    CHECK_STR("2015-11-15", p.legal[0].date);
    CHECK_STR("KQ.G15.000001", p.results[0].code);
    expect_ok(r, &p, "2.000908");
    CHECK_INT(3, p.channels[0].time_amount);
    CHECK_INT(MC_TIME_HOUR, p.channels[0].time_unit);
    CHECK_INT(2000, p.channels[0].fee_vnd);
    CHECK(has_problem(&p, "record", "colour"));
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, &p, &pr));
    CHECK_STR("missing_code", pr.code);
    CHECK_INT(3, pr.record);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);

    r = open_fixture("own.jsonl", MC_CAT_FORMAT_AUTO);
    CHECK_INT(MC_CAT_FORMAT_JSON, mc_catalogue_reader_format(r));
    expect_ok(r, &p, "1.000001");
    CHECK_INT(MC_TIME_DAY, p.channels[0].time_unit);
    expect_ok(r, &p, "1.000002");
    CHECK(has_problem(&p, "online_kind", "7"));
    CHECK(has_problem(&p, "cutoff", "25:00"));
    expect_end(r, &p);
    mc_catalogue_reader_free(r);
    mc_procedure_release(&p);
}

static void test_json_array_broken(void)
{
    const char *text = "[{\"code\": \"1.000001\"}, {\"code\": ";
    struct mc_catalogue_reader *r = NULL;
    struct mc_procedure p;
    mc_procedure_init(&p);
    CHECK_INT(MC_OK, mc_catalogue_reader_open_mem(text, strlen(text), "x.json", MC_CAT_FORMAT_AUTO, &r, NULL));
    expect_fail(r, &p, "truncated", 1);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);
}

static void test_csv_rows(void)
{
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    struct mc_catalogue_reader *r = open_fixture("procedures.csv", MC_CAT_FORMAT_AUTO);
    CHECK_INT(MC_CAT_FORMAT_CSV, mc_catalogue_reader_format(r));
    expect_ok(r, &p, "1.001193");
    CHECK_INT(0, p.nproblems);
    CHECK_STR("Ủy ban nhân dân cấp xã, phường", p.agency_competent);
    CHECK_INT(2, p.nchannels);
    CHECK_INT(5, mc_procedure_channel(&p, MC_CHANNEL_DIRECT)->time_amount);
    CHECK_INT(3, mc_procedure_channel(&p, MC_CHANNEL_ONLINE)->time_amount);
    CHECK_INT(0, p.channels[0].fee_vnd);
    CHECK_INT(900, p.cutoff_minutes);
    CHECK_INT(2, p.ncomponents);
    CHECK_STR("Giấy chứng sinh", p.components[1].name);
    CHECK_INT(1, p.components[0].required_online);
    CHECK_STR("123/2015/NĐ-CP", p.legal[0].symbol);
    CHECK_STR("KQ.G15.000001", p.results[0].code);
    expect_ok(r, &p, "2.000908");
    CHECK_STR("Chứng thực \"bản sao\"\ntừ bản chính", p.name);
    CHECK_INT(7, p.channels[0].time_amount);
    CHECK_INT(2000, p.channels[0].fee_vnd);
    CHECK_INT(MC_ERR_INVALID, mc_catalogue_reader_next(r, &p, &pr));
    CHECK_STR("missing_code", pr.code);
    CHECK_INT(6, pr.line); /* rows 1 and 2 hold quoted newlines */
    expect_fail(r, &p, "bad_row", 7);
    expect_ok(r, &p, "1.000004");
    CHECK(has_problem(&p, "channels", "0.5"));
    CHECK(has_problem(&p, "channels", "abc"));
    CHECK(has_problem(&p, "code", "1.000004") == 0);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);

    r = open_fixture("latin1.csv", MC_CAT_FORMAT_AUTO);
    expect_fail(r, &p, "invalid_utf8", 2);
    expect_ok(r, &p, "1.000006");
    expect_end(r, &p);
    mc_catalogue_reader_free(r);

    const char *cut = "code,name\n1.000001,\"never closed\n";
    CHECK_INT(MC_OK, mc_catalogue_reader_open_mem(cut, strlen(cut), "x.csv", MC_CAT_FORMAT_AUTO, &r, NULL));
    expect_fail(r, &p, "truncated", 2);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);
    mc_procedure_release(&p);
}

static void test_gzip_input_and_detection(void)
{
    const char *line = "{\"ma_thu_tuc\": \"1.000001\", \"ten_thu_tuc\": \"Thử\", \"cach_thuc_thuc_hien\": \"" HDR
                       "Trực tiếp5 Ngày làm việcMiễn phí\"}\n";
    unsigned char gz[1024];
    z_stream z;
    memset(&z, 0, sizeof(z));
    CHECK_INT(Z_OK, deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY));
    z.next_in = (Bytef *)(uintptr_t)line;
    z.avail_in = (uInt)strlen(line);
    z.next_out = gz;
    z.avail_out = sizeof(gz);
    CHECK_INT(Z_STREAM_END, deflate(&z, Z_FINISH));
    size_t n = sizeof(gz) - z.avail_out;
    deflateEnd(&z);
    struct mc_catalogue_reader *r = NULL;
    struct mc_procedure p;
    mc_procedure_init(&p);
    CHECK_INT(MC_OK, mc_catalogue_reader_open_mem(gz, n, "c.jsonl.gz", MC_CAT_FORMAT_AUTO, &r, NULL));
    CHECK_INT(MC_CAT_FORMAT_SCRAPE, mc_catalogue_reader_format(r));
    expect_ok(r, &p, "1.000001");
    CHECK_INT(5, p.channels[0].time_amount);
    expect_end(r, &p);
    mc_catalogue_reader_free(r);
    mc_procedure_release(&p);

    CHECK_INT(MC_CAT_FORMAT_CSV, mc_catalogue_format_detect("a.csv.gz", "{", 1));
    CHECK_INT(MC_CAT_FORMAT_JSON, mc_catalogue_format_detect(NULL, " [ {", 4));
    CHECK_INT(MC_CAT_FORMAT_JSON, mc_catalogue_format_detect("x.jsonl", "{\"code\":1}", 10));
    CHECK_INT(MC_CAT_FORMAT_CSV, mc_catalogue_format_detect(NULL, "code,name", 9));
    CHECK_INT(MC_CAT_FORMAT_AUTO, mc_catalogue_format_detect(NULL, "", 0));
    CHECK_INT(MC_CAT_FORMAT_CSV, mc_catalogue_format_parse("csv"));
    CHECK_INT(MC_CAT_FORMAT_AUTO, mc_catalogue_format_parse("xml"));
    CHECK_STR("scrape", mc_catalogue_format_name(MC_CAT_FORMAT_SCRAPE));
    CHECK_STR("wd", mc_time_unit_name(MC_TIME_WORKDAY));
    CHECK_INT(MC_TIME_MONTH, mc_time_unit_parse("month"));
    CHECK_STR("postal", mc_channel_name(3));
}

MC_SUITE(catalogue, MC_TEST(test_parse_time_texts), MC_TEST(test_parse_fee_texts), MC_TEST(test_parse_clock),
         MC_TEST(test_channels_three_rows), MC_TEST(test_channels_time_run_into_fee),
         MC_TEST(test_channels_no_time_cell), MC_TEST(test_channels_cutoff_and_garbage), MC_TEST(test_components_rows),
         MC_TEST(test_legal_basis), MC_TEST(test_results_and_level), MC_TEST(test_scrape_fixture_counts),
         MC_TEST(test_scrape_complaint_record), MC_TEST(test_scrape_messy_records), MC_TEST(test_hash_detects_change),
         MC_TEST(test_bad_json_lines), MC_TEST(test_wrong_encoding_file), MC_TEST(test_own_json_array),
         MC_TEST(test_json_array_broken), MC_TEST(test_csv_rows), MC_TEST(test_gzip_input_and_detection));
