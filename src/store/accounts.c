#include "store/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/time.h"
#include "store/store.h"
#include "core/banned.h"

#define USER_COLS                                                                                                      \
    "u.id, u.kind, u.login, COALESCE(u.email, ''), COALESCE(u.phone, ''), u.full_name, u.status, "                     \
    "COALESCE(u.password_hash, ''), u.failed_logins, u.locked_until, u.created_at"

static void copy_col(struct mc_stmt *st, int col, char *dst, size_t cap)
{
    snprintf(dst, cap, "%s", mc_stmt_text(st, col, NULL));
}

/* Reads USER_COLS starting at column 0. */
static void read_user(struct mc_stmt *st, struct mc_user *u)
{
    u->id = mc_stmt_int(st, 0);
    copy_col(st, 1, u->kind, sizeof(u->kind));
    copy_col(st, 2, u->login, sizeof(u->login));
    copy_col(st, 3, u->email, sizeof(u->email));
    copy_col(st, 4, u->phone, sizeof(u->phone));
    copy_col(st, 5, u->full_name, sizeof(u->full_name));
    copy_col(st, 6, u->status, sizeof(u->status));
    copy_col(st, 7, u->password_hash, sizeof(u->password_hash));
    u->failed_logins = mc_stmt_int(st, 8);
    u->locked_until = mc_stmt_int(st, 9);
    u->created_at = mc_stmt_int(st, 10);
}

/* The user of the query's first row (rc, st, row as mc_db_query left them). */
static mc_err first_user(mc_err rc, struct mc_stmt *st, int row, struct mc_user *u)
{
    if (rc)
        return rc;
    if (row)
        read_user(st, u);
    mc_stmt_reset(st);
    return row ? MC_OK : MC_ERR_NOT_FOUND;
}

static mc_err one_user(struct mc_db *db, const char *sql, const char *fmt, const void *key, struct mc_user *u,
                       struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = *fmt == 'i' ? mc_db_query(db, &st, &row, err, sql, fmt, *(const int64_t *)key)
                            : mc_db_query(db, &st, &row, err, sql, fmt, (const char *)key);
    return first_user(rc, st, row, u);
}

mc_err mc_user_by_login(struct mc_db *db, const char *login, struct mc_user *u, struct mc_error *err)
{
    return one_user(db, "SELECT " USER_COLS " FROM users u WHERE u.login = $1", "s", login, u, err);
}

mc_err mc_user_by_id(struct mc_db *db, int64_t id, struct mc_user *u, struct mc_error *err)
{
    return one_user(db, "SELECT " USER_COLS " FROM users u WHERE u.id = $1", "i", &id, u, err);
}

mc_err mc_user_by_oidc(struct mc_db *db, const char *issuer, const char *sub, struct mc_user *u, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " USER_COLS " FROM users u WHERE u.oidc_issuer = $1 AND u.oidc_sub = $2", "ss",
                            issuer, sub);
    return first_user(rc, st, row, u);
}

mc_err mc_user_link_oidc(struct mc_db *db, int64_t user_id, const char *issuer, const char *sub, struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err, "UPDATE users SET oidc_issuer = $1, oidc_sub = $2 WHERE id = $3", "ssi", issuer, sub,
                         user_id);
    if (rc == MC_ERR_CONFLICT)
        mc_error_set(err, MC_ERR_CONFLICT, 409, "oidc_already_linked", "Danh tính này đã gắn với một tài khoản khác",
                     "This identity is linked to another account");
    return rc;
}

static const char *or_null(const char *s)
{
    return s && *s ? s : NULL;
}

mc_err mc_user_create(struct mc_db *db, struct mc_user *u, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    u->created_at = mc_time_now();
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "INSERT INTO users (kind, login, email, phone, full_name, password_hash, status, "
                            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                            "sssssssi", u->kind, u->login, or_null(u->email), or_null(u->phone), u->full_name,
                            or_null(u->password_hash), u->status, u->created_at);
    if (rc) {
        if (rc == MC_ERR_CONFLICT)
            mc_error_set(err, MC_ERR_CONFLICT, 409, "account_exists", "Tài khoản này đã tồn tại",
                         "This account already exists");
        return rc;
    }
    u->id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    return MC_OK;
}

