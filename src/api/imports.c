/* imports.c - POST /api/v1/procedures/import: a catalogue file (national
 * scrape JSONL, CSV or our JSON) uploaded by an administrator, loaded
 * through the same path as `motcua import`, answered with its report. The
 * whole file commits in one writer transaction, each record under its own
 * savepoint, so one bad record never aborts the import. */
#include <stdio.h>
#include <string.h>

#include "api/routes.h"
#include "core/alloc.h"
#include "domain/procedure.h"
#include "http/async.h"
#include "http/http.h"
#include "integrate/catalogue_import.h"
#include "integrate/catalogue_load.h"
#include "store/accounts.h"
#include "core/banned.h"

#define MAX_REPORTED 200

struct import_op {
    struct mc_async a;
    char *data;
    size_t len;
    enum mc_cat_format format;
    struct mc_cat_counts counts;
    json_t *problems;
    char actor[256], ip[48];
    int64_t actor_id;
};

static void on_failed(void *ctx, const struct mc_import_problem *pr)
{
    struct import_op *op = ctx;
    if (json_array_size(op->problems) >= MAX_REPORTED)
        return;
    json_array_append_new(op->problems, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "record", (json_int_t)pr->record,
                                                  "line", (json_int_t)pr->line, "procedure_code", pr->record_code,
                                                  "code", pr->code ? pr->code : "invalid", "message", pr->message_vi,
                                                  "message_en", pr->message_en));
}

static void on_partial(void *ctx, const struct mc_procedure *p)
{
    struct import_op *op = ctx;
    for (size_t i = 0; i < p->nproblems && json_array_size(op->problems) < MAX_REPORTED; i++)
        json_array_append_new(op->problems,
                              json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "procedure_code", p->code ? p->code : "", "code",
                                        "partial", "field", p->problems[i].field, "message", p->problems[i].message_vi,
                                        "message_en", p->problems[i].message_en));
}

static mc_err import_write(struct mc_db *db, struct mc_async *a, struct mc_error *err)
{
    struct import_op *op = (struct import_op *)a;
    struct mc_catalogue_reader *r;
    mc_err rc = mc_catalogue_reader_open_mem(op->data, op->len, "upload", op->format, &r, err);
    if (rc)
        return rc;
    struct mc_cat_load opt = {
        .actor = op->actor, .batch = 0, .on_failed = on_failed, .on_partial = on_partial, .ctx = op};
    rc = mc_catalogue_load(db, r, &opt, &op->counts, err);
    mc_catalogue_reader_free(r);
    char details[160];
    snprintf(details, sizeof(details), "created=%ld updated=%ld unchanged=%ld failed=%ld", op->counts.created,
             op->counts.updated, op->counts.unchanged, op->counts.failed);
    return rc ? rc
              : mc_audit_append(db, op->actor_id, op->actor, "catalogue_imported", "procedures", op->ip, details, err);
}

static void import_finish(struct mc_req *r, struct mc_async *a)
{
    struct import_op *op = (struct import_op *)a;
    if (a->rc)
        return mc_reply_error(r, &a->err);
    const struct mc_cat_counts *c = &op->counts;
    mc_reply_json(r, 200,
                  json_pack("{s:I, s:I, s:I, s:I, s:I, s:O}", "created", (json_int_t)c->created, "updated",
                            (json_int_t)c->updated, "unchanged", (json_int_t)c->unchanged, "partial",
                            (json_int_t)c->partial, "failed", (json_int_t)c->failed, "problems", op->problems));
}

static void import_release(struct mc_async *a)
{
    struct import_op *op = (struct import_op *)a;
    json_decref(op->problems);
    mc_free(op->data);
    mc_free(op);
}

void mc_api_procedures_import(struct mc_req *r)
{
    struct mc_error e;
    mc_error_init(&e);
    const char *format = mc_req_query(r, "format");
    enum mc_cat_format f = format ? mc_catalogue_format_parse(format) : MC_CAT_FORMAT_AUTO;
    if (format && f == MC_CAT_FORMAT_AUTO && strcmp(format, "auto"))
        return mc_reply_error(
            r, (mc_error_field(&e, "format", "Định dạng là scrape, csv hoặc json", "The format is scrape, csv or json"),
                &e));
    if (!r->h2o->entity.len)
        return mc_reply_error(r, (mc_error_field(&e, "file", "Tệp tải lên trống", "The uploaded file is empty"), &e));
    struct import_op *op = mc_calloc(1, sizeof(*op));
    op->data = mc_malloc(r->h2o->entity.len);
    memcpy(op->data, r->h2o->entity.base, r->h2o->entity.len);
    op->len = r->h2o->entity.len;
    op->format = f;
    op->problems = json_array();
    snprintf(op->actor, sizeof(op->actor), "%s", r->who->user.login);
    snprintf(op->ip, sizeof(op->ip), "%s", r->ip);
    op->actor_id = r->who->user.id;
    op->a.write = import_write;
    op->a.finish = import_finish;
    op->a.release = import_release;
    mc_async_start(r, &op->a);
}
