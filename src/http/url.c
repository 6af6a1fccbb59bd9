/* url.c - percent-decoding (url.h). */
#include "http/url.h"

#include <stdint.h>
#include <string.h>

#include "core/fold.h"
#include "core/banned.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The byte at src[*i] decoded; advances *i past what it used. */
static unsigned char next_byte(const char *src, size_t len, size_t *i, int plus)
{
    size_t k = *i;
    if (src[k] == '%' && k + 2 < len) {
        int hi = hexval(src[k + 1]), lo = hexval(src[k + 2]);
        if (hi >= 0 && lo >= 0) {
            *i = k + 3;
            return (unsigned char)(hi * 16 + lo);
        }
    }
    *i = k + 1;
    return plus && src[k] == '+' ? ' ' : (unsigned char)src[k];
}

size_t mc_url_decode(const char *src, size_t len, char *out, int plus)
{
    size_t i = 0, o = 0;
    while (i < len)
        out[o++] = (char)next_byte(src, len, &i, plus);
    out[o] = '\0';
    return o;
}

int mc_url_query_find(const char *q, size_t len, const char *name, const char **val, size_t *vlen)
{
    const char *end = q + len;
    size_t n = strlen(name);
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(stop - q));
        const char *key_end = eq ? eq : stop;
        if ((size_t)(key_end - q) == n && !memcmp(q, name, n)) {
            *val = eq ? eq + 1 : stop;
            *vlen = eq ? (size_t)(stop - eq - 1) : 0;
            return 1;
        }
        q = stop + 1;
    }
    return 0;
}

int mc_url_value_ok(const char *src, size_t len, int plus)
{
    unsigned char seq[4];
    size_t i = 0, have = 0, need = 0;
    while (i < len) {
        unsigned char c = next_byte(src, len, &i, plus);
        if (c < 0x20 || c == 0x7F)
            return 0;
        if (!have) {
            if (c < 0x80)
                continue;
            need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        }
        seq[have++] = c;
        if (have < need)
            continue;
        uint32_t cp;
        if (mc_utf8_decode((const char *)seq, have, &cp) != have)
            return 0;
        have = need = 0;
    }
    return have == 0;
}

int mc_url_query_ok(const char *q, size_t len)
{
    const char *end = q + len;
    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *stop = amp ? amp : end;
        if (!mc_url_value_ok(q, (size_t)(stop - q), 1))
            return 0;
        q = stop + 1;
    }
    return 1;
}
