/* users.c - /api/v1/users and /api/v1/tokens (administrators). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "core/crypto.h"
#include "core/time.h"
#include "domain/access.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/fields.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/store.h"
#include "core/banned.h"

/* GET /api/v1/users?agency=ID: staff of the agency subtree (default: every
 * agency the caller administers), with their roles. */
void mc_api_users_list(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    mc_error_init(&e);
    const char *agency = mc_req_query(r, "agency");
    char path[256] = "/";
    if (mc_req_db(r, &db, &e))
        return mc_reply_error(r, &e);
    int64_t agency_id;
    if (agency && mc_agency_resolve(db, agency, &agency_id, path, sizeof(path), &e))
        return mc_reply_errorf(r, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
    if (mc_db_query(db, &st, &row, &e,
                    "SELECT u.id, u.login, u.full_name, u.status, r.role, a.id, a.code, a.path FROM users u "
                    "JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = r.agency_id "
                    "WHERE a.path LIKE $1 || '%' ORDER BY u.id, r.role LIMIT 5000",
                    "s", path))
        return mc_reply_error(r, &e);
    json_t *items = json_array(), *cur = NULL;
    int64_t cur_id = 0;
    while (row) {
        if (mc_auth_covers(r->who, "users.read", mc_stmt_text(st, 7, NULL))) {
            if (mc_stmt_int(st, 0) != cur_id) {
                cur_id = mc_stmt_int(st, 0);
                cur = json_pack("{s:I, s:s, s:s, s:s, s:[]}", "id", (json_int_t)cur_id, "login",
                                mc_stmt_text(st, 1, NULL), "full_name", mc_stmt_text(st, 2, NULL), "status",
                                mc_stmt_text(st, 3, NULL), "roles");
                json_array_append_new(items, cur);
            }
            json_array_append_new(json_object_get(cur, "roles"),
                                  json_pack("{s:s, s:I, s:s}", "role", mc_stmt_text(st, 4, NULL), "agency_id",
                                            (json_int_t)mc_stmt_int(st, 5), "agency_code", mc_stmt_text(st, 6, NULL)));
        }
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}

struct staff_op {
    struct mc_async a;
    struct mc_user user;
    char password[160], roles[8][24], actor[256], ip[48];
    int nroles;
    int64_t agency_id, actor_id, ops, mem_kib;
};

static void staff_hash(struct mc_async *a)
{
    struct staff_op *op = (struct staff_op *)a;
    if (mc_password_hash(op->password, (unsigned long long)op->ops, (size_t)op->mem_kib, op->user.password_hash))
        a->rc = mc_error_set(&a->err, MC_ERR_NOMEM, 503, "server_busy", "Máy chủ đang bận", "The server is busy");
    memset(op->password, 0, sizeof(op->password));
}

static mc_err staff_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct staff_op *op = (struct staff_op *)a;
    mc_err rc = mc_user_create(db, &op->user, err);
    for (int i = 0; !rc && i < op->nroles; i++)
        rc = mc_user_add_role(db, op->user.id, op->roles[i], op->agency_id, err);
    char details[256];
    snprintf(details, sizeof(details), "agency=%lld roles=%d", (long long)op->agency_id, op->nroles);
    return rc ? rc : mc_audit_append(db, op->actor_id, op->actor, "user_created", op->user.login, op->ip, details, err);
}

static void staff_finish(struct mc_req *r, struct mc_async *a)
{
    struct staff_op *op = (struct staff_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    json_t *o = mc_api_user_json(&op->user), *roles = json_array();
    for (int i = 0; i < op->nroles; i++)
        json_array_append_new(roles,
                              json_pack("{s:s, s:I}", "role", op->roles[i], "agency_id", (json_int_t)op->agency_id));
    json_object_set_new(o, "roles", roles);
    mc_reply_json(r, 201, o);
}

static void free_op(struct mc_async *a)
{
    mc_free(a);
}

static int read_roles(json_t *body, struct staff_op *op, struct mc_error *e)
{
    json_t *roles = json_object_get(body, "roles"), *v;
    size_t i;
    if (!json_is_array(roles) || json_array_size(roles) == 0 || json_array_size(roles) > 8) {
        mc_error_field(e, "roles", "Cần từ 1 đến 8 vai trò", "Give 1 to 8 roles");
        return 0;
    }
    json_array_foreach(roles, i, v)
    {
        const char *role = json_string_value(v);
        if (!role || !mc_role_is_staff(role)) {
            mc_error_field(e, "roles", "Vai trò không hợp lệ", "Unknown staff role");
            return 0;
        }
        snprintf(op->roles[op->nroles++], sizeof(op->roles[0]), "%s", role);
    }
    return 1;
}

/* POST /api/v1/users {login, full_name, password, agency_id, roles, email?, phone?} */
void mc_api_users_create(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *name, *password, *email, *phone;
    mc_error_init(&e);
    struct staff_op *op = mc_calloc(1, sizeof(*op));
    if (!mc_field_object(r->body, &e) || mc_field_str(r->body, "login", 64, 1, &login, &e) ||
        mc_field_str(r->body, "full_name", 200, 1, &name, &e) ||
        mc_field_str(r->body, "password", 128, 1, &password, &e) ||
        mc_field_str(r->body, "email", 254, 0, &email, &e) || mc_field_str(r->body, "phone", 20, 0, &phone, &e) ||
        mc_field_int(r->body, "agency_id", 1, INT64_MAX, 1, &op->agency_id, &e) || !read_roles(r->body, op, &e) ||
        mc_password_check(password, login, &e)) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    for (const char *p = login; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-')) {
            mc_free(op);
            mc_error_field(&e, "login", "Tên đăng nhập chỉ gồm chữ thường, số, dấu chấm, gạch",
                           "A staff login uses lower-case letters, digits, '.', '_' and '-'");
            return mc_reply_error(r, &e);
        }
    snprintf(op->user.kind, sizeof(op->user.kind), "staff");
    snprintf(op->user.login, sizeof(op->user.login), "%s", login);
    snprintf(op->user.full_name, sizeof(op->user.full_name), "%s", name);
    snprintf(op->user.email, sizeof(op->user.email), "%s", email ? email : "");
    snprintf(op->user.phone, sizeof(op->user.phone), "%s", phone ? phone : "");
    snprintf(op->user.status, sizeof(op->user.status), "active");
    snprintf(op->password, sizeof(op->password), "%s", password);
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->ops = r->server->cfg->pwhash_ops;
    op->mem_kib = r->server->cfg->pwhash_mem;
    op->a.work = staff_hash;
    op->a.write = staff_write;
    op->a.finish = staff_finish;
    op->a.release = free_op;
    mc_async_start(r, &op->a);
}

struct token_op {
    struct mc_async a;
    char login[256], name[128], scopes[512], token[MC_TOKEN_LEN], actor[256], ip[48];
    int64_t expires_at, id, actor_id;
};

static mc_err token_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct token_op *op = (struct token_op *)a;
    struct mc_user u;
    char hash[MC_SHA256_HEX];
    mc_err rc = mc_user_by_login(db, op->login, &u, err);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_field(err, "login", "Không có tài khoản này", "No such account");
    if (rc)
        return rc;
    mc_random_token(op->token);
    mc_sha256_hex(op->token, strlen(op->token), hash);
    rc = mc_token_create(db, u.id, hash, op->name, op->scopes, op->expires_at, mc_time_now(), &op->id, err);
    return rc ? rc : mc_audit_append(db, op->actor_id, op->actor, "token_created", op->login, op->ip, op->scopes, err);
}

static void token_finish(struct mc_req *r, struct mc_async *a)
{
    struct token_op *op = (struct token_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_reply_json(r, 201,
                  json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)op->id, "token", op->token, "login",
                            op->login, "scopes", op->scopes, "expires_at", mc_json_time(op->expires_at)));
}