mc_err mc_user_add_role(struct mc_db *db, int64_t user_id, const char *role, int64_t agency_id, struct mc_error *err)
{
    return mc_db_do(db, err,
                    "INSERT INTO user_roles (user_id, role, agency_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    "isi", user_id, role, agency_id);
}

mc_err mc_user_set_password(struct mc_db *db, int64_t user_id, const char *hash, struct mc_error *err)
{
    return mc_db_do(db, err, "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = 0 WHERE id = $2",
                    "si", hash, user_id);
}

mc_err mc_user_set_status(struct mc_db *db, int64_t user_id, const char *status, struct mc_error *err)
{
    return mc_db_do(db, err, "UPDATE users SET status = $1 WHERE id = $2", "si", status, user_id);
}

mc_err mc_user_login_failed(struct mc_db *db, int64_t user_id, int64_t lock_until, struct mc_error *err)
{
    return mc_db_do(db, err,
                    "UPDATE users SET failed_logins = CASE WHEN $1 > 0 THEN 0 ELSE failed_logins + 1 END, "
                    "locked_until = CASE WHEN $1 > 0 THEN $1 ELSE locked_until END WHERE id = $2",
                    "ii", lock_until, user_id);
}

mc_err mc_user_login_ok(struct mc_db *db, int64_t user_id, struct mc_error *err)
{
    return mc_db_do(db, err, "UPDATE users SET failed_logins = 0 WHERE id = $1 AND failed_logins <> 0", "i", user_id);
}

mc_err mc_user_grants(struct mc_db *db, struct mc_principal *p, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT r.role, r.agency_id, a.code, a.path FROM user_roles r "
                            "JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = $1 ORDER BY r.role, a.path",
                            "i", p->user.id);
    p->ngrants = 0;
    while (!rc && row) {
        if (p->ngrants < MC_MAX_GRANTS) {
            struct mc_grant *g = &p->grants[p->ngrants++];
            copy_col(st, 0, g->role, sizeof(g->role));
            g->agency_id = mc_stmt_int(st, 1);
            copy_col(st, 2, g->agency_code, sizeof(g->agency_code));
            copy_col(st, 3, g->agency_path, sizeof(g->agency_path));
        }
        rc = mc_stmt_step(st, &row, err);
    }
    mc_stmt_reset(st);
    return rc;
}

mc_err mc_session_create(struct mc_db *db, int64_t user_id, const char *token_hash, const char *csrf, const char *ip,
                         const char *user_agent, int64_t now, int64_t *id, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen, ip, user_agent) "
                            "VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id",
                            "sisiss", token_hash, user_id, csrf, now, ip, user_agent);
    if (rc)
        return rc;
    *id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    return MC_OK;
}

/* Fills p->user from the row (USER_COLS at 0); NOT_FOUND without a row. */
static mc_err principal_from(struct mc_stmt *st, int row, struct mc_principal *p)
{
    if (!row) {
        mc_stmt_reset(st);
        return MC_ERR_NOT_FOUND;
    }
    read_user(st, &p->user);
    return MC_OK;
}

mc_err mc_session_lookup(struct mc_db *db, const char *token_hash, int64_t now, int64_t idle, int64_t absolute,
                         struct mc_principal *p, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    memset(p, 0, sizeof(*p));
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " USER_COLS ", s.id, s.csrf, s.last_seen FROM sessions s "
                            "JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL "
                            "AND s.last_seen > $2 AND s.created_at > $3 AND u.status = 'active'",
                            "sii", token_hash, now - idle, now - absolute);
    if (rc || (rc = principal_from(st, row, p)))
        return rc;
    p->session_id = mc_stmt_int(st, 11);
    copy_col(st, 12, p->csrf, sizeof(p->csrf));
    p->last_seen = mc_stmt_int(st, 13);
    mc_stmt_reset(st);
    return mc_user_grants(db, p, err);
}

