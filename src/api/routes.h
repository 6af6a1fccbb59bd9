/* routes.h - the route table of the JSON API.
 *
 * One static table (src/api/routes.c) names every route: method, path
 * pattern, handler, body kind and permission. Test-only routes are appended
 * when the server runs with --test-hooks. */
#ifndef MC_ROUTES_H
#define MC_ROUTES_H

#include <stddef.h>

struct mc_route;
struct mc_req;

void mc_api_routes(const struct mc_route **routes, size_t *n, int with_test_hooks);

/* Handlers, one file per resource. */
void mc_api_health(struct mc_req *r);
void mc_api_test_sleep(struct mc_req *r);
void mc_api_test_echo(struct mc_req *r);
void mc_api_test_upload(struct mc_req *r);

#endif
