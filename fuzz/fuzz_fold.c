/* libFuzzer target: UTF-8 validation and Vietnamese folding (core/fold.h).
 * Invariants: the validator and the decoder agree; folding valid text never
 * fails, is never longer than its input, gives valid UTF-8 words separated
 * by single spaces, and is idempotent; the folded form of ASCII-only output
 * matches the start of its source (mc_fold_prefix). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = (size_t)-1, i = 0;
    int valid = mc_utf8_valid(s, size, &bad);
    while (i < size) {
        uint32_t cp;
        size_t n = mc_utf8_decode(s + i, size - i, &cp);
        if (!n)
            break;
        MC_ASSERT(n <= 4 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
        i += n;
    }
    MC_ASSERT(valid == (i == size));
    MC_ASSERT(valid || bad == i);

    struct mc_buf out;
    struct mc_error err;
    mc_error_init(&err);
    mc_buf_init(&out, 0);
    mc_err e = mc_fold(s, size, &out, &err);
    MC_ASSERT((e == MC_OK) == valid);
    if (e) {
        MC_ASSERT(out.len == 0 && !strcmp(err.code, "invalid_utf8"));
        mc_buf_release(&out);
        return 0;
    }
    MC_ASSERT(out.len <= size);
    MC_ASSERT(mc_utf8_valid(out.buf, out.len, NULL));
    MC_ASSERT(out.len == 0 || (out.buf[0] != ' ' && out.buf[out.len - 1] != ' '));
    MC_ASSERT(!strstr(out.buf, "  "));
    int ascii = 1;
    for (size_t k = 0; k < out.len; k++)
        ascii &= (unsigned char)out.buf[k] < 0x80;

    char *again = mc_fold_dup(out.buf, out.len);
    MC_ASSERT(again && !strcmp(again, out.buf));
    mc_free(again);

    uint32_t first;
    if (ascii && out.len && mc_utf8_decode(s, size, &first)) {
        int f = mc_fold_cp(first);
        if ((f >= 'a' && f <= 'z') || (f >= '0' && f <= '9'))
            MC_ASSERT(mc_fold_prefix(s, size, out.buf) > 0);
    }
    /* a capped buffer either holds the whole folded text or is left empty */
    struct mc_buf small;
    mc_buf_init(&small, 8);
    e = mc_fold(s, size, &small, &err);
    MC_ASSERT(e == MC_OK ? !strcmp(small.buf, out.buf) : small.len == 0);
    mc_buf_release(&small);
    mc_buf_release(&out);
    return 0;
}
