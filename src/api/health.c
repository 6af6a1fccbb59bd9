/* health.c - GET /api/v1/health. */
#include "core/time.h"
#include "core/version.h"
#include "http/http.h"
#include "http/server.h"
#include "api/routes.h"
#include "core/banned.h"

void mc_api_health(struct mc_req *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string("ok"));
    json_object_set_new(o, "version", json_string(MC_VERSION));
    json_object_set_new(o, "database", json_string(r->server->engine));
    json_object_set_new(o, "uptime_s", json_integer(mc_time_now() - r->server->started_at));
    mc_reply_json(r, 200, o);
}
