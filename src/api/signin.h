/* signin.h - opening a session, shared by every way of signing in
 * (password in auth.c, OpenID Connect in oidc.c).
 *
 * The caller fills who.user (the account) and calls mc_api_signin_init on
 * the event loop, mc_api_signin_write in its writer step (the session row,
 * the audit row and the grants commit together) and mc_api_signin_reply
 * back on the event loop. */
#ifndef MC_API_SIGNIN_H
#define MC_API_SIGNIN_H

#include <stdint.h>

#include <jansson.h>

#include "core/crypto.h"
#include "core/err.h"
#include "store/accounts.h"

struct mc_req;
struct mc_db;

struct mc_api_signin {
    struct mc_principal who; /* who.user: the account; grants filled by the write */
    int64_t session_id;
    char token[MC_TOKEN_LEN]; /* the cookie value (only its hash is stored) */
    char csrf[MC_TOKEN_LEN];
    char ip[48], ua[256];
};

/* Records the client's address and user agent. */
void mc_api_signin_init(struct mc_api_signin *s, struct mc_req *r);
/* Writer step: fresh cookie and CSRF tokens, the session row, an audit row
 * with action ("login", "login_oidc"), the account's grants into s->who. */
mc_err mc_api_signin_write(struct mc_db *db, struct mc_api_signin *s, const char *action, struct mc_error *err);
/* Event loop: sets the session cookie and returns the body of a sign-in
 * answer, {"user", "roles", "csrf_token"} (the caller owns it). */
json_t *mc_api_signin_reply(struct mc_req *r, const struct mc_api_signin *s);

/* 1 (and a 429 too_many_attempts reply with retry_after) when the client's
 * address went over --ip-rate attempts a minute for what ("login", "oidc"). */
int mc_api_over_ip_budget(struct mc_req *r, const char *what);

#endif
