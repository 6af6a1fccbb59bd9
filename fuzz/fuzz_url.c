/* libFuzzer target: path parameters and query strings (http/url.h).
 * Invariants: decoding never grows the text; it is the identity on text
 * without '%' (and '+' for queries); encoding the decoded bytes and decoding
 * again gives them back; mc_url_value_ok agrees with an independent oracle
 * (decode, then mc_utf8_valid and no control byte); a found query value lies
 * inside the query string. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/log.h"
#include "http/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t encode(const char *s, size_t n, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
            if (c)
                out[o++] = (char)c;
            else
                out[o++] = '%', out[o++] = '0', out[o++] = '0';
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    return o;
}

static int oracle_ok(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)d[i] < 0x20 || d[i] == 0x7F)
            return 0;
    return mc_utf8_valid(d, n, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *dec = malloc(size + 1), *enc = malloc(size * 3 + 1), *back = malloc(size * 3 + 1);
    for (int plus = 0; plus <= 1; plus++) {
        size_t n = mc_url_decode(s, size, dec, plus);
        MC_ASSERT(n <= size && dec[n] == '\0');
        if (!memchr(s, '%', size) && !(plus && memchr(s, '+', size)))
            MC_ASSERT(n == size && !memcmp(dec, s, size));
        size_t m = encode(dec, n, enc);
        size_t k = mc_url_decode(enc, m, back, plus);
        MC_ASSERT(k == n && !memcmp(back, dec, n));
        MC_ASSERT(mc_url_value_ok(s, size, plus) == oracle_ok(dec, n));
        MC_ASSERT(mc_url_value_ok(enc, m, plus) == oracle_ok(dec, n));
    }
    /* the query: look up a key made of the first bytes */
    size_t kl = size ? (size_t)(data[0] % 8) : 0;
    if (kl + 1 <= size) {
        char key[9];
        memcpy(key, s + 1, kl < size - 1 ? kl : size - 1);
        key[kl < size - 1 ? kl : size - 1] = '\0';
        const char *val;
        size_t vlen;
        if (mc_url_query_find(s, size, key, &val, &vlen))
            MC_ASSERT(val >= s && val + vlen <= s + size);
    }
    /* '&' is valid ASCII: the query is fine exactly when it is fine whole */
    MC_ASSERT(mc_url_query_ok(s, size) == mc_url_value_ok(s, size, 1));
    free(dec);
    free(enc);
    free(back);
    return 0;
}