mc_err mc_session_touch(struct mc_db *db, int64_t session_id, int64_t now, struct mc_error *err)
{
    return mc_db_do(db, err, "UPDATE sessions SET last_seen = $1 WHERE id = $2", "ii", now, session_id);
}

mc_err mc_session_revoke(struct mc_db *db, int64_t user_id, int64_t session_id, int64_t now, struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err,
                         "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL "
                         "AND ($3 = 0 OR id = $3)",
                         "iii", now, user_id, session_id);
    if (!rc && session_id && mc_db_changes(db) == 0)
        return MC_ERR_NOT_FOUND;
    return rc;
}

mc_err mc_token_create(struct mc_db *db, int64_t user_id, const char *token_hash, const char *name, const char *scopes,
                       int64_t expires_at, int64_t now, int64_t *id, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "INSERT INTO api_tokens (token_hash, user_id, name, scopes, created_at, expires_at) "
                            "VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0)) RETURNING id",
                            "sissii", token_hash, user_id, name, scopes, now, expires_at);
    if (rc)
        return rc;
    *id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    return MC_OK;
}

mc_err mc_token_lookup(struct mc_db *db, const char *token_hash, int64_t now, struct mc_principal *p,
                       struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    memset(p, 0, sizeof(*p));
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " USER_COLS ", t.id, t.scopes FROM api_tokens t JOIN users u ON u.id = t.user_id "
                            "WHERE t.token_hash = $1 AND t.revoked_at IS NULL "
                            "AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.status = 'active'",
                            "si", token_hash, now);
    if (rc || (rc = principal_from(st, row, p)))
        return rc;
    p->token_id = mc_stmt_int(st, 11);
    copy_col(st, 12, p->scopes, sizeof(p->scopes));
    mc_stmt_reset(st);
    return mc_user_grants(db, p, err);
}

mc_err mc_verification_create(struct mc_db *db, int64_t user_id, const char *purpose, const char *code_hash,
                              int64_t expires_at, struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err,
                         "UPDATE verifications SET used_at = 0 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
                         "is", user_id, purpose);
    if (rc)
        return rc;
    return mc_db_do(db, err,
                    "INSERT INTO verifications (user_id, purpose, code_hash, expires_at) VALUES ($1, $2, $3, $4)",
                    "issi", user_id, purpose, code_hash, expires_at);
}

mc_err mc_verification_use(struct mc_db *db, int64_t user_id, const char *purpose, const char *code_hash, int64_t now,
                           struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err,
                         "UPDATE verifications SET used_at = $1 WHERE user_id = $2 AND purpose = $3 "
                         "AND code_hash = $4 AND used_at IS NULL AND expires_at > $1",
                         "iiss", now, user_id, purpose, code_hash);
    if (!rc && mc_db_changes(db) == 0)
        return MC_ERR_NOT_FOUND;
    return rc;
}

