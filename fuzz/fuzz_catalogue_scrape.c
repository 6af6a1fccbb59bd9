/* libFuzzer target: the national catalogue scrape. The first byte picks the
 * way in: one of the flattened-text parsers of domain/catalogue_text.h
 * directly on the (valid UTF-8) rest, or the whole scrape reader (JSON Lines
 * with Vietnamese field names) through mc_catalogue_reader_open_mem. Every
 * procedure handed out must pass mc_fuzz_check_procedure. */
#include <stddef.h>
#include <stdint.h>

#include "check_procedure.h"
#include "core/err.h"
#include "domain/catalogue_text.h"
#include "integrate/catalogue_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_reader(const char *s, size_t n, enum mc_cat_format format)
{
    struct mc_catalogue_reader *r = NULL;
    struct mc_error err;
    mc_error_init(&err);
    if (mc_catalogue_reader_open_mem(s, n, "fuzz.jsonl", format, &r, &err))
        return;
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    for (int i = 0; i < 10000; i++) {
        memset(&pr, 0, sizeof(pr));
        mc_err e = mc_catalogue_reader_next(r, &p, &pr);
        if (e == MC_ERR_NOT_FOUND)
            break;
        if (e == MC_OK) {
            mc_fuzz_check_procedure(&p);
            MC_ASSERT(p.code);
        } else {
            MC_ASSERT(pr.code && *pr.code);
            MC_ASSERT(mc_utf8_valid(pr.message_en, strlen(pr.message_en), NULL));
        }
    }
    mc_procedure_release(&p);
    mc_catalogue_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    unsigned mode = data[0] % 10;
    if (mode >= 8) {
        run_reader(s, n, MC_CAT_FORMAT_SCRAPE);
        return 0;
    }
    /* the importers hand the parsers valid UTF-8 from JSON strings or CSV
     * fields, neither of which can hold a NUL byte */
    if (!mc_utf8_valid(s, n, NULL) || memchr(s, '\0', n))
        return 0;
    struct mc_procedure p;
    mc_procedure_init(&p);
    int amount, clock;
    enum mc_time_unit unit;
    int64_t vnd;
    switch (mode) {
    case 0:
        mc_cat_parse_channels(&p, s, n);
        break;
    case 1:
        mc_cat_parse_components(&p, s, n);
        break;
    case 2:
        mc_cat_parse_legal(&p, s, n);
        break;
    case 3:
        mc_cat_parse_results(&p, s, n);
        break;
    case 4:
        mc_cat_parse_level(&p, s, n);
        break;
    case 5:
        if (mc_cat_parse_time(s, n, &amount, &unit))
            MC_ASSERT(amount >= 0 && unit != MC_TIME_NONE);
        break;
    case 6:
        if (mc_cat_parse_fee(s, n, &vnd))
            MC_ASSERT(vnd >= 0);
        break;
    default:
        clock = mc_cat_parse_clock(s, n);
        MC_ASSERT(clock >= -1 && clock < 24 * 60);
        break;
    }
    mc_cat_derive(&p);
    mc_fuzz_check_procedure(&p);
    mc_procedure_release(&p);
    return 0;
}
