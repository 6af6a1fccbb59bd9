#include "http/cache.h"

#include <string.h>

#include "core/alloc.h"
#include "core/banned.h"

struct slot {
    char *key;
    size_t keylen;
    int64_t gen;
    char *body;
    size_t len;
};

struct mc_cache {
    struct slot slots[MC_CACHE_SLOTS];
};

struct mc_cache *mc_cache_new(void)
{
    return mc_calloc(1, sizeof(struct mc_cache));
}

static void clear(struct slot *s)
{
    mc_free(s->key);
    mc_free(s->body);
    memset(s, 0, sizeof(*s));
}

void mc_cache_free(struct mc_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < MC_CACHE_SLOTS; i++)
        clear(&c->slots[i]);
    mc_free(c);
}

static struct slot *slot_of(struct mc_cache *c, const char *key, size_t keylen)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < keylen; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
    return &c->slots[h % MC_CACHE_SLOTS];
}

const char *mc_cache_get(struct mc_cache *c, const char *key, size_t keylen, int64_t gen, size_t *len)
{
    struct slot *s = slot_of(c, key, keylen);
    if (!s->key || s->gen != gen || s->keylen != keylen || memcmp(s->key, key, keylen))
        return NULL;
    *len = s->len;
    return s->body;
}

void mc_cache_put(struct mc_cache *c, const char *key, size_t keylen, int64_t gen, const char *body, size_t len)
{
    if (len > MC_CACHE_MAX_BODY || keylen > 2048)
        return;
    struct slot *s = slot_of(c, key, keylen);
    clear(s);
    s->key = mc_strndup(key, keylen);
    s->keylen = keylen;
    s->gen = gen;
    s->body = mc_malloc(len ? len : 1);
    memcpy(s->body, body, len);
    s->len = len;
}