mc_err mc_notify(struct mc_db *db, const char *channel, const char *recipient, const char *subject, const char *body,
                 struct mc_error *err)
{
    return mc_db_do(db, err,
                    "INSERT INTO notifications (channel, recipient, subject, body, created_at) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    "ssssi", channel, recipient, subject, body, mc_time_now());
}

static void audit_hash(const char *prev, int64_t id, int64_t at, const char *actor, const char *action,
                       const char *object, const char *ip, const char *details, char out[MC_SHA256_HEX])
{
    struct mc_buf b;
    mc_buf_init(&b, 0);
    mc_buf_addf(&b, "%s|%lld|%lld|%s|%s|%s|%s|", prev, (long long)id, (long long)at, actor, action, object, ip);
    mc_buf_adds(&b, details);
    mc_sha256_hex(b.buf, b.len, out);
    mc_buf_release(&b);
}

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

mc_err mc_audit_append(struct mc_db *db, int64_t actor_id, const char *actor, const char *action, const char *object,
                       const char *ip, const char *details, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    char prev[MC_SHA256_HEX] = GENESIS, hash[MC_SHA256_HEX];
    int64_t id = 1, at = mc_time_now();
    mc_err rc = mc_db_query(db, &st, &row, err, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
    if (rc)
        return rc;
    if (row) {
        id = mc_stmt_int(st, 0) + 1;
        copy_col(st, 1, prev, sizeof(prev));
    }
    mc_stmt_reset(st);
    actor = actor ? actor : "";
    object = object ? object : "";
    ip = ip ? ip : "";
    details = details ? details : "";
    audit_hash(prev, id, at, actor, action, object, ip, details, hash);
    return mc_db_do(db, err,
                    "INSERT INTO audit_log (id, at, actor_id, actor, action, object, ip, details, prev_hash, hash) "
                    "VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, $7, $8, $9, $10)",
                    "iiisssssss", id, at, actor_id, actor, action, object, ip, details, prev, hash);
}

mc_err mc_audit_verify(struct mc_db *db, int64_t *broken, int64_t *rows, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    char prev[MC_SHA256_HEX] = GENESIS, want[MC_SHA256_HEX];
    int64_t expect_id = 1;
    *broken = 0;
    *rows = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT id, at, actor, action, object, ip, details, prev_hash, hash "
                            "FROM audit_log ORDER BY id",
                            "");
    while (!rc && row && !*broken) {
        int64_t id = mc_stmt_int(st, 0);
        audit_hash(prev, id, mc_stmt_int(st, 1), mc_stmt_text(st, 2, NULL), mc_stmt_text(st, 3, NULL),
                   mc_stmt_text(st, 4, NULL), mc_stmt_text(st, 5, NULL), mc_stmt_text(st, 6, NULL), want);
        if (id != expect_id || strcmp(prev, mc_stmt_text(st, 7, NULL)) || strcmp(want, mc_stmt_text(st, 8, NULL)))
            *broken = id != expect_id && id > expect_id ? expect_id : id;
        copy_col(st, 8, prev, sizeof(prev));
        expect_id = id + 1;
        (*rows)++;
        rc = mc_stmt_step(st, &row, err);
    }
    mc_stmt_reset(st);
    return rc;
}

mc_err mc_agency_path(struct mc_db *db, int64_t agency_id, char *path, size_t cap, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err, "SELECT path FROM agencies WHERE id = $1", "i", agency_id);
    if (rc)
        return rc;
    if (row)
        copy_col(st, 0, path, cap);
    mc_stmt_reset(st);
    return row ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_agency_id_by_code(struct mc_db *db, const char *code, int64_t *id, struct mc_error *err)
{
    mc_err rc = mc_db_int(db, id, err, "SELECT id FROM agencies WHERE code = $1", "s", code);
    return rc ? rc : *id ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_agency_resolve(struct mc_db *db, const char *value, int64_t *id, char *path, size_t cap, struct mc_error *err)
{
    char *end;
    *id = strtoll(value, &end, 10);
    mc_err rc = *end || end == value ? mc_agency_id_by_code(db, value, id, err) : MC_OK;
    return rc ? rc : mc_agency_path(db, *id, path, cap, err);
}

mc_err mc_agency_insert(struct mc_db *db, const char *code, const char *name, const char *level, int64_t parent_id,
                        int64_t *id, struct mc_error *err)
{
    char parent_path[256] = "/";
    mc_err rc = parent_id ? mc_agency_path(db, parent_id, parent_path, sizeof(parent_path), err) : MC_OK;
    if (rc)
        return rc;
    struct mc_stmt *st;
    int row;
    rc = mc_db_query(db, &st, &row, err,
                     "INSERT INTO agencies (code, name, level, parent_id, created_at) "
                     "VALUES ($1, $2, $3, NULLIF($4, 0), $5) RETURNING id",
                     "sssii", code, name, level, parent_id, mc_time_now());
    if (rc)
        return rc;
    *id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    char path[300];
    snprintf(path, sizeof(path), "%s%lld/", parent_path, (long long)*id);
    return mc_db_do(db, err, "UPDATE agencies SET path = $1 WHERE id = $2", "si", path, *id);
}
