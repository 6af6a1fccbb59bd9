/* files.c - files of a dossier (issue 6): uploads of components and
 * results as multipart/form-data, the list of a dossier's files, and the
 * bytes of a file by its SHA-256 for callers who may read a dossier that
 * holds it.
 *
 * An upload is parsed and checked on the event loop (who, status, fields,
 * sizes), hashed, sniffed with libmagic and stored durably on a worker, and
 * recorded with its outbox event by the writer; the 201 goes out after the
 * commit, so an acknowledged file is on disk and in the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "core/crypto.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/workflow.h"
#include "http/async.h"
#include "http/http.h"
#include "http/multipart.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/dossier_store.h"
#include "store/files.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_HOLDERS 32 /* dossiers looked at when authorising a download */

static json_t *file_json(const struct mc_file_row *f, int64_t uploaded_at)
{
    char url[96];
    snprintf(url, sizeof(url), "/api/v1/files/%s", f->sha256);
    json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "sha256", f->sha256, "size", (json_int_t)f->size, "mime",
                          f->mime, "name", f->name, "kind", f->kind, "url", url);
    json_object_set_new(o, "component", f->component >= 0 ? json_integer(f->component) : json_null());
    json_object_set_new(o, "uploaded_at", mc_json_time(uploaded_at));
    return o;
}

/* Whether p may add files of kind to d now: components by the applicant
 * while the dossier awaits submission or a supplement (1, 5) and by the
 * desk before delivery; results by the desk, specialists and leaders while
 * it is processed or resolved (4, 9). 403 for anyone else, 409 files_locked
 * in another status. */
static mc_err may_upload(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d, const char *kind,
                         struct mc_error *e)
{
    unsigned m = mc_api_dossier_actors(db, p, d);
    int st = (int)d->status, result = !strcmp(kind, "result");
    unsigned roles = result ? (MC_BY_DESK | MC_BY_SPECIALIST | MC_BY_LEADER) : (MC_BY_APPLICANT | MC_BY_DESK);
    int open = result ? (st == MC_ST_PROCESSING || st == MC_ST_RESOLVED)
                      : ((m & MC_BY_DESK) && st < MC_ST_DELIVERED) ||
                            ((m & MC_BY_APPLICANT) && (st == MC_ST_SUBMITTED || st == MC_ST_SUPPLEMENT));
    if (!(m & roles))
        return mc_error_set(e, MC_ERR_FORBIDDEN, 403, "forbidden", "Bạn không được gửi loại tệp này cho hồ sơ",
                            "You may not add files of this kind to the dossier");
    if (open)
        return MC_OK;
    mc_error_setf(e, MC_ERR_CONFLICT, 409, "files_locked", "Hồ sơ ở trạng thái %d không nhận thêm tệp",
                  "The dossier takes no more files in status %d", st);
    mc_error_detail_int(e, "status", st);
    return MC_ERR_CONFLICT;
}

/* ---- POST /api/v1/dossiers/{code}/files ---- */

struct upload_file {
    struct mc_file_row row;
    char declared[MC_FILES_MAX_MIME]; /* the part's Content-Type */
    char *data;                       /* heap copy of the part's bytes */
    size_t len;
};

struct upload_op {
    struct mc_async a;
    struct mc_principal who;
    const struct mc_config *cfg;
    char code[48];
    const char *kind;
    int component, nfiles;
    int64_t uploaded_at;
    struct mc_dossier d;
    struct upload_file files[MC_MP_MAX_PARTS];
};

static mc_err form_int(struct mc_mp_view v, int max, int *out, struct mc_error *e)
{
    char buf[8];
    char *end;
    if (!v.len || v.len >= sizeof(buf))
        return mc_error_field(e, "component", "Thành phần hồ sơ không hợp lệ", "Invalid component");
    memcpy(buf, v.ptr, v.len);
    buf[v.len] = '\0';
    long x = strtol(buf, &end, 10);
    if (*end || x < 0 || x >= max)
        return mc_error_field(e, "component", "Không có thành phần hồ sơ này", "No such component in the dossier");
    *out = (int)x;
    return MC_OK;
}

