/* slips.c - GET /api/v1/dossiers/{code}/slips/{kind}.pdf and
 * GET /api/v1/registers/dossiers.pdf (issue 7). What a slip prints is read
 * from the database on the event loop (small reads); the PDF is drawn on the
 * worker pool (mc_async work step) so a slow or hostile document never holds
 * up other requests. docs/internals/slips.md. */
#include "api/slips.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/time.h"
#include "http/async.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/server.h"
#include "render/font.h"
#include "render/slip.h"
#include "render/templates.h"
#include "store/accounts.h"
#include "store/catalogue_store.h"
#include "store/store.h"
#include "core/banned.h"

mc_err mc_api_slips_open(struct mc_server *s, struct mc_error *err)
{
    struct mc_error e;
    if (!mc_slip_rules_known(s->cfg->slip_rules))
        return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_setting",
                             "slip-rules \"%s\" không có: dùng 03/2025 hoặc 01/2018",
                             "slip-rules \"%s\" is unknown: use 03/2025 or 01/2018", s->cfg->slip_rules);
    mc_error_init(&e);
    s->fonts = mc_calloc(1, sizeof(*s->fonts));
    if (mc_fonts_open(s->fonts, s->cfg->slip_font, s->cfg->slip_font_bold, &e)) {
        mc_log(MC_LOG_WARN, "slips disabled: %s", e.message_en);
        mc_free(s->fonts);
        s->fonts = NULL;
    }
    return MC_OK;
}

void mc_api_slips_close(struct mc_server *s)
{
    if (s->fonts)
        mc_fonts_release(s->fonts);
    mc_free(s->fonts);
    s->fonts = NULL;
}

/* ---- rendering off the event loop ---- */

struct slip_op {
    struct mc_async a;
    const struct mc_fonts *fonts;
    struct mc_slip_input in;
    struct mc_buf pdf;
    char kind[32], filename[96];
};

static void slip_work(struct mc_async *a)
{
    struct slip_op *op = (struct slip_op *)a;
    a->rc = mc_slip_render(op->fonts, &op->in, &op->pdf, NULL, &a->err);
}

static void slip_finish(struct mc_req *r, struct mc_async *a)
{
    struct slip_op *op = (struct slip_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    size_t cap = strlen(op->filename) + 32;
    char *cd = h2o_mem_alloc_pool(&r->h2o->pool, cap);
    snprintf(cd, cap, "inline; filename=\"%s\"", op->filename);
    mc_reply_header(r, H2O_TOKEN_CONTENT_DISPOSITION, cd);
    mc_reply_header(r, H2O_TOKEN_CACHE_CONTROL, "private, no-store");
    mc_reply_bytes(r, 200, "application/pdf", op->pdf.buf, op->pdf.len);
}

static void slip_release(struct mc_async *a)
{
    struct slip_op *op = (struct slip_op *)a;
    mc_slip_input_release(&op->in);
    mc_buf_release(&op->pdf);
    mc_free(op);
}

static struct slip_op *slip_op_new(struct mc_req *r, const char *kind)
{
    struct slip_op *op = mc_calloc(1, sizeof(*op));
    op->fonts = r->server->fonts;
    snprintf(op->kind, sizeof(op->kind), "%s", kind);
    mc_slip_input_init(&op->in);
    op->in.rules = r->server->cfg->slip_rules;
    op->in.kind = op->kind;
    op->in.now = mc_time_now();
    snprintf(op->in.public_url, sizeof(op->in.public_url), "%s", r->server->cfg->public_url);
    mc_buf_init(&op->pdf, 0);
    op->a.work = slip_work;
    op->a.finish = slip_finish;
    op->a.release = slip_release;
    return op;
}

static int fonts_ready(struct mc_req *r)
{
    if (r->server->fonts)
        return 1;
    mc_reply_errorf(r, 503, "render_unavailable", "Chưa cài phông chữ để in phiếu (xem slip-font)",
                    "The slip fonts are not installed (see slip-font)");
    return 0;
}

/* ---- what a slip prints ---- */

/* The place before the date: the province of the root agency ("Ủy ban nhân
 * dân tỉnh Thanh Hóa" -> "Thanh Hóa"). */
static void place_of(const char *root, char *out, size_t cap)
{
    const char *marks[] = {"thành phố ", "tỉnh ", "Thành phố ", "Tỉnh "}, *best = NULL;
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        const char *s = strstr(root, marks[i]);
        if (s && (!best || s > best))
            best = s + strlen(marks[i]);
    }
    snprintf(out, cap, "%s", best ? best : root);
}

/* Names of agency id and its parent, and the place from its root. */
static mc_err agency_names(struct mc_db *db, int64_t id, char *name, char *parent, size_t cap, char *place,
                           size_t place_cap, struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, e,
                            "SELECT a.name, COALESCE(p.name, ''), COALESCE(r.name, a.name) FROM agencies a "
                            "LEFT JOIN agencies p ON p.id = a.parent_id "
                            "LEFT JOIN agencies r ON r.parent_id IS NULL AND a.path LIKE r.path || '%' "
                            "WHERE a.id = $1",
                            "i", id);
    if (rc)
        return rc;
    if (row) {
        snprintf(name, cap, "%s", mc_stmt_text(st, 0, NULL));
        if (parent)
            snprintf(parent, cap, "%s", mc_stmt_text(st, 1, NULL));
        if (place)
            place_of(mc_stmt_text(st, 2, NULL), place, place_cap);
    }
    mc_stmt_reset(st);
    return MC_OK;
}

