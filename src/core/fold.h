/* fold.h - Vietnamese text folding for search, and UTF-8 checks.
 *
 * Folding turns any UTF-8 text into the form motcua stores beside the
 * original and indexes: lowercase ASCII letters and digits, words separated by
 * one space, no leading or trailing space. "Đăng ký  khai-sinh!" folds to
 * "dang ky khai sinh". It knows
 *   - every Vietnamese letter, precomposed (NFC) or decomposed (a base letter
 *     followed by combining marks U+0300-U+036F, e.g. U+0323 dot below), upper
 *     and lower case; đ/Đ (U+0111/U+0110) fold to d;
 *   - the rest of Latin-1, Latin Extended-A/B and Latin Extended Additional
 *     (U+00C0-U+024F, U+1E00-U+1EFF) by their base letter (ç -> c, ø -> o);
 *   - ASCII punctuation and controls, Latin-1 symbols (U+0080-U+00BF, NBSP),
 *     × ÷, general punctuation (U+2000-U+206F) and U+3000 as separators;
 *   - U+FEFF (BOM / zero-width no-break space) and combining marks vanish.
 * Any other code point (CJK, Cyrillic, symbols) is copied unchanged.
 *
 * Invalid UTF-8 (bad sequences, overlong forms, surrogates, code points past
 * U+10FFFF, a truncated last sequence) is REPORTED, never replaced: mc_fold
 * fails with MC_ERR_INVALID and the byte offset. Validate or reject text at
 * the boundary (mc_utf8_valid) so folding never meets it.
 *
 * Everything here is table-driven and allocation-free except the output
 * buffer; folding runs at several hundred MB/s on ASCII-heavy text. See
 * docs/internals/fold.md. */
#ifndef MC_FOLD_H
#define MC_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_buf;
struct mc_error;

/* Decodes one strict UTF-8 sequence at s (len bytes available). Returns its
 * length 1-4 and sets *cp, or returns 0 when the bytes are not valid UTF-8
 * (or len is 0). */
size_t mc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* 1 when s[0..len) is valid UTF-8; otherwise 0 and, if bad_offset is not
 * NULL, the offset of the first byte of the first invalid sequence. */
int mc_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Makes the NUL-terminated string s valid UTF-8 in place by dropping every
 * byte that does not belong to a valid sequence (a multi-byte character cut
 * by truncation, stray bytes). Returns the new length. For text built from
 * input and then truncated to a fixed buffer (error messages, problems),
 * which must stay storable and serialisable as JSON. */
size_t mc_utf8_scrub(char *s);

/* What one code point folds to: an ASCII lowercase letter or digit
 * ('0'-'9', 'a'-'z'), or one of these. */
enum {
    MC_FOLD_KEEP = 0, /* copied unchanged (not a Latin letter, not punctuation) */
    MC_FOLD_DROP = 1, /* vanishes: combining mark, BOM */
    MC_FOLD_SEP = 2,  /* separates words */
};
int mc_fold_cp(uint32_t cp);

/* Appends the folded form of s[0..len) to out. On invalid UTF-8 returns
 * MC_ERR_INVALID (err: code "invalid_utf8", detail "offset") and leaves out
 * as it was; MC_ERR_TOO_LARGE when out's cap is reached (out unchanged). The
 * folded text is never longer than the input. */
mc_err mc_fold(const char *s, size_t len, struct mc_buf *out, struct mc_error *err);

/* Convenience: the folded form as a new heap string (free with mc_free), or
 * NULL when s is not valid UTF-8. */
char *mc_fold_dup(const char *s, size_t len);

/* Matches an already-folded pattern (lowercase ASCII words separated by
 * single spaces, e.g. "ngay lam viec") against the start of s. A run of
 * separators in s matches one space of pat; combining marks are skipped.
 * Returns the number of bytes of s the match covers (including marks that
 * follow the last letter), or 0 when s does not start with pat (or on
 * invalid UTF-8). Case- and diacritic-insensitive: "Ngày Làm  việc" matches
 * "ngay lam viec". */
size_t mc_fold_prefix(const char *s, size_t len, const char *pat);

#endif