static mc_err add_file(struct upload_op *op, const struct mc_mp_part *p, int idx, int64_t max, struct mc_error *e)
{
    if (!p->has_filename)
        return mc_error_field(e, "file", "Trường file phải là một tệp", "The file field must be a file");
    if (!p->data.len)
        return mc_error_field(e, "file", "Tệp rỗng", "The file is empty");
    if ((int64_t)p->data.len > max) {
        mc_error_setf(e, MC_ERR_TOO_LARGE, 413, "file_too_large", "Tệp vượt quá %lld byte",
                      "The file exceeds %lld bytes", (long long)max);
        mc_error_detail_int(e, "max_bytes", max);
        mc_error_detail_int(e, "part", idx);
        return MC_ERR_TOO_LARGE;
    }
    struct upload_file *f = &op->files[op->nfiles++];
    mc_files_display_name(p->filename.ptr, p->filename.len, f->row.name);
    snprintf(f->declared, sizeof(f->declared), "%.*s", (int)p->content_type.len, p->content_type.ptr);
    f->len = p->data.len;
    return MC_OK;
}

/* The form: "component" (optional position), "kind" (component | result),
 * one or more "file" parts. */
static mc_err read_form(const struct mc_multipart *mp, const struct mc_dossier *d, struct upload_op *op,
                        int64_t max_file, struct mc_error *e)
{
    mc_err rc = MC_OK;
    op->kind = "component";
    op->component = -1;
    for (int i = 0; !rc && i < mp->nparts; i++) {
        const struct mc_mp_part *p = &mp->parts[i];
        if (mc_mp_view_is(p->name, "file"))
            rc = add_file(op, p, i, max_file, e);
        else if (mc_mp_view_is(p->name, "component") && op->component < 0 && !p->has_filename)
            rc = form_int(p->data, d->ncomponents, &op->component, e);
        else if (mc_mp_view_is(p->name, "kind") &&
                 (mc_mp_view_is(p->data, "component") || mc_mp_view_is(p->data, "result")))
            op->kind = mc_mp_view_is(p->data, "result") ? "result" : "component";
        else
            rc = mc_error_field(e, mc_mp_view_is(p->name, "kind") ? "kind" : "form",
                                "Trường không hợp lệ (component, kind, file)", "Invalid field (component, kind, file)");
    }
    if (!rc && !op->nfiles)
        rc = mc_error_field(e, "file", "Chưa có tệp nào", "No file was sent");
    return rc;
}

/* Copies the bytes of the file parts to the heap: the request's memory may
 * go before the work is done. */
static void copy_files(struct upload_op *op, const struct mc_multipart *mp)
{
    int n = 0;
    for (int i = 0; i < mp->nparts; i++) {
        if (!mc_mp_view_is(mp->parts[i].name, "file"))
            continue;
        struct upload_file *f = &op->files[n++];
        f->data = mc_malloc(f->len);
        memcpy(f->data, mp->parts[i].data.ptr, f->len);
        f->row.size = (int64_t)f->len;
        f->row.component = op->component;
        f->row.kind = op->kind;
    }
}

/* Worker: hash and sniff every file, refuse the batch on a bad type, then
 * store each durably (before the database row commits). */
static void upload_work(struct mc_async *a)
{
    struct upload_op *op = (struct upload_op *)a;
    for (int i = 0; !a->rc && i < op->nfiles; i++) {
        struct upload_file *f = &op->files[i];
        mc_sha256_hex(f->data, f->len, f->row.sha256);
        a->rc = mc_files_sniff(f->data, f->len, f->row.mime, &a->err);
        if (!a->rc)
            a->rc = mc_files_check_type(op->cfg->file_types, f->declared, strlen(f->declared), f->row.mime, &a->err);
        if (a->rc)
            mc_error_detail_str(&a->err, "name", f->row.name);
    }
    for (int i = 0; !a->rc && i < op->nfiles; i++)
        a->rc =
            mc_files_put(op->cfg->files, op->files[i].row.sha256, op->files[i].data, op->files[i].len, NULL, &a->err);
}

static mc_err file_event(struct mc_db *db, const struct upload_op *op, const struct mc_file_row *f,
                         struct mc_error *err)
{
    json_t *o = file_json(f, op->uploaded_at);
    json_object_del(o, "url");
    json_object_set_new(o, "uploaded_by", json_integer(op->who.user.id));
    char *payload = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    mc_err rc = mc_event_append(db, "dossier.file_added", op->code, payload, err);
    free(payload);
    return rc;
}

