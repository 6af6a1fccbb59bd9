#include "core/fold.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/banned.h"

/* Folded letter of U+00C0-U+024F and U+1E00-U+1EFF, generated from Unicode
 * NFD decompositions (base letter, lowercased) plus the letters NFD does not
 * decompose (đ Đ ð ø ł ß æ œ þ ı). '.' = keep the code point, ' ' = separator. */
static const char latin_ext[] = /* U+00C0 - U+024F */
    "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiiii..jjkkkllllll."
    ".llnnnnnnn..oooooooorrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzzs"
    "................................oo.............uu..............."
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
    "................";
static const char latin_add[] = /* U+1E00 - U+1EFF */
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwy....s.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

_Static_assert(sizeof(latin_ext) == 0x250 - 0xC0 + 1, "latin_ext covers U+00C0-U+024F");
_Static_assert(sizeof(latin_add) == 0x100 + 1, "latin_add covers U+1E00-U+1EFF");

size_t mc_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!len)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2, c = u[0] & 0x1F, min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3, c = u[0] & 0x0F, min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

int mc_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = mc_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

size_t mc_utf8_scrub(char *s)
{
    size_t len = strlen(s), i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = (unsigned char)s[i] < 0x80 ? 1 : mc_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            i++;
            continue;
        }
        memmove(s + o, s + i, n);
        o += n;
        i += n;
    }
    s[o] = '\0';
    return o;
}

static int fold_table(char t)
{
    if (t == '.')
        return MC_FOLD_KEEP;
    if (t == ' ')
        return MC_FOLD_SEP;
    return t;
}

int mc_fold_cp(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return (int)(cp - 'A' + 'a');
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            return (int)cp;
        return MC_FOLD_SEP;
    }
    if (cp < 0xC0)
        return MC_FOLD_SEP;
    if (cp <= 0x24F)
        return fold_table(latin_ext[cp - 0xC0]);
    if (cp >= 0x300 && cp <= 0x36F)
        return MC_FOLD_DROP;
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return fold_table(latin_add[cp - 0x1E00]);
    if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000)
        return MC_FOLD_SEP;
    if (cp == 0xFEFF)
        return MC_FOLD_DROP;
    return MC_FOLD_KEEP;
}

/* Appends one folded unit; *sep says a separator is pending. */
static mc_err emit(struct mc_buf *out, size_t start, int *sep, const char *bytes, size_t n)
{
    if (*sep && out->len > start) {
        mc_err e = mc_buf_addch(out, ' ');
        if (e)
            return e;
    }
    *sep = 0;
    return mc_buf_add(out, bytes, n);
}

mc_err mc_fold(const char *s, size_t len, struct mc_buf *out, struct mc_error *err)
{
    size_t start = out->len, i = 0;
    int sep = 0;
    mc_err e = MC_OK;
    (void)mc_buf_grow(out, len); /* one allocation in the common case; the adds below enforce the cap */
    while (!e && i < len) {
        uint32_t cp;
        size_t n = mc_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            mc_buf_truncate(out, start);
            mc_error_set(err, MC_ERR_INVALID, 400, "invalid_utf8", "Văn bản không phải UTF-8 hợp lệ",
                         "Text is not valid UTF-8");
            mc_error_detail_int(err, "offset", (int64_t)i);
            return MC_ERR_INVALID;
        }
        int f = mc_fold_cp(cp);
        if (f == MC_FOLD_SEP) {
            sep = 1;
        } else if (f == MC_FOLD_KEEP) {
            e = emit(out, start, &sep, s + i, n);
        } else if (f != MC_FOLD_DROP) {
            char c = (char)f;
            e = emit(out, start, &sep, &c, 1);
        }
        i += n;
    }
    if (e)
        mc_buf_truncate(out, start);
    return e;
}

char *mc_fold_dup(const char *s, size_t len)
{
    struct mc_buf b;
    mc_buf_init(&b, len + 1);
    if (mc_fold(s, len, &b, NULL)) {
        mc_buf_release(&b);
        return NULL;
    }
    return mc_buf_detach(&b, NULL);
}

size_t mc_fold_prefix(const char *s, size_t len, const char *pat)
{
    size_t i = 0, j = 0, plen = strlen(pat);
    while (i < len) {
        uint32_t cp;
        size_t n = mc_utf8_decode(s + i, len - i, &cp);
        if (!n)
            return 0;
        int f = mc_fold_cp(cp);
        if (f == MC_FOLD_DROP) {
            i += n;
            continue;
        }
        if (j == plen)
            return i;
        if (f == MC_FOLD_SEP) {
            if (pat[j] != ' ' && !(j > 0 && pat[j - 1] == ' '))
                return 0;
            if (pat[j] == ' ')
                j++;
        } else if (f == MC_FOLD_KEEP || pat[j] != (char)f) {
            return 0;
        } else {
            j++;
        }
        i += n;
    }
    return j == plen ? i : 0;
}
