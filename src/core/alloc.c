#include "core/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/banned.h"

static atomic_ulong fail_countdown;

static void oom(size_t size)
{
    fprintf(stderr, "motcua: out of memory allocating %zu bytes\n", size);
    abort();
}

void *mc_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *mc_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *mc_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom(size);
    return q;
}

void *mc_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    return mc_realloc(p, n * size);
}

char *mc_strdup(const char *s)
{
    return mc_strndup(s, strlen(s));
}

char *mc_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = mc_malloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void mc_free(void *p)
{
    free(p);
}

void *mc_try_malloc(size_t size)
{
    unsigned long left = atomic_load(&fail_countdown);
    if (left) {
        if (left == 1) {
            atomic_store(&fail_countdown, 0);
            return NULL;
        }
        atomic_store(&fail_countdown, left - 1);
    }
    if (size > MC_ALLOC_MAX)
        return NULL;
    return malloc(size ? size : 1);
}

void mc_alloc_fail_at(unsigned long nth)
{
    atomic_store(&fail_countdown, nth);
}
