/* multipart.h - a strict multipart/form-data parser (RFC 7578) over a
 * buffered request body.
 *
 * Nothing is copied: every name, file name, content type and data of a part
 * is a {ptr, len} view into the body (and the Content-Type header for the
 * boundary), valid as long as those are. The parser accepts what browsers
 * and common clients send and refuses the rest:
 *   - the body starts with the first delimiter (no preamble) and ends with
 *     the closing one, optionally followed by one CRLF;
 *   - each part has exactly one Content-Disposition "form-data" with a
 *     quoted or token `name` and an optional `filename`; an optional
 *     Content-Type; other headers are ignored; folded lines are refused;
 *   - limits: MC_MP_MAX_PARTS parts, MC_MP_MAX_HEADERS bytes of one part's
 *     header block, MC_MP_MAX_NAME bytes of a field name, MC_MP_MAX_FILENAME
 *     bytes of a file name, boundaries of 1..70 characters (RFC 2046).
 * Every refusal is 400 invalid_multipart with details.reason (a stable
 * snake_case word) and, past the boundary, details.part (0-based). */
#ifndef MC_MULTIPART_H
#define MC_MULTIPART_H

#include <stddef.h>

#include "core/err.h"

#define MC_MP_MAX_PARTS 32
#define MC_MP_MAX_HEADERS 2048
#define MC_MP_MAX_NAME 64
#define MC_MP_MAX_FILENAME 255
#define MC_MP_MAX_BOUNDARY 70

struct mc_mp_view {
    const char *ptr;
    size_t len;
};

struct mc_mp_part {
    struct mc_mp_view name;         /* the form field name (never empty) */
    struct mc_mp_view filename;     /* as sent (unsafe: display only after sanitising) */
    struct mc_mp_view content_type; /* media type without parameters; empty when absent */
    struct mc_mp_view data;         /* the part's bytes */
    int has_filename;               /* a filename parameter was present: a file part */
};

struct mc_multipart {
    int nparts;
    struct mc_mp_part parts[MC_MP_MAX_PARTS];
};

/* The boundary parameter of a multipart/form-data Content-Type value (ct,
 * ctlen bytes; quoted or token). 400 invalid_multipart (reason
 * not_multipart, no_boundary, bad_boundary) otherwise. */
mc_err mc_multipart_boundary(const char *ct, size_t ctlen, struct mc_mp_view *boundary, struct mc_error *err);

/* Parses body (len bytes) sent with Content-Type ct into out. On error out
 * holds the parts parsed so far and err says why (see above). */
mc_err mc_multipart_parse(const char *ct, size_t ctlen, const char *body, size_t len, struct mc_multipart *out,
                          struct mc_error *err);

/* 1 when the view equals the NUL-terminated s, ignoring ASCII case. */
int mc_mp_view_is(struct mc_mp_view v, const char *s);

#endif
