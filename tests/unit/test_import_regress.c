/* Regression tests of the catalogue readers found by fuzzing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/err.h"
#include "core/fold.h"
#include "domain/procedure.h"
#include "integrate/catalogue_import.h"

/* A scrape line cut inside a UTF-8 character: the problem message quoting
 * it must still be valid UTF-8 (fuzz/corpus/catalogue_scrape/regress-...). */
static void test_problem_messages_stay_valid_utf8(void)
{
    FILE *f = fopen("fuzz/corpus/catalogue_scrape/regress-invalid-utf8-message", "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    char *buf = malloc(8192);
    size_t n = fread(buf, 1, 8192, f);
    fclose(f);
    struct mc_catalogue_reader *r;
    struct mc_error err;
    mc_error_init(&err);
    CHECK_INT(MC_OK, mc_catalogue_reader_open_mem(buf + 1, n - 1, "fuzz.jsonl", MC_CAT_FORMAT_SCRAPE, &r, &err));
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    int problems = 0;
    for (int i = 0; i < 100; i++) {
        memset(&pr, 0, sizeof(pr));
        mc_err e = mc_catalogue_reader_next(r, &p, &pr);
        if (e == MC_ERR_NOT_FOUND)
            break;
        if (e != MC_OK) {
            problems++;
            CHECK(mc_utf8_valid(pr.message_en, strlen(pr.message_en), NULL));
            CHECK(mc_utf8_valid(pr.message_vi, strlen(pr.message_vi), NULL));
        }
    }
    CHECK(problems > 0);
    mc_procedure_release(&p);
    mc_catalogue_reader_free(r);
    free(buf);
}

MC_SUITE(import_regress, MC_TEST(test_problem_messages_stay_valid_utf8));
