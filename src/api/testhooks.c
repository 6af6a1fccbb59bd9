/* testhooks.c - routes that exist only with --test-hooks, for the API tests:
 * a slow request (graceful shutdown with requests in flight), an echo of a
 * JSON body (body limits) and an upload sink (upload limits). */
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "http/http.h"
#include "http/server.h"
#include "core/time.h"
#include "store/store.h"
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

/* The last message queued for a recipient (verification and reset codes
 * travel by e-mail or SMS; the tests read them here). */
void mc_api_test_notifications(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    const char *to = mc_req_query(r, "recipient");
    if (mc_req_db(r, &db, &e) ||
        mc_db_query(db, &st, &row, &e,
                    "SELECT channel, body FROM notifications WHERE recipient = $1 ORDER BY id DESC LIMIT 1", "s",
                    to ? to : ""))
        return mc_reply_error(r, &e);
    if (!row)
        return mc_reply_errorf(r, 404, "not_found", "Không có thông báo", "No notification");
    json_t *o = json_pack("{s:s, s:s}", "channel", mc_stmt_text(st, 0, NULL), "body", mc_stmt_text(st, 1, NULL));
    mc_stmt_reset(st);
    mc_reply_json(r, 200, o);
}

/* Every route of the table (the authorization matrix test checks that each
 * has a row). */
void mc_api_test_routes(struct mc_req *r)
{
    json_t *items = json_array();
    for (size_t i = 0; i < r->server->nroutes; i++) {
        const struct mc_route *rt = &r->server->routes[i];
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s?}", "method", rt->method, "pattern", rt->pattern, "perm", rt->perm));
    }
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}