static mc_err load_history(struct mc_db *db, struct mc_slip_input *in, struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, e,
                            "SELECT h.at, COALESCE(h.due_at, 0), h.from_status, h.to_status, h.action, h.timeliness, "
                            "h.actor, COALESCE(a.name, ''), h.comment FROM dossier_history h "
                            "LEFT JOIN agencies a ON a.id = h.agency_id WHERE h.dossier_id = $1 ORDER BY h.id LIMIT $2",
                            "ii", in->d.id, (int64_t)MC_SLIP_MAX_EVENTS);
    while (!rc && row) {
        struct mc_slip_event ev = {.at = mc_stmt_int(st, 0),
                                   .due_at = mc_stmt_int(st, 1),
                                   .from = (int)mc_stmt_int(st, 2),
                                   .to = (int)mc_stmt_int(st, 3)};
        snprintf(ev.action, sizeof(ev.action), "%s", mc_stmt_text(st, 4, NULL));
        snprintf(ev.timeliness, sizeof(ev.timeliness), "%s", mc_stmt_text(st, 5, NULL));
        mc_slip_input_event(in, &ev, mc_stmt_text(st, 6, NULL), mc_stmt_text(st, 7, NULL), mc_stmt_text(st, 8, NULL));
        rc = mc_stmt_step(st, &row, e);
    }
    mc_stmt_reset(st);
    return rc;
}

/* The fee line of the receipt from the procedure's channel fee. */
static void fee_of(struct mc_db *db, const struct mc_dossier *d, char *out, size_t cap)
{
    struct mc_cat_version v;
    struct mc_error e;
    json_t *ch;
    size_t i;
    memset(&v, 0, sizeof(v));
    mc_error_init(&e);
    snprintf(out, cap, "Không thu phí");
    if (mc_catalogue_get(db, d->procedure_code, NULL, &v, &e)) {
        mc_cat_version_release(&v);
        return;
    }
    json_t *doc = json_loads(v.doc ? v.doc : "{}", 0, NULL);
    json_array_foreach(json_object_get(doc, "channels"), i, ch)
    {
        json_int_t vnd = json_integer_value(json_object_get(ch, "fee_vnd"));
        const char *text = json_string_value(json_object_get(ch, "fee_text"));
        if (json_integer_value(json_object_get(ch, "channel")) != d->channel)
            continue;
        if (vnd > 0)
            snprintf(out, cap, "%lld đồng", (long long)vnd);
        else if (text && *text)
            snprintf(out, cap, "%s", text);
    }
    json_decref(doc);
    mc_cat_version_release(&v);
}

/* Slips the applicant may fetch: those addressed to them (not the
 * internal control sheet). */
static int for_applicant(const char *kind)
{
    return strcmp(kind, "control_sheet") != 0;
}

/* "receipt.pdf" -> "receipt"; 0 when the name is not a known slip. */
static int slip_kind(const char *param, char *kind, size_t cap)
{
    size_t n = param ? strlen(param) : 0;
    if (n < 5 || n - 4 >= cap || strcmp(param + n - 4, ".pdf"))
        return 0;
    memcpy(kind, param, n - 4);
    kind[n - 4] = '\0';
    return mc_slip_kind_known(kind);
}

void mc_api_slips_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    char kind[32];
    mc_error_init(&e);
    if (!slip_kind(mc_req_param(r, "kind"), kind, sizeof(kind)))
        return mc_reply_errorf(r, 404, "slip_unknown", "Không có loại phiếu này", "No such slip");
    if (!fonts_ready(r))
        return;
    struct slip_op *op = slip_op_new(r, kind);
    struct mc_slip_input *in = &op->in;
    if (!mc_api_dossier_load_readable(r, &db, &in->d))
        return slip_release(&op->a);
    int staff = mc_auth_covers(r->who, "dossier.read", NULL);
    if (!staff && !for_applicant(kind)) {
        slip_release(&op->a);
        return mc_reply_errorf(r, 403, "forbidden", "Phiếu này chỉ dành cho cán bộ", "This slip is for officers only");
    }
    mc_err rc =
        agency_names(db, in->d.agency_id, in->agency, in->parent, sizeof(in->agency), in->place, sizeof(in->place), &e);
    if (!rc && in->d.processing_agency_id)
        rc = agency_names(db, in->d.processing_agency_id, in->processing_agency, NULL, sizeof(in->processing_agency),
                          NULL, 0, &e);
    if (!rc)
        rc = load_history(db, in, &e);
    if (rc) {
        slip_release(&op->a);
        return mc_reply_error(r, &e);
    }
    fee_of(db, &in->d, in->fee, sizeof(in->fee));
    snprintf(op->filename, sizeof(op->filename), "%s-%s.pdf", kind, in->d.code);
    mc_async_start(r, &op->a);
}

