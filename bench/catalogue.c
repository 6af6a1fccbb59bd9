/* bench/catalogue.c - imports the national catalogue scrape and reports the
 * parse time and the share of procedures with a numeric processing time.
 *
 *   build/bench_catalogue [path]    (default /work/shared/data/tthc-catalogue.jsonl.gz)
 *
 * The clock covers reading, decompressing and parsing every record; the
 * share counts procedures for which at least one channel got a numeric time
 * (see docs/internals/catalogue.md). A missing file is not an error. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "integrate/catalogue_import.h"
#include "core/banned.h"

#define DEFAULT_PATH "/work/shared/data/tthc-catalogue.jsonl.gz"

struct counts {
    long records, failed, partial, numeric, by_source[6];
};

static void tally(struct counts *c, const struct mc_procedure *p)
{
    int sources = 0;
    c->records++;
    c->partial += p->nproblems > 0;
    c->numeric += mc_procedure_has_numeric_time(p);
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].has_time && !(sources & (1 << p->channels[i].time_source))) {
            sources |= 1 << p->channels[i].time_source;
            c->by_source[p->channels[i].time_source]++;
        }
}

static int run(const char *path, int verbose)
{
    struct mc_catalogue_reader *r = NULL;
    struct mc_error err;
    struct mc_procedure p;
    struct mc_import_problem pr;
    struct counts c;
    memset(&c, 0, sizeof(c));
    mc_error_init(&err);
    mc_procedure_init(&p);
    int64_t t0 = mc_clock_ms();
    if (mc_catalogue_reader_open(path, MC_CAT_FORMAT_AUTO, &r, &err)) {
        printf("catalogue: cannot open %s: %s\n", path, err.message_en);
        return 1;
    }
    for (;;) {
        mc_err e = mc_catalogue_reader_next(r, &p, &pr);
        if (e == MC_ERR_NOT_FOUND)
            break;
        if (e) {
            c.failed++;
            if (verbose)
                printf("failed record %ld (line %ld): %s\n", pr.record, pr.line, pr.message_en);
            continue;
        }
        tally(&c, &p);
        if (verbose && !mc_procedure_has_numeric_time(&p))
            printf("no numeric time: %s\n", p.code);
    }
    double secs = (double)(mc_clock_ms() - t0) / 1000.0;
    mc_procedure_release(&p);
    mc_catalogue_reader_free(r);
    long total = c.records + c.failed;
    double share = total ? 100.0 * (double)c.numeric / (double)total : 0.0;
    printf("catalogue.parse_s        %-8.3f s      target <= 2.0   %s\n", secs, secs <= 2.0 ? "PASS" : "FAIL");
    printf("catalogue.numeric_time   %-8.1f %%      target >= 95    %s\n", share, share >= 95.0 ? "PASS" : "FAIL");
    printf("catalogue.records        %ld (imported %ld, failed %ld, with problems %ld)\n", total, c.records, c.failed,
           c.partial);
    printf("catalogue.time_sources   cell %ld, bare number %ld, split from fee %ld, description %ld (procedures)\n",
           c.by_source[MC_TIME_SRC_CELL], c.by_source[MC_TIME_SRC_BARE], c.by_source[MC_TIME_SRC_SPLIT],
           c.by_source[MC_TIME_SRC_DESCRIPTION]);
    return 0;
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && !strcmp(argv[1], "-v");
    const char *path = argc > 1 + verbose ? argv[1 + verbose] : DEFAULT_PATH;
    if (access(path, R_OK)) {
        printf("catalogue: %s not found; benchmark skipped\n", path);
        return 0;
    }
    return run(path, verbose);
}
