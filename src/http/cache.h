/* cache.h - a small per-thread cache of rendered answers.
 *
 * For read-mostly answers that many clients ask alike (catalogue searches):
 * an entry is a request key, the generation of the data it was built from
 * (a counter the database moves on every change) and the body. An entry of
 * another generation is a miss. Bounded: MC_CACHE_SLOTS entries of at most
 * MC_CACHE_MAX_BODY bytes, a colliding key replaces the slot. One cache per
 * event-loop thread, so no locking. */
#ifndef MC_CACHE_H
#define MC_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define MC_CACHE_SLOTS 256
#define MC_CACHE_MAX_BODY (64 * 1024)

struct mc_cache;

struct mc_cache *mc_cache_new(void);
void mc_cache_free(struct mc_cache *c);
/* The body stored for key at generation gen, or NULL. */
const char *mc_cache_get(struct mc_cache *c, const char *key, size_t keylen, int64_t gen, size_t *len);
/* Stores a copy of body (ignored when larger than MC_CACHE_MAX_BODY). */
void mc_cache_put(struct mc_cache *c, const char *key, size_t keylen, int64_t gen, const char *body, size_t len);

#endif