/* ---- GET /api/v1/registers/dossiers.pdf?agency=&from=&to= ---- */

static mc_err read_period(struct mc_req *r, int64_t *from, int64_t *to, struct mc_error *e)
{
    const char *f = mc_req_query(r, "from"), *t = mc_req_query(r, "to");
    if (!f || mc_date_parse(f, strlen(f), from))
        return mc_error_field(e, "from", "Ngày bắt đầu không hợp lệ (YYYY-MM-DD)", "Invalid start date (YYYY-MM-DD)");
    if (!t || mc_date_parse(t, strlen(t), to))
        return mc_error_field(e, "to", "Ngày kết thúc không hợp lệ (YYYY-MM-DD)", "Invalid end date (YYYY-MM-DD)");
    if (*to < *from || *to - *from > 366)
        return mc_error_field(e, "to", "Khoảng thời gian từ 1 đến 367 ngày", "The period is 1 to 367 days");
    return MC_OK;
}

/* The register's agency: the query's, else the caller's first grant. */
static mc_err register_agency(struct mc_req *r, struct mc_db *db, int64_t *id, char *path, size_t cap,
                              struct mc_error *e)
{
    const char *agency = mc_req_query(r, "agency");
    char own[24];
    if (!agency) {
        snprintf(own, sizeof(own), "%lld", (long long)(r->who->ngrants ? r->who->grants[0].agency_id : 0));
        agency = own;
    }
    mc_err rc = mc_agency_resolve(db, agency, id, path, cap, e);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_field(e, "agency", "Không có cơ quan này", "No such agency");
    if (!rc && !mc_auth_covers(r->who, "dossier.read", path))
        return mc_error_set(e, MC_ERR_FORBIDDEN, 403, "forbidden", "Cơ quan này ngoài phạm vi của bạn",
                            "This agency is outside your scope");
    return rc;
}

#define REGISTER_WHERE                                                                                                 \
    "FROM dossiers d JOIN agencies a ON a.id = d.agency_id LEFT JOIN agencies p ON p.id = d.processing_agency_id "     \
    "WHERE (a.path LIKE $1 || '%' OR p.path LIKE $1 || '%') AND COALESCE(d.received_at, d.submitted_at) >= $2 "        \
    "AND COALESCE(d.received_at, d.submitted_at) < $3 "

static mc_err load_register(struct mc_db *db, const char *path, struct mc_slip_input *in, struct mc_error *e)
{
    struct mc_stmt *st;
    int row;
    int64_t lo = in->from_day * 86400 - MC_TZ_OFFSET, hi = (in->to_day + 1) * 86400 - MC_TZ_OFFSET;
    mc_err rc = mc_db_query(db, &st, &row, e, "SELECT COUNT(*) " REGISTER_WHERE, "sii", path, lo, hi);
    if (rc)
        return rc;
    in->rows_total = row ? (size_t)mc_stmt_int(st, 0) : 0;
    mc_stmt_reset(st);
    rc = mc_db_query(db, &st, &row, e,
                     "SELECT d.code, d.status, COALESCE(d.received_at, d.submitted_at), COALESCE(d.due_at, 0), "
                     "COALESCE(d.finished_at, 0), d.applicant_name, d.procedure_name " REGISTER_WHERE
                     "ORDER BY COALESCE(d.received_at, d.submitted_at), d.id LIMIT $4",
                     "siii", path, lo, hi, (int64_t)MC_SLIP_MAX_ROWS);
    while (!rc && row) {
        struct mc_slip_row x = {.status = (int)mc_stmt_int(st, 1),
                                .received_at = mc_stmt_int(st, 2),
                                .due_at = mc_stmt_int(st, 3),
                                .finished_at = mc_stmt_int(st, 4)};
        snprintf(x.code, sizeof(x.code), "%s", mc_stmt_text(st, 0, NULL));
        mc_slip_input_row(in, &x, mc_stmt_text(st, 5, NULL), mc_stmt_text(st, 6, NULL));
        rc = mc_stmt_step(st, &row, e);
    }
    mc_stmt_reset(st);
    return rc;
}

void mc_api_register_get(struct mc_req *r)
{
    struct mc_db *db;
    struct mc_error e;
    int64_t id;
    char path[256];
    mc_error_init(&e);
    if (!fonts_ready(r))
        return;
    struct slip_op *op = slip_op_new(r, "register");
    struct mc_slip_input *in = &op->in;
    mc_err rc = mc_req_db(r, &db, &e);
    if (!rc)
        rc = read_period(r, &in->from_day, &in->to_day, &e);
    if (!rc)
        rc = register_agency(r, db, &id, path, sizeof(path), &e);
    if (!rc)
        rc = agency_names(db, id, in->agency, in->parent, sizeof(in->agency), in->place, sizeof(in->place), &e);
    if (!rc)
        rc = load_register(db, path, in, &e);
    if (rc) {
        slip_release(&op->a);
        return mc_reply_error(r, &e);
    }
    snprintf(op->filename, sizeof(op->filename), "so-theo-doi-ho-so.pdf");
    mc_async_start(r, &op->a);
}
