/* url.h - percent-decoding of path parameters and query strings.
 *
 * Pure functions over {ptr, len} views, without h2o types, so the decoders
 * the outside world reaches can be unit-tested and fuzzed (fuzz/fuzz_url.c).
 * reply.c builds mc_req_param and mc_req_query on them; the router rejects a
 * request whose path parameters or query values decode to bytes a handler
 * must never see (mc_url_value_ok). */
#ifndef MC_URL_H
#define MC_URL_H

#include <stddef.h>

/* Percent-decodes src[0..len) into out, which must hold len + 1 bytes, and
 * NUL-terminates it; with plus, '+' becomes a space (query strings). A '%'
 * not followed by two hex digits is copied as is. Returns the decoded length
 * (never more than len). The result may contain NUL bytes: check it with
 * mc_url_value_ok before using it as a C string. */
size_t mc_url_decode(const char *src, size_t len, char *out, int plus);

/* Finds the first parameter named name (compared undecoded, byte for byte)
 * in the query string q[0..len) (without the '?'). Returns 1 and sets *val,
 * *vlen to its raw (still encoded) value, "" for a bare "name" without '=';
 * 0 when absent. */
int mc_url_query_find(const char *q, size_t len, const char *name, const char **val, size_t *vlen);

/* 1 when src[0..len), percent-decoded (plus as above), is valid UTF-8 with
 * no control character (U+0000-U+001F, U+007F): what a handler may receive as
 * a path parameter or query value. 0 otherwise. Allocation-free. */
int mc_url_value_ok(const char *src, size_t len, int plus);

/* 1 when every value of the query string q[0..len) and every key passes
 * mc_url_value_ok; 0 otherwise. */
int mc_url_query_ok(const char *q, size_t len);

#endif
