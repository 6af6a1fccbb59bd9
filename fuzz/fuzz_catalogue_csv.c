/* libFuzzer target: a CSV catalogue (RFC 4180, header row) through
 * mc_catalogue_reader_open_mem, every record checked. */
#include <stddef.h>
#include <stdint.h>

#include "check_procedure.h"
#include "core/err.h"
#include "integrate/catalogue_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_catalogue_reader *r = NULL;
    struct mc_error err;
    mc_error_init(&err);
    if (mc_catalogue_reader_open_mem(data, size, "fuzz.csv", MC_CAT_FORMAT_CSV, &r, &err)) {
        MC_ASSERT(err.code && *err.code);
        return 0;
    }
    struct mc_procedure p;
    struct mc_import_problem pr;
    mc_procedure_init(&p);
    for (int i = 0; i < 10000; i++) {
        memset(&pr, 0, sizeof(pr));
        mc_err e = mc_catalogue_reader_next(r, &p, &pr);
        if (e == MC_ERR_NOT_FOUND)
            break;
        if (e == MC_OK)
            mc_fuzz_check_procedure(&p);
        else
            MC_ASSERT(pr.code && *pr.code && pr.record > 0);
    }
    mc_procedure_release(&p);
    mc_catalogue_reader_free(r);
    return 0;
}
