/* agencies.c - GET /api/v1/agencies (the tree) and /api/v1/agencies/{id}. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/fields.h"
#include "http/http.h"
#include "store/accounts.h"
#include "store/catalogue_store.h"
#include "store/store.h"
#include "core/banned.h"

static json_t *epoch_or_null(int64_t t)
{
    return t ? mc_json_time(t) : json_null();
}

static json_t *agency_json(const struct mc_agency_row *a)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "code", a->code, "name",
                          a->name, "level", a->level, "address", a->address, "phone", a->phone, "email", a->email,
                          "website", a->website);
    json_object_set_new(o, "parent_id", a->parent_id ? json_integer(a->parent_id) : json_null());
    json_object_set_new(o, "active_from", epoch_or_null(a->active_from));
    json_object_set_new(o, "active_to", epoch_or_null(a->active_to));
    return o;
}

/* Rows come parents first; each is hung under its parent by id. */
struct tree {
    json_t *roots, *by_id;
    int64_t n;
};

static void tree_add(void *ctx, const struct mc_agency_row *a)
{
    struct tree *t = ctx;
    char id[24], parent[24];
    json_t *o = agency_json(a);
    json_object_set_new(o, "children", json_array());
    snprintf(id, sizeof(id), "%lld", (long long)a->id);
    snprintf(parent, sizeof(parent), "%lld", (long long)a->parent_id);
    json_t *up = a->parent_id ? json_object_get(t->by_id, parent) : NULL;
    json_array_append_new(up ? json_object_get(up, "children") : t->roots, o);
    json_object_set(t->by_id, id, o);
    t->n++;
}

void mc_api_agencies_tree(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    struct tree t = {json_array(), json_object(), 0};
    mc_error_init(&e);
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = mc_agency_each(db, tree_add, &t, &e);
    json_decref(t.by_id);
    if (rc) {
        json_decref(t.roots);
        return mc_reply_error(r, &e);
    }
    mc_reply_list(r, t.roots, NULL, t.n);
}

static void one(void *ctx, const struct mc_agency_row *a)
{
    json_t **out = ctx;
    if (!*out)
        *out = agency_json(a);
}

/* GET /api/v1/agencies/{id}: by id or electronic identifier. */
void mc_api_agencies_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    json_t *o = NULL;
    mc_error_init(&e);
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = mc_agency_get(db, mc_req_param(r, "id"), one, &o, &e);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_reply_errorf(r, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
    if (rc) {
        json_decref(o);
        return mc_reply_error(r, &e);
    }
    mc_reply_json(r, 200, o);
}

/* ---- POST /api/v1/agencies, PUT /api/v1/agencies/{id} (administrators) ---- */

struct agency_op {
    struct mc_async a;
    int creating;
    int64_t id, parent_id;
    char code[32], name[300], level[40], address[500], phone[40], email[254], website[254];
    char actor[256], ip[48];
    int64_t actor_id;
};

static mc_err agency_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct agency_op *op = (struct agency_op *)a;
    mc_err rc = op->creating ? mc_agency_insert(db, op->code, op->name, op->level, op->parent_id, &op->id, err) : MC_OK;
    if (rc == MC_ERR_CONFLICT)
        return mc_error_field(err, "code", "Mã định danh này đã có", "This identifier code is already in use");
    if (!rc)
        rc = mc_db_do(db, err,
                      "UPDATE agencies SET name = $1, level = $2, address = $3, phone = $4, email = $5, website = $6 "
                      "WHERE id = $7",
                      "ssssssi", op->name, op->level, op->address, op->phone, op->email, op->website, op->id);
    if (!rc && !op->creating && mc_db_changes(db) == 0)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
    return rc ? rc
              : mc_audit_append(db, op->actor_id, op->actor, op->creating ? "agency_created" : "agency_updated",
                                op->code, op->ip, op->name, err);
}

