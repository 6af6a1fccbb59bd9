/* ratelimit.h - fixed-window attempt counters shared by all threads.
 *
 * A key ("login-ip:127.0.0.1") may be used `limit` times per `window`
 * seconds. The table is in memory: a restart forgets it, and several nodes
 * each count their own (docs/security.md says so). Bounded: when full, the
 * oldest windows are dropped first. */
#ifndef MC_RATELIMIT_H
#define MC_RATELIMIT_H

#include <stdint.h>

struct mc_ratelimit;

struct mc_ratelimit *mc_ratelimit_new(void);
void mc_ratelimit_free(struct mc_ratelimit *rl);
/* Counts one attempt; returns 0 when allowed, else the seconds to wait. */
int64_t mc_ratelimit_hit(struct mc_ratelimit *rl, const char *key, int64_t limit, int64_t window, int64_t now);

#endif
