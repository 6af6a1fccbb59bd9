/* err.h - the project error enum and the error detail that travels with it.
 *
 * mc_err values are appended, never renumbered. A fallible function returns
 * an mc_err and, when the caller passed a struct mc_error, fills it with what
 * a client or operator needs: an HTTP status, a stable snake_case code, a
 * Vietnamese and an English message, and a few details. */
#ifndef MC_ERR_H
#define MC_ERR_H

#include <stdint.h>

typedef enum mc_err {
    MC_OK = 0,
    MC_ERR_NOMEM,
    MC_ERR_INVALID,
    MC_ERR_TOO_LARGE,
    MC_ERR_NOT_FOUND,
    MC_ERR_EXISTS,
    MC_ERR_CONFLICT,
    MC_ERR_IO,
    MC_ERR_DB,
    MC_ERR_BUSY,
    MC_ERR_UNAUTHORIZED,
    MC_ERR_FORBIDDEN,
    MC_ERR_RATE_LIMITED,
    MC_ERR_UNSUPPORTED,
    MC_ERR_INTERNAL,
    MC_ERR_RANGE,
    MC_ERR__COUNT
} mc_err;

/* A short English description of e; never NULL. */
const char *mc_strerror(mc_err e);

#define MC_ERROR_MAX_DETAILS 6

struct mc_error_detail {
    char key[32];
    char value[160];
    int is_number; /* value is a JSON number, not a string */
};

struct mc_error {
    mc_err err;
    int status;       /* HTTP status the API answers with */
    const char *code; /* stable snake_case code (static storage) */
    char message[384];
    char message_en[384];
    int ndetails;
    struct mc_error_detail details[MC_ERROR_MAX_DETAILS];
};

void mc_error_init(struct mc_error *e);
/* Fills e (if not NULL) and returns err, so callers can write
 * `return mc_error_set(e, MC_ERR_INVALID, 400, "bad_x", "...", "...");`.
 * Messages are copied (truncated to fit). */
mc_err mc_error_set(struct mc_error *e, mc_err err, int status, const char *code, const char *vi, const char *en);
/* Same with printf-style formats; the arguments are used by both formats in
 * the same order. */
mc_err mc_error_setf(struct mc_error *e, mc_err err, int status, const char *code, const char *vi_fmt,
                     const char *en_fmt, ...);
void mc_error_detail_str(struct mc_error *e, const char *key, const char *value);
void mc_error_detail_int(struct mc_error *e, const char *key, int64_t value);
/* The common case of a request field that fails validation: 400
 * `invalid_field` (or code if not NULL) with details.field set. */
mc_err mc_error_field(struct mc_error *e, const char *field, const char *vi, const char *en);

#endif