static mc_err upload_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct upload_op *op = (struct upload_op *)a;
    mc_err rc = mc_dossier_load(db, op->code, &op->d, err);
    if (rc == MC_ERR_NOT_FOUND || (!rc && !mc_api_dossier_may_read(db, &op->who, &op->d)))
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "dossier_not_found", "Không tìm thấy hồ sơ", "No such dossier");
    if (!rc)
        rc = may_upload(db, &op->who, &op->d, op->kind, err);
    op->uploaded_at = mc_time_now();
    for (int i = 0; !rc && i < op->nfiles; i++) {
        rc = mc_files_record(db, op->d.id, &op->files[i].row, op->who.user.id, err);
        if (!rc)
            rc = file_event(db, op, &op->files[i].row, err);
    }
    return rc;
}

static void upload_finish(struct mc_req *r, struct mc_async *a)
{
    struct upload_op *op = (struct upload_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    json_t *items = json_array();
    for (int i = 0; i < op->nfiles; i++)
        json_array_append_new(items, file_json(&op->files[i].row, op->uploaded_at));
    mc_reply_json(r, 201, json_pack("{s:o}", "items", items));
}

static void upload_release(struct mc_async *a)
{
    struct upload_op *op = (struct upload_op *)a;
    for (int i = 0; i < op->nfiles; i++)
        mc_free(op->files[i].data);
    mc_free(op);
}

static mc_err parse_body(struct mc_req *r, struct mc_multipart *mp, struct mc_error *e)
{
    const char *ct = mc_req_header(r, H2O_TOKEN_CONTENT_TYPE);
    h2o_iovec_t body = r->h2o->entity;
    if (!ct)
        ct = "";
    return mc_multipart_parse(ct, strlen(ct), body.base ? body.base : "", body.len, mp, e);
}

void mc_api_files_upload(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    struct mc_multipart *mp = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*mp));
    memset(d, 0, sizeof(*d));
    mc_error_init(&e);
    if (!mc_api_dossier_readable(r, &db, d))
        return;
    struct upload_op *op = mc_calloc(1, sizeof(*op));
    mc_err rc = parse_body(r, mp, &e);
    if (!rc)
        rc = read_form(mp, d, op, r->server->cfg->max_file, &e);
    if (!rc)
        rc = may_upload(db, r->who, d, op->kind, &e);
    if (rc) {
        mc_free(op);
        return mc_reply_error(r, &e);
    }
    copy_files(op, mp);
    snprintf(op->code, sizeof(op->code), "%s", d->code);
    op->who = *r->who;
    op->cfg = r->server->cfg;
    op->a.work = upload_work;
    op->a.write = upload_write;
    op->a.finish = upload_finish;
    op->a.release = upload_release;
    mc_async_start(r, &op->a);
}

/* ---- GET /api/v1/dossiers/{code}/files ---- */

void mc_api_files_list(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_stmt *st;
    struct mc_error e;
    int row;
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    memset(d, 0, sizeof(*d));
    mc_error_init(&e);
    if (!mc_api_dossier_readable(r, &db, d))
        return;
    if (mc_db_query(db, &st, &row, &e,
                    "SELECT f.sha256, x.size, x.mime, f.name, COALESCE(f.component, -1), f.kind, f.uploaded_at "
                    "FROM dossier_files f JOIN files x ON x.sha256 = f.sha256 WHERE f.dossier_id = $1 ORDER BY f.id",
                    "i", d->id))
        return mc_reply_error(r, &e);
    json_t *items = json_array();
    while (row) {
        struct mc_file_row f = {.size = mc_stmt_int(st, 1), .component = (int)mc_stmt_int(st, 4)};
        snprintf(f.sha256, sizeof(f.sha256), "%s", mc_stmt_text(st, 0, NULL));
        snprintf(f.mime, sizeof(f.mime), "%s", mc_stmt_text(st, 2, NULL));
        snprintf(f.name, sizeof(f.name), "%s", mc_stmt_text(st, 3, NULL));
        f.kind = !strcmp(mc_stmt_text(st, 5, NULL), "result") ? "result" : "component";
        json_array_append_new(items, file_json(&f, mc_stmt_int(st, 6)));
        if (mc_stmt_step(st, &row, &e))
            break;
    }
    mc_stmt_reset(st);
    mc_reply_list(r, items, NULL, (int64_t)json_array_size(items));
}

/* ---- GET /api/v1/files/{sha256} ---- */

struct holder {
    char code[48];
    char name[MC_FILES_MAX_NAME + 1];
};

struct download_op {
    struct mc_async a;
    const struct mc_config *cfg;
    struct mc_file_row f;
    char *data;
    size_t len;
};

static void reply_no_file(struct mc_req *r)
{
    mc_reply_errorf(r, 404, "file_not_found", "Không tìm thấy tệp", "No such file");
}