static void agency_finish(struct mc_req *r, struct mc_async *a)
{
    struct agency_op *op = (struct agency_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)op->id);
    struct mc_db *db;
    struct mc_error e;
    mc_error_init(&e);
    json_t *out = NULL;
    if (mc_req_db(r, &db, &e) || mc_agency_get(db, id, one, &out, &e))
        return mc_reply_error(r, &e);
    mc_reply_json(r, op->creating ? 201 : 200, out);
}

static void agency_release(struct mc_async *a)
{
    mc_free(a);
}

static mc_err copy_opt(json_t *body, const char *key, size_t max, int required, char *dst, size_t cap,
                       struct mc_error *e)
{
    const char *v;
    mc_err rc = mc_field_str(body, key, max < cap ? max : cap - 1, required, &v, e);
    if (!rc && v)
        snprintf(dst, cap, "%s", v);
    return rc;
}

static mc_err read_agency(struct mc_req *r, struct agency_op *op, struct mc_error *e)
{
    static const struct {
        const char *key;
        size_t off, cap;
    } fields[] = {
        {"level", offsetof(struct agency_op, level), 40},      {"address", offsetof(struct agency_op, address), 500},
        {"phone", offsetof(struct agency_op, phone), 40},      {"email", offsetof(struct agency_op, email), 254},
        {"website", offsetof(struct agency_op, website), 254},
    };
    mc_err rc = mc_field_object(r->body, e) ? MC_OK : MC_ERR_INVALID;
    if (!rc)
        rc = copy_opt(r->body, "name", 299, 1, op->name, sizeof(op->name), e);
    for (size_t i = 0; !rc && i < sizeof(fields) / sizeof(fields[0]); i++)
        rc = copy_opt(r->body, fields[i].key, fields[i].cap - 1, 0, (char *)op + fields[i].off, fields[i].cap, e);
    return rc;
}

static void start_agency(struct mc_req *r, struct agency_op *op)
{
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = agency_write;
    op->a.finish = agency_finish;
    op->a.release = agency_release;
    mc_async_start(r, &op->a);
}

/* A new agency under parent (an administrator of the parent's subtree), or
 * a new root (a system administrator). */
void mc_api_agencies_create(struct mc_req *r)
{
    struct mc_error e;
    struct mc_db *db;
    const char *parent = NULL;
    char path[256] = "/";
    mc_error_init(&e);
    struct agency_op *op = mc_calloc(1, sizeof(*op));
    op->creating = 1;
    mc_err rc = read_agency(r, op, &e);
    if (!rc)
        rc = copy_opt(r->body, "code", 13, 1, op->code, sizeof(op->code), &e);
    if (!rc && !mc_agency_code_valid(op->code))
        rc = mc_error_field(&e, "code", "Mã định danh phải có dạng NNN.NN.NN.Xnn",
                            "The code must look like NNN.NN.NN.Xnn");
    if (!rc)
        rc = mc_field_str(r->body, "parent", 40, 0, &parent, &e);
    if (!rc)
        rc = mc_req_db(r, &db, &e);
    if (!rc && parent && mc_agency_resolve(db, parent, &op->parent_id, path, sizeof(path), &e))
        rc = mc_error_field(&e, "parent", "Không có cơ quan cấp trên này", "No such parent agency");
    if (!rc && !mc_auth_covers(r->who, "users.manage", path))
        rc = mc_error_set(&e, MC_ERR_FORBIDDEN, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này",
                          "You are not allowed to do this");
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    start_agency(r, op);
}

void mc_api_agencies_update(struct mc_req *r)
{
    struct mc_error e;
    struct mc_db *db;
    char path[256];
    mc_error_init(&e);
    struct agency_op *op = mc_calloc(1, sizeof(*op));
    mc_err rc = read_agency(r, op, &e);
    if (!rc)
        rc = mc_req_db(r, &db, &e);
    if (!rc && mc_agency_resolve(db, mc_req_param(r, "id"), &op->id, path, sizeof(path), &e))
        rc = mc_error_set(&e, MC_ERR_NOT_FOUND, 404, "agency_not_found", "Không có cơ quan này", "No such agency");
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    snprintf(op->code, sizeof(op->code), "%s", mc_req_param(r, "id"));
    start_agency(r, op);
}
