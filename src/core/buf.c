#include "core/buf.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/banned.h"

static char empty[1];

void mc_buf_init(struct mc_buf *b, size_t max)
{
    b->buf = empty;
    b->len = 0;
    b->alloc = 0;
    b->max = max ? max : MC_BUF_DEFAULT_MAX;
}

void mc_buf_release(struct mc_buf *b)
{
    if (b->alloc)
        mc_free(b->buf);
    mc_buf_init(b, b->max);
}

void mc_buf_clear(struct mc_buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->buf[0] = '\0';
}

char *mc_buf_detach(struct mc_buf *b, size_t *len)
{
    char *res = b->alloc ? b->buf : mc_strdup("");
    if (len)
        *len = b->len;
    mc_buf_init(b, b->max);
    return res;
}

mc_err mc_buf_grow(struct mc_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return MC_ERR_TOO_LARGE;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return MC_OK;
    size_t alloc = b->alloc ? b->alloc : 64;
    while (alloc < need)
        alloc = alloc < ((size_t)1 << 40) ? alloc * 2 : need;
    if (b->alloc) {
        b->buf = mc_realloc(b->buf, alloc);
    } else {
        b->buf = mc_malloc(alloc);
        b->buf[0] = '\0';
    }
    b->alloc = alloc;
    return MC_OK;
}

mc_err mc_buf_add(struct mc_buf *b, const void *data, size_t len)
{
    mc_err e = mc_buf_grow(b, len);
    if (e)
        return e;
    if (len)
        memcpy(b->buf + b->len, data, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return MC_OK;
}

mc_err mc_buf_adds(struct mc_buf *b, const char *s)
{
    return mc_buf_add(b, s, strlen(s));
}

mc_err mc_buf_addch(struct mc_buf *b, char c)
{
    return mc_buf_add(b, &c, 1);
}

mc_err mc_buf_vaddf(struct mc_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return MC_ERR_INVALID;
    mc_err e = mc_buf_grow(b, (size_t)n);
    if (e)
        return e;
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return MC_OK;
}

mc_err mc_buf_addf(struct mc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mc_err e = mc_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return e;
}

void mc_buf_truncate(struct mc_buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->buf[len] = '\0';
}
