/* agencies.c - GET /api/v1/agencies (the tree) and /api/v1/agencies/{id}. */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "http/http.h"
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
