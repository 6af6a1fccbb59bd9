/* fields.h - reading validated fields out of a JSON request body.
 *
 * Each getter checks presence, type and size, and on failure fills err with
 * 400 invalid_field naming the field (Vietnamese and English). Strings must
 * be valid UTF-8 without control characters (jansson guarantees UTF-8). */
#ifndef MC_FIELDS_H
#define MC_FIELDS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* A string of at most max bytes; *out is NULL when absent and not required. */
mc_err mc_field_str(json_t *obj, const char *key, size_t max, int required, const char **out, struct mc_error *err);
/* An integer within [min, max]; *out keeps its value when absent and not required. */
mc_err mc_field_int(json_t *obj, const char *key, int64_t min, int64_t max, int required, int64_t *out,
                    struct mc_error *err);
/* 1 when the body is a JSON object; else fills err (400 invalid_body). */
int mc_field_object(json_t *body, struct mc_error *err);

#endif
