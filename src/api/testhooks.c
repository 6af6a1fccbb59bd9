/* testhooks.c - routes that exist only with --test-hooks, for the API tests:
 * a slow request (graceful shutdown with requests in flight), an echo of a
 * JSON body (body limits) and an upload sink (upload limits). */
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "http/http.h"
#include "http/server.h"
#include "core/time.h"
#include "core/banned.h"

/* Lives in the request's pool: unlinked when the request goes away, even
 * when the client leaves before the time is up. Polls the thread's 10 ms
 * tick (a timeout per request would be disposed while h2o walks it). */
struct sleeper {
    h2o_timeout_entry_t entry;
    struct mc_req *r;
    int64_t until_ms;
};

static void tick(h2o_timeout_entry_t *entry)
{
    struct sleeper *s = H2O_STRUCT_FROM_MEMBER(struct sleeper, entry, entry);
    if (mc_clock_ms() < s->until_ms) {
        h2o_timeout_link(s->r->thread->ctx.loop, &s->r->thread->tick, &s->entry);
        return;
    }
    mc_reply_json(s->r, 200, json_pack("{s:b}", "slept", 1));
}

static void dispose_sleeper(void *p)
{
    struct sleeper *s = p;
    if (h2o_timeout_is_linked(&s->entry))
        h2o_timeout_unlink(&s->entry);
}

void mc_api_test_sleep(struct mc_req *r)
{
    const char *ms = mc_req_query(r, "ms");
    long v = ms ? strtol(ms, NULL, 10) : 100;
    if (v < 0 || v > 60000)
        v = 100;
    struct sleeper *s = h2o_mem_alloc_shared(&r->h2o->pool, sizeof(*s), dispose_sleeper);
    memset(s, 0, sizeof(*s));
    s->r = r;
    s->until_ms = mc_clock_ms() + v;
    s->entry.cb = tick;
    mc_req_hold(r);
    h2o_timeout_link(r->thread->ctx.loop, &r->thread->tick, &s->entry);
}

void mc_api_test_echo(struct mc_req *r)
{
    mc_reply_json(r, 200, json_pack("{s:O}", "echo", r->body));
}

void mc_api_test_upload(struct mc_req *r)
{
    mc_reply_json(r, 200, json_pack("{s:I}", "bytes", (json_int_t)r->h2o->entity.len));
}
