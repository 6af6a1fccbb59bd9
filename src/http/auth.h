/* auth.h - who is asking, and may they: enforced in one place.
 *
 * The router calls mc_auth_request for every API request before the
 * handler: it identifies the caller (an `Authorization: Bearer` API token or
 * the `mc_session` cookie), checks the CSRF token on state-changing requests
 * authenticated by cookie, and checks the permission and agency scope the
 * route declares. Handlers never check permissions by hand; they may narrow
 * what they return with mc_auth_covers. */
#ifndef MC_AUTH_H
#define MC_AUTH_H

#include <stddef.h>
#include <stdint.h>

struct mc_req;
struct mc_principal;

#define MC_SESSION_COOKIE "mc_session"

/* Returns 1 when the handler may run; otherwise it has replied (401, 403). */
int mc_auth_request(struct mc_req *r);
/* 1 when p holds perm on the agency at agency_path ('/1/5/'), or anywhere
 * when agency_path is NULL. */
int mc_auth_covers(const struct mc_principal *p, const char *perm, const char *agency_path);
/* Sets the session cookie (HttpOnly, SameSite=Lax, Secure under TLS);
 * an empty token clears it. */
void mc_auth_set_cookie(struct mc_req *r, const char *token, int64_t max_age);
/* The same for another cookie, scoped to path. */
void mc_auth_set_cookie_at(struct mc_req *r, const char *name, const char *path, const char *value, int64_t max_age);
/* Copies the value of cookie name from the request into out (cap bytes);
 * 0 when absent or longer than cap - 1. */
int mc_auth_cookie(struct mc_req *r, const char *name, char *out, size_t cap);

#endif
