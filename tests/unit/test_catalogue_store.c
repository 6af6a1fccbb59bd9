/* Unit tests of src/store/catalogue_store.c through the import path
 * (integrate/catalogue_load.h): versions, dates, retirement, search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "domain/procedure.h"
#include "integrate/catalogue_load.h"
#include "store/accounts.h"
#include "store/catalogue_store.h"
#include "store/store.h"

static struct mc_db *fresh(char *path, size_t cap)
{
    struct mc_db *db = NULL;
    struct mc_error err;
    mc_error_init(&err);
    snprintf(path, cap, "/tmp/motcua-unit-cat-%d-%ld.db", (int)getpid(), random());
    CHECK_INT(MC_OK, mc_db_open(path, &db, &err));
    CHECK_INT(MC_OK, mc_db_migrate(db, NULL, &err));
    return db;
}

static void drop(struct mc_db *db, const char *path)
{
    char side[128];
    mc_db_close(db);
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

static void make(struct mc_procedure *p, const char *code, const char *name, const char *from)
{
    mc_procedure_init(p);
    mc_proc_set(&p->code, code, strlen(code));
    mc_proc_set(&p->name, name, strlen(name));
    mc_proc_set(&p->field, "Hộ tịch", strlen("Hộ tịch"));
    p->level = MC_LEVEL_COMMUNE;
    snprintf(p->effective_from, sizeof(p->effective_from), "%s", from);
}

static enum mc_cat_outcome put(struct mc_db *db, struct mc_procedure *p, int64_t *version)
{
    enum mc_cat_outcome o = MC_CAT_UNCHANGED;
    struct mc_error err;
    mc_error_init(&err);
    CHECK_INT(MC_OK, mc_catalogue_put(db, p, "json", "unit", &o, version, &err));
    return o;
}

static void test_versions_by_date(void)
{
    char path[96];
    struct mc_db *db = fresh(path, sizeof(path));
    struct mc_procedure p;
    struct mc_cat_version v;
    struct mc_error err;
    int64_t version = 0;
    mc_error_init(&err);
    make(&p, "1.001193", "Đăng ký khai sinh", "2025-07-01");
    CHECK_INT(MC_CAT_CREATED, put(db, &p, &version));
    CHECK_INT(1, version);
    CHECK_INT(MC_CAT_UNCHANGED, put(db, &p, &version));
    CHECK_INT(1, version);
    snprintf(p.effective_from, sizeof(p.effective_from), "2026-01-01");
    p.online_kind = 4;
    CHECK_INT(MC_CAT_UPDATED, put(db, &p, &version));
    CHECK_INT(2, version);
    CHECK_INT(MC_OK, mc_catalogue_get(db, "1.001193", "2025-12-31", &v, &err));
    CHECK_INT(1, v.version);
    CHECK_STR("2026-01-01", v.effective_to);
    CHECK(strstr(v.doc, "\"Đăng ký khai sinh\"") != NULL);
    mc_cat_version_release(&v);
    CHECK_INT(MC_OK, mc_catalogue_get(db, "1.001193", "2026-01-01", &v, &err));
    CHECK_INT(2, v.version);
    CHECK_STR("", v.effective_to);
    mc_cat_version_release(&v);
    CHECK_INT(MC_ERR_RANGE, mc_catalogue_get(db, "1.001193", "2025-06-30", &v, &err));
    CHECK_STR("not_in_force", err.code);
    CHECK_INT(MC_ERR_NOT_FOUND, mc_catalogue_get(db, "9.999999", NULL, &v, &err));
    /* an update dated before the latest version starts with it, not before */
    snprintf(p.effective_from, sizeof(p.effective_from), "2024-01-01");
    CHECK_INT(MC_CAT_UPDATED, put(db, &p, &version));
    CHECK_INT(MC_OK, mc_catalogue_get(db, "1.001193", "2026-01-01", &v, &err));
    CHECK_INT(3, v.version);
    CHECK_STR("2026-01-01", v.effective_from);
    mc_cat_version_release(&v);
    mc_procedure_release(&p);
    drop(db, path);
}

static void count_hit(void *ctx, const struct mc_cat_hit *h)
{
    struct mc_buf *b = ctx;
    mc_buf_addf(b, "%s%s", b->len ? " " : "", h->code);
}

static const char *hits(struct mc_db *db, struct mc_buf *b, const char *q, int64_t *total)
{
    struct mc_cat_query query = {.q = q, .page = 1, .per_page = 10};
    struct mc_error err;
    mc_error_init(&err);
    mc_buf_clear(b);
    CHECK_INT(MC_OK, mc_catalogue_search(db, &query, count_hit, b, total, &err));
    return b->buf;
}

