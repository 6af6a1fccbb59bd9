/* json_body.h - checking and parsing a JSON request body.
 *
 * The depth check runs before the parser so a hostile body of a million
 * brackets costs one linear scan and never reaches jansson's recursion. */
#ifndef MC_JSON_BODY_H
#define MC_JSON_BODY_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

/* Largest nesting depth of objects and arrays in text (strings skipped). */
size_t mc_json_depth(const char *text, size_t len);
/* Parses text into *out (a new reference). Errors, with err filled:
 * 400 json_too_deep (details: max_depth), 400 invalid_json (details: line,
 * column, position, reason), duplicate keys rejected as invalid_json. */
mc_err mc_json_parse(const char *text, size_t len, size_t max_depth, json_t **out, struct mc_error *err);

#endif