/* The dossiers holding sha (up to MAX_HOLDERS), into h; the file's size and
 * type into f. */
static mc_err holders_of(struct mc_db *db, const char *sha, struct holder *h, int *n, struct mc_file_row *f,
                         struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, e,
                            "SELECT d.code, f.name, x.size, x.mime FROM dossier_files f "
                            "JOIN dossiers d ON d.id = f.dossier_id JOIN files x ON x.sha256 = f.sha256 "
                            "WHERE f.sha256 = $1 ORDER BY f.id LIMIT $2",
                            "si", sha, (int64_t)MAX_HOLDERS);
    while (!rc && row) {
        snprintf(h[*n].code, sizeof(h[*n].code), "%s", mc_stmt_text(st, 0, NULL));
        snprintf(h[*n].name, sizeof(h[*n].name), "%s", mc_stmt_text(st, 1, NULL));
        f->size = mc_stmt_int(st, 2);
        snprintf(f->mime, sizeof(f->mime), "%s", mc_stmt_text(st, 3, NULL));
        (*n)++;
        rc = mc_stmt_step(st, &row, e);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

/* The display name of the first dossier holding the file that the caller
 * may read, or NULL. */
static const char *readable_holder(struct mc_req *r, struct mc_db *db, const struct holder *h, int n)
{
    struct mc_dossier *d = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*d));
    for (int i = 0; i < n; i++)
        if (!mc_dossier_load(db, h[i].code, d, NULL) && mc_api_dossier_may_read(db, r->who, d))
            return h[i].name;
    return NULL;
}

/* Content-Disposition: inline; filename*=UTF-8''<percent-encoded name>
 * (RFC 6266, RFC 8187 attr-chars kept). */
static const char *disposition(struct mc_req *r, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    char *out = h2o_mem_alloc_pool(&r->h2o->pool, 32 + n * 3);
    size_t k = (size_t)snprintf(out, 32, "inline; filename*=UTF-8''");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c)) {
            out[k++] = (char)c;
        } else {
            out[k++] = '%';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        }
    }
    out[k] = '\0';
    return out;
}

static void download_work(struct mc_async *a)
{
    struct download_op *op = (struct download_op *)a;
    a->rc = mc_files_read(op->cfg->files, op->f.sha256, (size_t)op->f.size, &op->data, &op->len, &a->err);
}

static void download_finish(struct mc_req *r, struct mc_async *a)
{
    struct download_op *op = (struct download_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    mc_reply_bytes(r, 200, op->f.mime, op->data, op->len);
}

static void download_release(struct mc_async *a)
{
    struct download_op *op = (struct download_op *)a;
    mc_free(op->data);
    mc_free(op);
}

void mc_api_files_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    struct mc_file_row f = {0};
    struct holder *h = h2o_mem_alloc_pool(&r->h2o->pool, sizeof(*h) * MAX_HOLDERS);
    int n = 0;
    const char *sha = mc_req_param(r, "sha256"), *name;
    mc_error_init(&e);
    if (!mc_files_is_sha256(sha))
        return reply_no_file(r);
    if (mc_req_db(r, &db, &e) || holders_of(db, sha, h, &n, &f, &e))
        return mc_reply_error(r, &e);
    name = readable_holder(r, db, h, n);
    if (!name)
        return reply_no_file(r);
    char etag[MC_FILES_SHA_LEN + 3];
    snprintf(etag, sizeof(etag), "\"%s\"", sha);
    mc_reply_header(r, H2O_TOKEN_ETAG, etag);
    mc_reply_header(r, H2O_TOKEN_CACHE_CONTROL, "private, max-age=31536000, immutable");
    h2o_add_header_by_str(&r->h2o->pool, &r->h2o->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
                          H2O_STRLIT("nosniff"));
    mc_reply_header(r, H2O_TOKEN_CONTENT_DISPOSITION, disposition(r, name));
    const char *inm = mc_req_header(r, H2O_TOKEN_IF_NONE_MATCH);
    if (inm && strstr(inm, etag))
        return mc_reply_bytes(r, 304, f.mime, "", 0);
    struct download_op *op = mc_calloc(1, sizeof(*op));
    op->f = f;
    snprintf(op->f.sha256, sizeof(op->f.sha256), "%s", sha);
    op->cfg = r->server->cfg;
    op->a.work = download_work;
    op->a.finish = download_finish;
    op->a.release = download_release;
    mc_async_start(r, &op->a);
}
