/* buf.h - the one string builder (after git's strbuf and curl's dynbuf).
 *
 * Invariants: buf is never NULL (an empty buffer points at a shared ""),
 * buf[len] == '\0', len < alloc when alloc > 0, and len never exceeds max.
 * An append that would go past max fails with MC_ERR_TOO_LARGE and leaves the
 * buffer unchanged, so input-driven output is always capped. */
#ifndef MC_BUF_H
#define MC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"

struct mc_buf {
    char *buf;
    size_t len, alloc, max;
};

#define MC_BUF_DEFAULT_MAX ((size_t)64 << 20)

/* Sets up an empty buffer that may grow to max bytes (0 = default max). */
void mc_buf_init(struct mc_buf *b, size_t max);
/* Frees the contents; the buffer is empty and usable again. */
void mc_buf_release(struct mc_buf *b);
/* Empties the buffer but keeps its memory. */
void mc_buf_clear(struct mc_buf *b);
/* Hands the NUL-terminated contents to the caller (free with mc_free) and
 * re-initialises the buffer. Never NULL. */
char *mc_buf_detach(struct mc_buf *b, size_t *len);

mc_err mc_buf_grow(struct mc_buf *b, size_t extra);
mc_err mc_buf_add(struct mc_buf *b, const void *data, size_t len);
mc_err mc_buf_adds(struct mc_buf *b, const char *s);
mc_err mc_buf_addch(struct mc_buf *b, char c);
mc_err mc_buf_addf(struct mc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
mc_err mc_buf_vaddf(struct mc_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Drops bytes past len (len <= b->len). */
void mc_buf_truncate(struct mc_buf *b, size_t len);

#endif
