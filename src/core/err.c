#include "core/err.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/banned.h"

static const char *const err_text[MC_ERR__COUNT] = {
    [MC_OK] = "success",
    [MC_ERR_NOMEM] = "out of memory",
    [MC_ERR_INVALID] = "invalid input",
    [MC_ERR_TOO_LARGE] = "too large",
    [MC_ERR_NOT_FOUND] = "not found",
    [MC_ERR_EXISTS] = "already exists",
    [MC_ERR_CONFLICT] = "conflict",
    [MC_ERR_IO] = "input/output error",
    [MC_ERR_DB] = "database error",
    [MC_ERR_BUSY] = "busy",
    [MC_ERR_UNAUTHORIZED] = "not authenticated",
    [MC_ERR_FORBIDDEN] = "forbidden",
    [MC_ERR_RATE_LIMITED] = "rate limited",
    [MC_ERR_UNSUPPORTED] = "unsupported",
    [MC_ERR_INTERNAL] = "internal error",
    [MC_ERR_RANGE] = "out of range",
};

const char *mc_strerror(mc_err e)
{
    if ((unsigned)e >= MC_ERR__COUNT || !err_text[e])
        return "unknown error";
    return err_text[e];
}

void mc_error_init(struct mc_error *e)
{
    memset(e, 0, sizeof(*e));
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
    mc_utf8_scrub(dst); /* truncation may cut a character: keep the text valid UTF-8 */
}

mc_err mc_error_set(struct mc_error *e, mc_err err, int status, const char *code, const char *vi, const char *en)
{
    if (!e)
        return err;
    e->err = err;
    e->status = status;
    e->code = code;
    copy(e->message, sizeof(e->message), vi);
    copy(e->message_en, sizeof(e->message_en), en);
    return err;
}

mc_err mc_error_setf(struct mc_error *e, mc_err err, int status, const char *code, const char *vi_fmt,
                     const char *en_fmt, ...)
{
    if (!e)
        return err;
    va_list ap;
    e->err = err;
    e->status = status;
    e->code = code;
    va_start(ap, en_fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(e->message, sizeof(e->message), vi_fmt, ap);
    va_end(ap);
    va_start(ap, en_fmt);
    vsnprintf(e->message_en, sizeof(e->message_en), en_fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    mc_utf8_scrub(e->message);
    mc_utf8_scrub(e->message_en);
    return err;
}

static struct mc_error_detail *next_detail(struct mc_error *e, const char *key)
{
    if (!e)
        return NULL;
    for (int i = 0; i < e->ndetails; i++)
        if (!strcmp(e->details[i].key, key))
            return &e->details[i];
    if (e->ndetails == MC_ERROR_MAX_DETAILS)
        return NULL;
    struct mc_error_detail *d = &e->details[e->ndetails++];
    copy(d->key, sizeof(d->key), key);
    return d;
}

void mc_error_detail_str(struct mc_error *e, const char *key, const char *value)
{
    struct mc_error_detail *d = next_detail(e, key);
    if (!d)
        return;
    copy(d->value, sizeof(d->value), value);
    d->is_number = 0;
}

void mc_error_detail_int(struct mc_error *e, const char *key, int64_t value)
{
    struct mc_error_detail *d = next_detail(e, key);
    if (!d)
        return;
    snprintf(d->value, sizeof(d->value), "%" PRId64, value);
    d->is_number = 1;
}

mc_err mc_error_field(struct mc_error *e, const char *field, const char *vi, const char *en)
{
    mc_error_set(e, MC_ERR_INVALID, 400, "invalid_field", vi, en);
    mc_error_detail_str(e, "field", field);
    return MC_ERR_INVALID;
}
