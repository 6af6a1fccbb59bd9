/* cmd_report.c - motcua report bieu06: the statutory report from the
 * command line, in the formats of the API (docs/internals/reports.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/time.h"
#include "domain/report.h"
#include "render/font.h"
#include "render/report_render.h"
#include "store/accounts.h"
#include "store/report_store.h"
#include "store/store.h"
#include "core/banned.h"

static const char report_usage[] =
    "Usage: motcua report bieu06 --from YYYY-MM-DD --to YYYY-MM-DD [--agency ID|CODE] [--level LEVEL]\n"
    "                            [--field NAME] [--format json|csv|xlsx|pdf] [--out FILE] [--db URL]\n\n"
    "Biểu 06 / II.06a for the period over the agency's subtree (default: every agency), by level and field\n"
    "with subtotals and the grand total. LEVEL: province, district, commune, ministry, other. Writes to\n"
    "FILE or standard output (json by default). Exit status 1 when a column identity fails.\n\n";

static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return NULL;
}

static mc_err agency_of(struct mc_db *db, const char *value, struct mc_report_query *q, int64_t *id, char *code,
                        char *name, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = value ? mc_agency_resolve(db, value, id, q->agency_path, sizeof(q->agency_path), err)
                      : mc_db_int(db, id, err, "SELECT MIN(id) FROM agencies WHERE parent_id IS NULL", "");
    if (!rc)
        rc = mc_db_query(db, &st, &row, err, "SELECT code, name FROM agencies WHERE id = $1", "i", *id);
    if (!rc && row) {
        snprintf(code, 32, "%s", mc_stmt_text(st, 0, NULL));
        snprintf(name, 256, "%s", mc_stmt_text(st, 1, NULL));
        mc_stmt_reset(st);
    }
    return rc;
}

static int write_out(const char *path, const char *data, size_t len)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "motcua report: cannot write %s\n", path);
        return 1;
    }
    int bad = fwrite(data, 1, len, f) != len;
    if (path)
        bad |= fclose(f) != 0;
    return bad;
}

static int run(struct mc_config *cfg, int n, char **argv)
{
    struct mc_db *db = NULL;
    struct mc_error err;
    struct mc_report_query q;
    struct mc_b06_report rep = {0};
    struct mc_buf out;
    struct mc_fonts fonts;
    int fonts_open = 0, status = 1;
    char code[32] = "", name[256] = "";
    int64_t id = 0;
    memset(&q, 0, sizeof(q));
    mc_error_init(&err);
    mc_buf_init(&out, 0);
    const char *format = opt(n, argv, "--format"), *level = opt(n, argv, "--level"), *field = opt(n, argv, "--field");
    format = format ? format : "json";
    mc_err rc = mc_report_period_parse(opt(n, argv, "--from"), opt(n, argv, "--to"), 1100, &q.period, &err);
    if (!rc && level && !(q.level = mc_report_level_parse(level)))
        rc = mc_error_field(&err, "level", "Cấp không hợp lệ", "Unknown level");
    if (!rc && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "pdf"))
        rc = mc_error_field(&err, "format", "Định dạng phải là json, csv, xlsx hoặc pdf",
                            "The format must be json, csv, xlsx or pdf");
    snprintf(q.field, sizeof(q.field), "%s", field ? field : "");
    if (rc) {
        mc_cli_print_error("report", &err);
        status = 2;
        goto out;
    }
    if (!rc)
        rc = mc_db_open_readonly(cfg->db, &db, &err);
    if (!rc)
        rc = agency_of(db, opt(n, argv, "--agency"), &q, &id, code, name, &err);
    if (!rc)
        rc = mc_report_bieu06(db, &q, &rep, &err);
    struct mc_b06_doc doc = {&rep, id, code, name, q.period.from_day, q.period.to_day, q.level, q.field, mc_time_now()};
    if (!rc && !strcmp(format, "json")) {
        json_t *j = mc_b06_json(&doc);
        char *s = json_dumps(j, JSON_INDENT(2));
        mc_buf_adds(&out, s);
        mc_buf_addch(&out, '\n');
        free(s);
        json_decref(j);
    } else if (!rc && !strcmp(format, "csv")) {
        rc = mc_b06_csv(&doc, &out, &err);
    } else if (!rc && !strcmp(format, "xlsx")) {
        rc = mc_b06_xlsx(&doc, getenv("TMPDIR"), &out, &err);
    } else if (!rc) {
        rc = mc_fonts_open(&fonts, cfg->slip_font, cfg->slip_font_bold, &err);
        fonts_open = !rc;
        if (!rc)
            rc = mc_b06_pdf(&fonts, &doc, &out, &err);
    }
    if (rc) {
        mc_cli_print_error("report", &err);
        goto out;
    }
    status = write_out(opt(n, argv, "--out"), out.buf, out.len);
    if (rep.identity_failed) {
        fprintf(stderr, "motcua report: the identity of column %d does not hold\n", rep.identity_failed);
        status = 1;
    }
out:
    if (fonts_open)
        mc_fonts_release(&fonts);
    mc_b06_report_release(&rep);
    mc_buf_release(&out);
    mc_db_close(db);
    return status;
}

int mc_cmd_report(int argc, char **argv)
{
    struct mc_config cfg;
    int rest;
    if (mc_cli_load_config(&cfg, argc, argv, &rest, report_usage))
        return cfg.listen ? 0 : 2;
    int n = rest + 1, status = 2;
    if (n < 2 || strcmp(argv[1], "bieu06"))
        fputs(report_usage, stderr);
    else
        status = run(&cfg, n, argv);
    mc_config_release(&cfg);
    return status;
}
