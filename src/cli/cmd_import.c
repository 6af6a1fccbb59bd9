/* cmd_import.c - motcua import procedures FILE [--format scrape|csv|json]:
 * the catalogue into the database in batched transactions (the CLI writes
 * directly; it is not the server). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/crypto.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "integrate/catalogue_import.h"
#include "integrate/catalogue_load.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 500

static const char import_usage[] =
    "Usage: motcua import procedures FILE [--format auto|scrape|csv|json] [--verbose] [--db URL]\n\n"
    "Imports a procedure catalogue (the national scrape as JSON Lines, motcua JSON, or CSV; .gz accepted).\n"
    "Prints: created N, updated N, unchanged N, partial N, failed N. A failed record is always reported;\n"
    "--verbose also lists what could not be parsed in each partial record. Exit status 1 when a record\n"
    "failed or the file cannot be read.\n\n";

struct report {
    int verbose;
};

static void on_failed(void *ctx, const struct mc_import_problem *pr)
{
    (void)ctx;
    fprintf(stderr, "record %ld", pr->record);
    if (pr->line)
        fprintf(stderr, " (line %ld%s", pr->line, pr->column ? "" : ")");
    if (pr->line && pr->column)
        fprintf(stderr, ", column %ld)", pr->column);
    fprintf(stderr, "%s%s: %s [%s]\n", pr->record_code[0] ? " " : "", pr->record_code, pr->message_en, pr->code);
}

static void on_partial(void *ctx, const struct mc_procedure *p)
{
    const struct report *rep = ctx;
    if (!rep->verbose)
        return;
    for (size_t i = 0; i < p->nproblems; i++)
        printf("%s: %s: %s\n", p->code, p->problems[i].field, p->problems[i].message_en);
}

static const char *opt_value(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return NULL;
}

static int has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], name))
            return 1;
    return 0;
}

static int run_import(struct mc_db *db, const char *path, enum mc_cat_format fmt, int verbose)
{
    struct mc_catalogue_reader *r = NULL;
    struct mc_error err;
    struct mc_cat_counts c;
    struct report rep = {verbose};
    struct mc_cat_load opt = {
        .actor = "cli", .batch = BATCH, .on_failed = on_failed, .on_partial = on_partial, .ctx = &rep};
    mc_error_init(&err);
    int64_t t0 = mc_clock_ms();
    if (mc_catalogue_reader_open(path, fmt, &r, &err)) {
        mc_error_detail_str(&err, "file", path);
        mc_cli_print_error("import", &err);
        return 1;
    }
    mc_err rc = mc_catalogue_load(db, r, &opt, &c, &err);
    mc_catalogue_reader_free(r);
    if (rc) {
        mc_cli_print_error("import", &err);
        return 1;
    }
    printf("created %ld, updated %ld, unchanged %ld, partial %ld, failed %ld\n", c.created, c.updated, c.unchanged,
           c.partial, c.failed);
    if (verbose)
        printf("%.3f s\n", (double)(mc_clock_ms() - t0) / 1000.0);
    return c.failed ? 1 : 0;
}

int mc_cmd_import(int argc, char **argv)
{
    struct mc_config cfg;
    struct mc_db *db = NULL;
    struct mc_error err;
    int rest;
    if (mc_cli_load_config(&cfg, argc, argv, &rest, import_usage))
        return cfg.listen ? 0 : 2;
    int n = rest + 1; /* argv[0..n) after the settings were taken out */
    const char *fmt_name = opt_value(n, argv, "--format");
    enum mc_cat_format fmt = fmt_name ? mc_catalogue_format_parse(fmt_name) : MC_CAT_FORMAT_AUTO;
    int status = 2;
    if (n < 3 || strcmp(argv[1], "procedures") || (fmt_name && !fmt && strcmp(fmt_name, "auto"))) {
        fputs(import_usage, stderr);
        goto out;
    }
    mc_error_init(&err);
    if (mc_crypto_init() || mc_db_open(cfg.db, &db, &err) || mc_db_migrate(db, NULL, &err)) {
        mc_cli_print_error("import", &err);
        status = 1;
        goto out;
    }
    status = run_import(db, argv[2], fmt, has_flag(n, argv, "--verbose") || has_flag(n, argv, "-v"));
out:
    mc_db_close(db);
    mc_config_release(&cfg);
    return status;
}
