/* slips.h - the slip fonts of the server (api/slips.c). */
#ifndef MC_API_SLIPS_H
#define MC_API_SLIPS_H

#include "core/err.h"

struct mc_server;

/* Checks --slip-rules (MC_ERR_INVALID naming it: a start-up error) and
 * prepares the slip fonts into s->fonts. Fonts that cannot be read leave
 * s->fonts NULL with a warning in the log; the slip routes then answer 503
 * render_unavailable. */
mc_err mc_api_slips_open(struct mc_server *s, struct mc_error *err);
void mc_api_slips_close(struct mc_server *s);

#endif
