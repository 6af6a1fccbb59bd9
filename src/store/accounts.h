/* accounts.h - users, roles, sessions, API tokens, verification codes,
 * notifications and the hash-chained audit log, in the database.
 *
 * Every function takes an open connection; writes are meant to run inside a
 * writer transaction (mc_async write step) so a change and its audit row
 * commit together. NOT_FOUND is MC_ERR_NOT_FOUND without err being filled. */
#ifndef MC_ACCOUNTS_H
#define MC_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_db;

struct mc_user {
    int64_t id;
    char kind[16]; /* citizen, business, staff, client */
    char login[256];
    char email[256];
    char phone[32];
    char full_name[256];
    char status[16]; /* pending, active, disabled */
    char password_hash[128];
    int64_t failed_logins;
    int64_t locked_until;
    int64_t created_at;
};

#define MC_MAX_GRANTS 16

struct mc_grant {
    char role[24];
    int64_t agency_id;
    char agency_code[32];
    char agency_path[256]; /* '/1/5/' */
};

/* Who is asking: the account, its roles, and how it signed in. */
struct mc_principal {
    struct mc_user user;
    int ngrants;
    struct mc_grant grants[MC_MAX_GRANTS];
    int64_t session_id; /* > 0 when signed in by cookie */
    int64_t last_seen;
    char csrf[48];
    int64_t token_id; /* > 0 when signed in with an API token */
    char scopes[512];
};

mc_err mc_user_by_login(struct mc_db *db, const char *login, struct mc_user *u, struct mc_error *err);
mc_err mc_user_by_id(struct mc_db *db, int64_t id, struct mc_user *u, struct mc_error *err);
/* Inserts u (id and created_at are set); 409 conflict when the login exists. */
mc_err mc_user_create(struct mc_db *db, struct mc_user *u, struct mc_error *err);
/* The account linked to an OpenID Connect subject (issuer, sub); NOT_FOUND. */
mc_err mc_user_by_oidc(struct mc_db *db, const char *issuer, const char *sub, struct mc_user *u, struct mc_error *err);
/* Links user_id to (issuer, sub); 409 oidc_already_linked when another
 * account holds that subject. */
mc_err mc_user_link_oidc(struct mc_db *db, int64_t user_id, const char *issuer, const char *sub, struct mc_error *err);
mc_err mc_user_add_role(struct mc_db *db, int64_t user_id, const char *role, int64_t agency_id, struct mc_error *err);
mc_err mc_user_set_password(struct mc_db *db, int64_t user_id, const char *hash, struct mc_error *err);
mc_err mc_user_set_status(struct mc_db *db, int64_t user_id, const char *status, struct mc_error *err);
/* Counts a failed sign-in; locks the account until lock_until when given (> 0). */
mc_err mc_user_login_failed(struct mc_db *db, int64_t user_id, int64_t lock_until, struct mc_error *err);
mc_err mc_user_login_ok(struct mc_db *db, int64_t user_id, struct mc_error *err);
/* Loads the roles of p->user.id into p->grants. */
mc_err mc_user_grants(struct mc_db *db, struct mc_principal *p, struct mc_error *err);

mc_err mc_session_create(struct mc_db *db, int64_t user_id, const char *token_hash, const char *csrf, const char *ip,
                         const char *user_agent, int64_t now, int64_t *id, struct mc_error *err);
/* Finds a live session (not revoked, seen within idle seconds, created
 * within absolute seconds) and fills p (user and grants). */
mc_err mc_session_lookup(struct mc_db *db, const char *token_hash, int64_t now, int64_t idle, int64_t absolute,
                         struct mc_principal *p, struct mc_error *err);
mc_err mc_session_touch(struct mc_db *db, int64_t session_id, int64_t now, struct mc_error *err);
/* Revokes one session of user_id (or all when session_id == 0). */
mc_err mc_session_revoke(struct mc_db *db, int64_t user_id, int64_t session_id, int64_t now, struct mc_error *err);

mc_err mc_token_create(struct mc_db *db, int64_t user_id, const char *token_hash, const char *name, const char *scopes,
                       int64_t expires_at, int64_t now, int64_t *id, struct mc_error *err);
mc_err mc_token_lookup(struct mc_db *db, const char *token_hash, int64_t now, struct mc_principal *p,
                       struct mc_error *err);

mc_err mc_verification_create(struct mc_db *db, int64_t user_id, const char *purpose, const char *code_hash,
                              int64_t expires_at, struct mc_error *err);
/* Marks the matching unexpired, unused code as used; NOT_FOUND otherwise. */
mc_err mc_verification_use(struct mc_db *db, int64_t user_id, const char *purpose, const char *code_hash, int64_t now,
                           struct mc_error *err);

mc_err mc_notify(struct mc_db *db, const char *channel, const char *recipient, const char *subject, const char *body,
                 struct mc_error *err);

/* Appends one audit row, chained to the previous one. */
mc_err mc_audit_append(struct mc_db *db, int64_t actor_id, const char *actor, const char *action, const char *object,
                       const char *ip, const char *details, struct mc_error *err);
/* Walks the chain: *broken = id of the first row whose hash or link does not
 * match (0 when intact); *rows = rows checked. */
mc_err mc_audit_verify(struct mc_db *db, int64_t *broken, int64_t *rows, struct mc_error *err);

/* The materialised path of an agency ('/1/5/'); NOT_FOUND when unknown. */
mc_err mc_agency_path(struct mc_db *db, int64_t agency_id, char *path, size_t cap, struct mc_error *err);
/* The id of the agency with an electronic identifier code; NOT_FOUND. */
mc_err mc_agency_id_by_code(struct mc_db *db, const char *code, int64_t *id, struct mc_error *err);
/* Resolves an agency named by its id ("12") or identifier code into its id
 * and path; NOT_FOUND when there is none. */
mc_err mc_agency_resolve(struct mc_db *db, const char *value, int64_t *id, char *path, size_t cap,
                         struct mc_error *err);
/* Inserts an agency under parent (0 for a root), computing its path. */
mc_err mc_agency_insert(struct mc_db *db, const char *code, const char *name, const char *level, int64_t parent_id,
                        int64_t *id, struct mc_error *err);

#endif
