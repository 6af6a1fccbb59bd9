/* router.h - the h2o handler that routes every request.
 *
 * Paths under /api/ go to the route table; anything else to the web app
 * (static files, or the app's index for paths it owns). Before a handler
 * runs the router has: given the request an id (X-Request-Id, echoed when
 * the client sent a sane one), checked the total header size (431), found
 * the route (404, or 405 with Allow), and checked the body the route
 * declares (415, 413, 400 invalid_json / json_too_deep). */
#ifndef MC_ROUTER_H
#define MC_ROUTER_H

#include <h2o.h>

struct mc_server;

/* Registers the routing handler on pathconf. */
void mc_router_register(struct mc_server *s, h2o_pathconf_t *pathconf);

#endif
