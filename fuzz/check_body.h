/* check_body.h - invariants shared by the request-body fuzz targets,
 * fuzz_fields and fuzz_request_body (header-only: scripts/fuzz.sh builds
 * each fuzz_*.c on its own): what a
 * decoder hands a handler is text it can store and print, and what it
 * refuses is a 400 that names the field. */
#ifndef MC_FUZZ_CHECK_BODY_H
#define MC_FUZZ_CHECK_BODY_H

#include <stddef.h>
#include <string.h>

#include "core/err.h"
#include "core/fold.h"
#include "core/log.h"

/* s fits its buffer of cap bytes, is valid UTF-8 without control characters
 * other than tab/CR/LF, and is not empty when nonempty is set. */
static inline void mc_fuzz_check_text(const char *s, size_t cap, int nonempty)
{
    size_t n = strnlen(s, cap);
    MC_ASSERT(n < cap && mc_utf8_valid(s, n, NULL) && (!nonempty || n > 0));
    for (size_t i = 0; i < n; i++)
        MC_ASSERT((unsigned char)s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' || s[i] == '\r');
}

/* A 400 with a code and valid UTF-8 texts (jansson drops a string that is
 * not, and the error body would lose it), naming the field unless the body
 * was not JSON or not an object at all. */
static inline void mc_fuzz_check_refusal(const struct mc_error *e)
{
    int named = 0;
    MC_ASSERT(e->status == 400 && e->code && *e->code);
    MC_ASSERT(mc_utf8_valid(e->message, strlen(e->message), NULL));
    MC_ASSERT(mc_utf8_valid(e->message_en, strlen(e->message_en), NULL));
    for (int i = 0; i < e->ndetails; i++) {
        MC_ASSERT(mc_utf8_valid(e->details[i].value, strlen(e->details[i].value), NULL));
        named |= !strcmp(e->details[i].key, "field") && *e->details[i].value;
    }
    MC_ASSERT(named || !strcmp(e->code, "invalid_body") || !strcmp(e->code, "invalid_json") ||
              !strcmp(e->code, "json_too_deep"));
}

#endif
