#include "http/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/banned.h"

#define SLOTS 8192

struct slot {
    char key[96];
    int64_t window_start;
    int64_t count;
};

struct mc_ratelimit {
    pthread_mutex_t lock;
    struct slot slots[SLOTS];
};

struct mc_ratelimit *mc_ratelimit_new(void)
{
    struct mc_ratelimit *rl = mc_calloc(1, sizeof(*rl));
    pthread_mutex_init(&rl->lock, NULL);
    return rl;
}

void mc_ratelimit_free(struct mc_ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    mc_free(rl);
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Open addressing over 8 neighbours; an expired or the oldest slot is reused. */
static struct slot *find(struct mc_ratelimit *rl, const char *key, int64_t window, int64_t now)
{
    unsigned h = hash(key);
    struct slot *victim = NULL;
    for (unsigned i = 0; i < 8; i++) {
        struct slot *s = &rl->slots[(h + i) % SLOTS];
        if (!strcmp(s->key, key))
            return s;
        if (!victim || s->window_start < victim->window_start)
            victim = s;
    }
    snprintf(victim->key, sizeof(victim->key), "%s", key);
    victim->window_start = now;
    victim->count = 0;
    (void)window;
    return victim;
}

int64_t mc_ratelimit_hit(struct mc_ratelimit *rl, const char *key, int64_t limit, int64_t window, int64_t now)
{
    pthread_mutex_lock(&rl->lock);
    struct slot *s = find(rl, key, window, now);
    if (now - s->window_start >= window) {
        s->window_start = now;
        s->count = 0;
    }
    int64_t wait = 0;
    if (s->count >= limit)
        wait = s->window_start + window - now;
    else
        s->count++;
    pthread_mutex_unlock(&rl->lock);
    return wait > 0 ? wait : 0;
}