static void test_search_ranking_and_retire(void)
{
    char path[96];
    struct mc_db *db = fresh(path, sizeof(path));
    struct mc_procedure p;
    struct mc_buf b;
    struct mc_error err;
    int64_t total = 0;
    mc_error_init(&err);
    mc_buf_init(&b, 4096);
    const char *rows[][2] = {{"1.004884", "Đăng ký lại khai sinh"},
                             {"2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài"},
                             {"1.001193", "Thủ tục đăng ký khai sinh"},
                             {"2.000908", "Cấp bản sao từ sổ gốc"}};
    for (size_t i = 0; i < 4; i++) {
        make(&p, rows[i][0], rows[i][1], "2025-07-01");
        put(db, &p, NULL);
        mc_procedure_release(&p);
    }
    CHECK_STR("1.001193 2.000528 1.004884", hits(db, &b, "dang ky khai sinh", &total));
    CHECK_INT(3, total);
    CHECK_STR("1.001193 2.000528 1.004884", hits(db, &b, "ĐĂNG KÝ KHAI SINH", &total));
    CHECK_STR("2.000908", hits(db, &b, "2.000908", &total));
    CHECK_STR("2.000908", hits(db, &b, "sổ gố", &total));
    CHECK_STR("", hits(db, &b, "khong co gi", &total));
    CHECK_INT(0, total);
    CHECK_INT(MC_OK, mc_catalogue_retire(db, "2.000908", "2026-12-31", 1, NULL, &err));
    CHECK_STR("", hits(db, &b, "so goc", &total));
    CHECK_INT(MC_ERR_NOT_FOUND, mc_catalogue_retire(db, "2.000908", NULL, 1, NULL, &err));
    mc_buf_release(&b);
    drop(db, path);
}

static void test_query_text_and_agency_codes(void)
{
    struct mc_buf f, t, fo;
    char code[64];
    mc_buf_init(&f, 1024);
    mc_buf_init(&t, 1024);
    mc_buf_init(&fo, 1024);
    CHECK_INT(1, mc_catalogue_query_text("Đăng ký  khai-sinh 1.000948.H38", &f, &t, &fo, code, sizeof(code)));
    CHECK_STR("\"1.000948.h38\"* \"dang\" \"ky\" \"khai\" \"sinh\"*", f.buf);
    CHECK_STR("dang & ky & khai & sinh:*", t.buf);
    CHECK_STR("1.000948.h38", code);
    mc_buf_clear(&f);
    CHECK_INT(0, mc_catalogue_query_text(" !? ", &f, &t, &fo, code, sizeof(code)));
    CHECK_INT(1, mc_agency_code_valid("000.00.06.H56"));
    CHECK_INT(0, mc_agency_code_valid("000.00.06.h56"));
    CHECK_INT(0, mc_agency_code_valid("000.00.6.H56"));
    CHECK_INT(0, mc_agency_code_valid("000.00.06.H5"));
    mc_buf_release(&f);
    mc_buf_release(&t);
    mc_buf_release(&fo);
}

static void test_agency_link(void)
{
    char path[96];
    struct mc_db *db = fresh(path, sizeof(path));
    struct mc_procedure p;
    struct mc_error err;
    int64_t id = 0;
    mc_error_init(&err);
    CHECK_INT(MC_OK, mc_agency_insert(db, "000.00.00.H56", "UBND tỉnh", "province", 0, &id, &err));
    make(&p, "1.004470", "Cấp giấy phép bưu chính", "");
    mc_proc_set(&p.agency_code, "000.00.00.H56", 13);
    put(db, &p, NULL);
    CHECK_INT(0, (long long)p.nproblems);
    mc_procedure_release(&p);
    make(&p, "1.004471", "Thủ tục khác", "");
    mc_proc_set(&p.agency_code, "000.00.99.H56", 13);
    put(db, &p, NULL);
    CHECK_INT(1, (long long)p.nproblems);
    CHECK_STR("agency_code", p.problems[0].field);
    mc_procedure_release(&p);
    int64_t linked = -1;
    CHECK_INT(MC_OK, mc_db_int(db, &linked, &err, "SELECT count(agency_id) FROM procedures", ""));
    CHECK_INT(1, linked);
    drop(db, path);
}

MC_SUITE(catalogue_store, MC_TEST(test_versions_by_date), MC_TEST(test_search_ranking_and_retire),
         MC_TEST(test_query_text_and_agency_codes), MC_TEST(test_agency_link));
