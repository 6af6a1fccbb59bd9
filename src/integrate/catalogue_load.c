/* catalogue_load.c - readers and API bodies into the catalogue store. */
#include "integrate/catalogue_load.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "integrate/catalogue_import.h"
#include "integrate/catalogue_json.h"
#include "store/accounts.h"
#include "store/store.h"
#include "core/banned.h"

static mc_err link_agency(struct mc_db *db, struct mc_procedure *p, int64_t *id, struct mc_error *err)
{
    *id = 0;
    if (!p->agency_code)
        return MC_OK;
    if (!mc_agency_code_valid(p->agency_code)) {
        mc_procedure_problem(p, "agency_code", "\"%s\" is not an agency identifier NNN.NN.NN.Xnn",
                             "\"%s\" không phải mã định danh cơ quan NNN.NN.NN.Xnn", p->agency_code);
        return MC_OK;
    }
    mc_err rc = mc_agency_id_by_code(db, p->agency_code, id, err);
    if (rc == MC_ERR_NOT_FOUND)
        mc_procedure_problem(p, "agency_code", "no agency %s here; not linked", "không có cơ quan %s; chưa liên kết",
                             p->agency_code);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

mc_err mc_catalogue_put(struct mc_db *db, struct mc_procedure *p, const char *source, const char *actor,
                        enum mc_cat_outcome *outcome, int64_t *version, struct mc_error *err)
{
    char today[11];
    struct mc_cat_save in = {.p = p, .source = source, .actor = actor, .today = today, .now = mc_time_now()};
    mc_date_iso((in.now + MC_TZ_OFFSET) / 86400, today);
    mc_err rc = link_agency(db, p, &in.agency_id, err);
    if (rc)
        return rc;
    json_t *doc = mc_procedure_json(p), *problems = mc_procedure_problems_json(p);
    char *doc_s = json_dumps(doc, JSON_COMPACT), *prob_s = json_dumps(problems, JSON_COMPACT);
    json_decref(doc);
    json_decref(problems);
    in.doc = doc_s;
    in.problems = prob_s;
    rc = doc_s && prob_s ? mc_catalogue_save(db, &in, outcome, version, err)
                         : mc_error_set(err, MC_ERR_NOMEM, 500, "out_of_memory", "Thiếu bộ nhớ", "Out of memory");
    free(doc_s); /* jansson's allocator */
    free(prob_s);
    return rc;
}

/* A database error that ends the whole import rather than one record. */
static int fatal_db(mc_err rc)
{
    return rc == MC_ERR_BUSY || rc == MC_ERR_IO || rc == MC_ERR_NOMEM;
}

static void store_failed(const struct mc_cat_load *opt, long record, const struct mc_procedure *p,
                         const struct mc_error *e)
{
    struct mc_import_problem pr;
    memset(&pr, 0, sizeof(pr));
    pr.record = record;
    pr.code = "store";
    snprintf(pr.record_code, sizeof(pr.record_code), "%s", p->code ? p->code : "");
    snprintf(pr.message_en, sizeof(pr.message_en), "%s: not saved: %.200s", pr.record_code, e->message_en);
    snprintf(pr.message_vi, sizeof(pr.message_vi), "%s: không lưu được: %.200s", pr.record_code, e->message);
    if (opt->on_failed)
        opt->on_failed(opt->ctx, &pr);
}

/* One record under a savepoint; counts it. */
static mc_err put_one(struct mc_db *db, struct mc_procedure *p, long record, const struct mc_cat_load *opt,
                      const char *source, struct mc_cat_counts *c, struct mc_error *err)
{
    enum mc_cat_outcome o;
    struct mc_error e;
    mc_error_init(&e);
    mc_err rc = mc_db_savepoint(db, "record", err);
    if (rc)
        return rc;
    rc = mc_catalogue_put(db, p, source, opt->actor, &o, NULL, &e);
    if (rc) {
        mc_db_rollback_to(db, "record");
        mc_db_release(db, "record", NULL);
        if (fatal_db(rc)) {
            *err = e;
            return rc;
        }
        c->failed++;
        store_failed(opt, record, p, &e);
        return MC_OK;
    }
    c->created += o == MC_CAT_CREATED;
    c->updated += o == MC_CAT_UPDATED;
    c->unchanged += o == MC_CAT_UNCHANGED;
    if (p->nproblems) {
        c->partial++;
        if (opt->on_partial)
            opt->on_partial(opt->ctx, p);
    }
    return mc_db_release(db, "record", err);
}

static mc_err batch_edge(struct mc_db *db, int batch, long done, int last, struct mc_error *err)
{
    if (!batch)
        return MC_OK;
    if (last || (done && done % batch == 0)) {
        mc_err rc = mc_db_commit(db, err);
        return rc || last ? rc : mc_db_begin(db, err);
    }
    return MC_OK;
}

mc_err mc_catalogue_load(struct mc_db *db, struct mc_catalogue_reader *r, const struct mc_cat_load *opt,
                         struct mc_cat_counts *c, struct mc_error *err)
{
    struct mc_procedure p;
    struct mc_import_problem pr;
    const char *source = opt->source ? opt->source : mc_catalogue_format_name(mc_catalogue_reader_format(r));
    long n = 0;
    memset(c, 0, sizeof(*c));
    mc_procedure_init(&p);
    mc_err rc = opt->batch ? mc_db_begin(db, err) : MC_OK;
    while (!rc) {
        mc_err e = mc_catalogue_reader_next(r, &p, &pr);
        if (e == MC_ERR_NOT_FOUND)
            break;
        n++;
        if (e) {
            c->failed++;
            if (opt->on_failed)
                opt->on_failed(opt->ctx, &pr);
            continue;
        }
        rc = put_one(db, &p, n, opt, source, c, err);
        if (!rc)
            rc = batch_edge(db, opt->batch, n, 0, err);
    }
    if (!rc)
        rc = batch_edge(db, opt->batch, n, 1, err);
    else if (opt->batch)
        mc_db_rollback(db);
    mc_procedure_release(&p);
    return rc;
}
