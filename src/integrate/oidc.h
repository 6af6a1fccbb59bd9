/* oidc.h - the OpenID Connect relying party (sign-in with an external
 * provider, the national identity provider in production).
 *
 * Protocol pieces, each small and separately testable:
 *   discovery   GET {issuer}/.well-known/openid-configuration, checked
 *   keys        GET jwks_uri (RSA keys for RS256/384/512, P-256 for ES256)
 *   request     random state, nonce and PKCE verifier; the authorization URL
 *               with the S256 code challenge
 *   exchange    the code at the token endpoint (client_secret_basic)
 *   verify      the ID token: signature (OpenSSL), alg allow-list, iss, aud
 *               and azp, exp/iat/nbf with MC_OIDC_LEEWAY, nonce, sub
 * and the tables of migration 0005: one row per started sign-in
 * (oidc_logins) and the provider's published documents (oidc_providers),
 * so that every node shares them.
 *
 * mc_oidc_discover, mc_oidc_fetch_jwks and mc_oidc_exchange make blocking
 * HTTP calls (libcurl, 5 s to connect, 10 s in all, no redirects, answers
 * capped at MC_OIDC_MAX_DOC): call them on the worker pool (async.h `work`),
 * never on an event loop. Everything else is pure or uses the connection it
 * is given.
 *
 * Errors carry the stable codes the API answers with: oidc_unavailable
 * (503: the provider cannot be reached or answers nonsense),
 * oidc_token_rejected (400: the token endpoint refused the code),
 * invalid_token, invalid_signature, invalid_audience, token_expired,
 * invalid_nonce (401: the ID token fails verification). */
#ifndef MC_OIDC_H
#define MC_OIDC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/crypto.h"
#include "core/err.h"

struct mc_buf;
struct mc_db;
struct mc_config;

#define MC_OIDC_LEEWAY 60            /* seconds of clock skew accepted on exp, iat, nbf */
#define MC_OIDC_MAX_DOC (256 * 1024) /* largest discovery, JWKS or token answer */
#define MC_OIDC_MAX_JWT (16 * 1024)  /* largest ID token */
#define MC_OIDC_LOGIN_TTL 600        /* seconds between start and callback */
#define MC_OIDC_CACHE_TTL 3600       /* seconds the discovery document and keys are trusted */
#define MC_OIDC_MAX_SUB 240          /* longest subject accepted (the spec allows 255) */

/* The relying party's settings (borrowed strings, e.g. from struct mc_config). */
struct mc_oidc_client {
    const char *issuer;
    const char *client_id;
    const char *client_secret;
    const char *redirect_uri;
    const char *scopes;
};

/* One sign-in in progress: the secrets of the authorization request. */
struct mc_oidc_login {
    char state[MC_TOKEN_LEN];
    char nonce[MC_TOKEN_LEN];
    char verifier[MC_TOKEN_LEN]; /* PKCE code verifier (43 characters) */
};

/* What a verified ID token says about the person. */
struct mc_oidc_claims {
    char iss[512];
    char sub[MC_OIDC_MAX_SUB + 1];
    char email[256];
    int email_verified;
    char name[256];
};

/* Fills client from cfg; redirect_buf (cap bytes) receives the callback URL
 * derived from public-url when oidc-redirect-uri is empty. Returns 0 when no
 * issuer is configured (OIDC sign-in is off), 1 otherwise. */
int mc_oidc_client_from_config(const struct mc_config *cfg, struct mc_oidc_client *client, char *redirect_buf,
                               size_t cap);

/* Fetches and checks the discovery document: issuer equal to client->issuer
 * (one trailing slash aside), authorization_endpoint, token_endpoint and
 * jwks_uri present, and they and userinfo_endpoint when given https (http
 * only for a loopback issuer). *doc is the
 * caller's (json_decref). Blocking. */
mc_err mc_oidc_discover(const struct mc_oidc_client *client, json_t **doc, struct mc_error *err);
/* Fetches the key set named by doc's jwks_uri; *jwks is the caller's. Blocking. */
mc_err mc_oidc_fetch_jwks(const json_t *doc, json_t **jwks, struct mc_error *err);

/* Fresh random state, nonce and verifier. */
void mc_oidc_login_new(struct mc_oidc_login *login);
/* The authorization URL (response_type=code, S256 challenge) appended to out. */
mc_err mc_oidc_auth_url(const json_t *doc, const struct mc_oidc_client *client, const struct mc_oidc_login *login,
                        struct mc_buf *out);
/* Exchanges code (with the PKCE verifier) for tokens; *id_token and
 * *access_token (mc_free; the access token NULL when none was issued)
 * receive them. Blocking. */
mc_err mc_oidc_exchange(const json_t *doc, const struct mc_oidc_client *client, const char *code, const char *verifier,
                        char **id_token, char **access_token, struct mc_error *err);
/* Verifies jwt against jwks, the issuer of doc, client->client_id and nonce
 * at time now, and fills claims. MC_ERR_NOT_FOUND (err: invalid_signature)
 * when no key of jwks matches the token's kid: refetch the keys once. */
mc_err mc_oidc_verify(const char *jwt, const json_t *jwks, const json_t *doc, const struct mc_oidc_client *client,
                      const char *nonce, int64_t now, struct mc_oidc_claims *claims, struct mc_error *err);

/* Completes the profile claims (email, email_verified, name) the verified
 * ID token lacks from the userinfo endpoint, when the provider has one and
 * access_token is not NULL; the answer's sub must be claims->sub
 * (invalid_token otherwise). Blocking. */
mc_err mc_oidc_userinfo(const json_t *doc, const char *access_token, struct mc_oidc_claims *claims,
                        struct mc_error *err);

/* base64url without padding: encode len bytes of in (appended to out);
 * decode (padding and whitespace refused) appends the bytes to out.
 * MC_ERR_INVALID on a bad character or length, MC_ERR_TOO_LARGE past out->max. */
mc_err mc_oidc_b64url_encode(const void *in, size_t len, struct mc_buf *out);
mc_err mc_oidc_b64url_decode(const char *in, size_t len, struct mc_buf *out);

/* ---- storage (migration 0005) ---- */

/* Records a started sign-in (state stored as its SHA-256) and purges rows
 * older than a day. Writer transaction. */
mc_err mc_oidc_login_save(struct mc_db *db, const struct mc_oidc_login *login, int64_t now, struct mc_error *err);
/* Finds the unused sign-in of state started after now - MC_OIDC_LOGIN_TTL
 * and copies its nonce and verifier into login; NOT_FOUND otherwise. */
mc_err mc_oidc_login_find(struct mc_db *db, const char *state, int64_t now, struct mc_oidc_login *login,
                          struct mc_error *err);
/* Marks the sign-in of state used; NOT_FOUND when it was already (a replay
 * racing the first use). Writer transaction. */
mc_err mc_oidc_login_use(struct mc_db *db, const char *state, int64_t now, struct mc_error *err);
/* The cached discovery document and keys of issuer (the caller's, NULL when
 * none) and when they were fetched. */
mc_err mc_oidc_cache_get(struct mc_db *db, const char *issuer, json_t **doc, json_t **jwks, int64_t *fetched_at,
                         struct mc_error *err);
mc_err mc_oidc_cache_put(struct mc_db *db, const char *issuer, const json_t *doc, const json_t *jwks, int64_t now,
                         struct mc_error *err);

#endif
