/* libFuzzer target: JSON request bodies into the validated fields the
 * handlers read (http/json_body.h, http/fields.h). Each route family is a
 * row of `families` (the fields its handler reads, with the same limits);
 * a new route family adds a row. Invariants: a string handed to a handler
 * is valid UTF-8, within its byte limit, without control characters other
 * than tab/CR/LF, and present when required; an integer is inside its
 * range; every refusal is a 400 with a code and the field named. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check_body.h"
#include "core/fold.h"
#include "core/log.h"
#include "http/fields.h"
#include "http/json_body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct field {
    const char *key;
    int is_int;
    size_t max;     /* strings: bytes */
    int64_t lo, hi; /* integers */
    int required;
};

#define STR(k, max, req)                                                                                               \
    {                                                                                                                  \
        k, 0, max, 0, 0, req                                                                                           \
    }
#define INT(k, lo, hi, req)                                                                                            \
    {                                                                                                                  \
        k, 1, 0, lo, hi, req                                                                                           \
    }

static const struct {
    const char *route;
    struct field fields[8];
} families[] = {
    {"POST /auth/login", {STR("login", 254, 1), STR("password", 128, 1)}},
    {"POST /auth/register",
     {STR("login", 254, 1), STR("password", 128, 1), STR("full_name", 200, 1), STR("kind", 16, 0)}},
    {"POST /auth/verify", {STR("login", 254, 1), STR("code", 6, 1)}},
    {"POST /auth/password-reset", {STR("login", 254, 1)}},
    {"POST /auth/password-reset/confirm", {STR("login", 254, 1), STR("code", 6, 1), STR("password", 128, 1)}},
    {"POST /users",
     {STR("login", 64, 1), STR("full_name", 200, 1), STR("password", 128, 1), STR("email", 254, 0), STR("phone", 20, 0),
      INT("agency_id", 1, INT64_MAX, 1)}},
    {"POST /tokens", {STR("login", 254, 1), STR("name", 100, 0), INT("expires_days", 1, 3650, 0)}},
};

static void run_family(json_t *body, const struct field *fields)
{
    struct mc_error e;
    mc_error_init(&e);
    if (!mc_field_object(body, &e)) {
        mc_fuzz_check_refusal(&e);
        return;
    }
    for (const struct field *f = fields; f->key; f++) {
        mc_error_init(&e);
        if (f->is_int) {
            int64_t v = INT64_MIN;
            if (mc_field_int(body, f->key, f->lo, f->hi, f->required, &v, &e)) {
                mc_fuzz_check_refusal(&e);
                return; /* handlers stop at the first bad field */
            }
            MC_ASSERT(v == INT64_MIN ? !f->required : (v >= f->lo && v <= f->hi));
            continue;
        }
        const char *s = (const char *)1;
        if (mc_field_str(body, f->key, f->max, f->required, &s, &e)) {
            mc_fuzz_check_refusal(&e);
            return;
        }
        if (!s) {
            MC_ASSERT(!f->required);
            continue;
        }
        mc_fuzz_check_text(s, f->max + 1, f->required); /* at most f->max bytes */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_error err;
    json_t *body = NULL;
    mc_error_init(&err);
    if (mc_json_parse((const char *)data, size, 32, &body, &err)) {
        mc_fuzz_check_refusal(&err);
        MC_ASSERT(!strcmp(err.code, "invalid_json") || !strcmp(err.code, "json_too_deep"));
        return 0;
    }
    MC_ASSERT(mc_json_depth((const char *)data, size) <= 32);
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
        run_family(body, families[i].fields);
    json_decref(body);
    return 0;
}
