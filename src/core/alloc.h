/* alloc.h - the only way motcua allocates heap memory.
 *
 * Every function is overflow-checked and never returns NULL: on exhaustion it
 * logs one line and aborts (a server that cannot allocate cannot keep its
 * promises). Test builds (MC_TESTING) can make the Nth allocation fail to
 * prove that callers of the fallible variants clean up. */
#ifndef MC_ALLOC_H
#define MC_ALLOC_H

#include <stddef.h>

void *mc_malloc(size_t size);
void *mc_calloc(size_t n, size_t size);
void *mc_realloc(void *p, size_t size);
/* mc_reallocarray: realloc of n * size bytes, aborting on overflow. */
void *mc_reallocarray(void *p, size_t n, size_t size);
char *mc_strdup(const char *s);
char *mc_strndup(const char *s, size_t n);
void mc_free(void *p);

/* Fallible allocation for input-driven sizes: returns NULL when the size
 * overflows or exceeds MC_ALLOC_MAX, or when a test asked for a failure. */
#define MC_ALLOC_MAX ((size_t)1 << 34)
void *mc_try_malloc(size_t size);

/* Test hook: the nth call (1-based) of mc_try_malloc from now on fails;
 * 0 turns failures off. */
void mc_alloc_fail_at(unsigned long nth);

#endif
