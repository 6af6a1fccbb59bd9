/* routes.c - every route of the API, in one table. */
#include "api/routes.h"

#include "http/http.h"
#include "core/banned.h"

#define GET(p, h, perm) {"GET", p, h, MC_BODY_NONE, perm}
#define POST(p, h, perm) {"POST", p, h, MC_BODY_JSON, perm}

/* The production routes come first; the test hooks follow and are only
 * visible when the server runs with --test-hooks. */
static const struct mc_route routes[] = {
    GET("/api/v1/health", mc_api_health, NULL),

    /* test hooks (must stay last) */
    GET("/api/v1/_test/sleep", mc_api_test_sleep, NULL),
    POST("/api/v1/_test/echo", mc_api_test_echo, NULL),
    {"POST", "/api/v1/_test/upload", mc_api_test_upload, MC_BODY_UPLOAD, NULL},
};

#define NTEST 3

void mc_api_routes(const struct mc_route **out, size_t *n, int with_test_hooks)
{
    *out = routes;
    *n = sizeof(routes) / sizeof(routes[0]) - (with_test_hooks ? 0 : NTEST);
}