/* POST /api/v1/tokens {login, name, scopes: [...], expires_days?}: the
 * token is shown once; only its hash is kept. */
void mc_api_tokens_create(struct mc_req *r)
{
    struct mc_error e;
    const char *login, *name;
    int64_t days = 0;
    mc_error_init(&e);
    struct token_op *op = mc_calloc(1, sizeof(*op));
    json_t *scopes = json_object_get(r->body, "scopes"), *v;
    size_t i;
    if (!mc_field_object(r->body, &e) || mc_field_str(r->body, "login", 254, 1, &login, &e) ||
        mc_field_str(r->body, "name", 100, 0, &name, &e) ||
        mc_field_int(r->body, "expires_days", 1, 3650, 0, &days, &e)) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    if (!json_is_array(scopes) || !json_array_size(scopes)) {
        mc_free(op);
        mc_error_field(&e, "scopes", "Cần ít nhất một quyền", "Give at least one scope");
        return mc_reply_error(r, &e);
    }
    json_array_foreach(scopes, i, v)
    {
        const char *s = json_string_value(v);
        size_t n = strlen(op->scopes);
        if (!s || !mc_perm_valid(s) || n + strlen(s) + 2 > sizeof(op->scopes)) {
            mc_free(op);
            mc_error_field(&e, "scopes", "Quyền không hợp lệ", "Unknown scope");
            return mc_reply_error(r, &e);
        }
        snprintf(op->scopes + n, sizeof(op->scopes) - n, "%s%s", n ? " " : "", s);
    }
    snprintf(op->login, sizeof(op->login), "%s", login);
    snprintf(op->name, sizeof(op->name), "%s", name ? name : "");
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->expires_at = days ? mc_time_now() + days * 86400 : 0;
    op->a.write = token_write;
    op->a.finish = token_finish;
    op->a.release = free_op;
    mc_async_start(r, &op->a);
}
