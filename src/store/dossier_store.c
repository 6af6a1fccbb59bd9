#include "store/dossier_store.h"

#include <stdio.h>
#include <string.h>

#include "calendar/due.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/time.h"
#include "store/store.h"
#include "core/banned.h"

static void copy_col(struct mc_stmt *st, int col, char *dst, size_t cap)
{
    snprintf(dst, cap, "%s", mc_stmt_text(st, col, NULL));
}

static mc_err next_seq(struct mc_db *db, int64_t agency_id, const char *day, int64_t *seq, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "INSERT INTO dossier_seq (agency_id, day, last) VALUES ($1, $2, 1) "
                            "ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_seq.last + 1 RETURNING last",
                            "is", agency_id, day);
    if (rc)
        return rc;
    *seq = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    return MC_OK;
}

static void json_escape(struct mc_buf *b, const char *s)
{
    mc_buf_addch(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            mc_buf_addf(b, "\\%c", c);
        else if (c < 0x20)
            mc_buf_addf(b, "\\u%04x", c);
        else
            mc_buf_addch(b, (char)c);
    }
    mc_buf_addch(b, '"');
}

/* The event payload: what an integration client needs to follow a dossier. */
static void event_payload(struct mc_buf *b, const struct mc_dossier *d, enum mc_status from, const char *action)
{
    mc_buf_adds(b, "{\"code\":");
    json_escape(b, d->code);
    mc_buf_addf(b,
                ",\"action\":\"%s\",\"from_status\":%d,\"status\":%d,\"portal_status\":\"%s\",\"channel\":%d,"
                "\"agency_id\":%lld,\"procedure_code\":",
                action, (int)from, (int)d->status, mc_status_portal(d->status), d->channel, (long long)d->agency_id);
    json_escape(b, d->procedure_code);
    mc_buf_addf(b, ",\"received_at\":%lld,\"due_at\":%lld,\"at\":%lld}", (long long)d->received_at,
                (long long)d->due_at, (long long)d->last_action_at);
}

mc_err mc_event_append(struct mc_db *db, const char *type, const char *subject, const char *payload,
                       struct mc_error *err)
{
    return mc_db_do(db, err, "INSERT INTO events (at, type, subject, payload) VALUES ($1, $2, $3, $4)", "isss",
                    mc_time_now(), type, subject, payload);
}

static mc_err history_row(struct mc_db *db, const struct mc_dossier *d, enum mc_status from,
                          const struct mc_actor_info *who, const char *action, const char *comment,
                          const char *timeliness, struct mc_error *err)
{
    return mc_db_do(db, err,
                    "INSERT INTO dossier_history (dossier_id, at, actor_id, actor, role, agency_id, action, "
                    "from_status, to_status, comment, due_at, timeliness) "
                    "VALUES ($1, $2, NULLIF($3, 0), $4, $5, NULLIF($6, 0), $7, $8, $9, $10, NULLIF($11, 0), $12)",
                    "iiissisiisis", d->id, d->last_action_at, who->user_id, who->name, who->role, who->agency_id,
                    action, (int64_t)from, (int64_t)d->status, comment ? comment : "", d->due_at,
                    timeliness ? timeliness : "");
}

static mc_err emit(struct mc_db *db, const struct mc_dossier *d, enum mc_status from, const char *action,
                   struct mc_error *err)
{
    struct mc_buf b;
    mc_buf_init(&b, 0);
    event_payload(&b, d, from, action);
    mc_err rc = mc_event_append(db, from == MC_ST_NONE ? "dossier.created" : "dossier.changed", d->code, b.buf, err);
    mc_buf_release(&b);
    return rc;
}

static void search_text(const struct mc_dossier *d, struct mc_buf *out)
{
    struct mc_buf raw;
    mc_buf_init(&raw, 0);
    mc_buf_addf(&raw, "%s %s %s %s %s", d->code, d->applicant_name, d->applicant_id, d->procedure_code,
                d->procedure_name);
    if (mc_fold(raw.buf, raw.len, out, NULL))
        mc_buf_add(out, raw.buf, raw.len);
    mc_buf_release(&raw);
}

static mc_err insert_row(struct mc_db *db, struct mc_dossier *d, struct mc_error *err)
{
    struct mc_stmt *st;
    struct mc_buf search;
    int row;
    mc_buf_init(&search, 0);
    search_text(d, &search);
    mc_err rc = mc_db_query(
        db, &st, &row, err,
        "INSERT INTO dossiers (code, agency_id, procedure_id, procedure_code, procedure_name, channel, status, "
        "applicant_kind, applicant_name, applicant_id_kind, applicant_id, applicant_phone, applicant_email, "
        "applicant_address, owner_name, owner_address, postal_tracking, note, time_amount, time_unit, cutoff, "
        "submitted_by, submitted_at, received_at, due_at, last_action_at, processing_agency_id, search) "
        "VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
        "$20, $21, NULLIF($22, 0), $23, NULLIF($24, 0), NULLIF($25, 0), $26, NULLIF($27, 0), $28) RETURNING id",
        "siissiisssssssssssisiiiiiiis", d->code, d->agency_id, d->procedure_id, d->procedure_code, d->procedure_name,
        (int64_t)d->channel, (int64_t)d->status, d->applicant_kind, d->applicant_name, d->applicant_id_kind,
        d->applicant_id, d->applicant_phone, d->applicant_email, d->applicant_address, d->owner_name, d->owner_address,
        d->postal_tracking, d->note, d->time_amount, d->time_unit, (int64_t)d->cutoff, d->submitted_by, d->submitted_at,
        d->received_at, d->due_at, d->last_action_at, d->processing_agency_id, search.buf);
    mc_buf_release(&search);
    if (rc)
        return rc;
    d->id = mc_stmt_int(st, 0);
    mc_stmt_reset(st);
    for (int i = 0; !rc && i < d->ncomponents; i++) {
        const struct mc_dossier_component *c = &d->components[i];
        rc = mc_db_do(db, err,
                      "INSERT INTO dossier_components (dossier_id, position, name, originals, copies, photocopies) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
                      "iisiii", d->id, (int64_t)i, c->name, (int64_t)c->originals, (int64_t)c->copies,
                      (int64_t)c->photocopies);
    }
    return rc;
}

static mc_err replay(struct mc_db *db, int64_t user_id, const char *key, struct mc_dossier *d, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT d.code FROM dossier_requests r JOIN dossiers d ON d.id = r.dossier_id "
                            "WHERE r.user_id = $1 AND r.key = $2",
                            "is", user_id, key);
    if (rc || !row) {
        if (!rc)
            mc_stmt_reset(st);
        return rc ? rc : MC_ERR_NOT_FOUND;
    }
    char code[48];
    copy_col(st, 0, code, sizeof(code));
    mc_stmt_reset(st);
    rc = mc_dossier_load(db, code, d, err);
    return rc ? rc : MC_ERR_EXISTS;
}

mc_err mc_dossier_insert(struct mc_db *db, struct mc_dossier *d, const struct mc_actor_info *who, const char *action,
                         const char *idem_key, struct mc_error *err)
{
    char day[7];
    int64_t seq;
    mc_err rc;
    if (idem_key && (rc = replay(db, who->user_id, idem_key, d, err)) != MC_ERR_NOT_FOUND)
        return rc;
    mc_dossier_day(d->submitted_at, day);
    rc = next_seq(db, d->agency_id, day, &seq, err);
    if (rc)
        return rc;
    mc_dossier_format_code(d->code, sizeof(d->code), d->agency_code, day, seq);
    rc = insert_row(db, d, err);
    if (!rc && idem_key)
        rc = mc_db_do(db, err,
                      "INSERT INTO dossier_requests (user_id, key, dossier_id, created_at) VALUES ($1, $2, $3, $4)",
                      "isii", who->user_id, idem_key, d->id, d->submitted_at);
    if (!rc)
        rc = history_row(db, d, MC_ST_NONE, who, action, d->note, NULL, err);
    return rc ? rc : emit(db, d, MC_ST_NONE, action, err);
}

#define DOSSIER_COLS                                                                                                   \
    "d.id, d.code, d.agency_id, a.code, COALESCE(d.procedure_id, 0), d.procedure_code, d.procedure_name, d.channel, "  \
    "d.status, d.applicant_kind, d.applicant_name, d.applicant_id_kind, d.applicant_id, d.applicant_phone, "           \
    "d.applicant_email, d.applicant_address, d.owner_name, d.owner_address, d.postal_tracking, d.note, "               \
    "d.time_amount, d.time_unit, d.cutoff, COALESCE(d.submitted_by, 0), d.submitted_at, COALESCE(d.received_at, 0), "  \
    "COALESCE(d.due_at, 0), COALESCE(d.paused_at, 0), COALESCE(d.finished_at, 0), COALESCE(d.delivered_at, 0), "       \
    "d.last_action_at, COALESCE(d.processing_agency_id, 0), COALESCE(d.assignee_id, 0), d.result_code, "               \
    "COALESCE(d.rating, 0), d.rating_comment, d.step_group, COALESCE(d.internal_due_at, 0), COALESCE(d.stuck_at, 0)"

static void read_row(struct mc_stmt *st, struct mc_dossier *d)
{
    d->id = mc_stmt_int(st, 0);
    copy_col(st, 1, d->code, sizeof(d->code));
    d->agency_id = mc_stmt_int(st, 2);
    copy_col(st, 3, d->agency_code, sizeof(d->agency_code));
    d->procedure_id = mc_stmt_int(st, 4);
    copy_col(st, 5, d->procedure_code, sizeof(d->procedure_code));
    copy_col(st, 6, d->procedure_name, sizeof(d->procedure_name));
    d->channel = (int)mc_stmt_int(st, 7);
    d->status = (enum mc_status)mc_stmt_int(st, 8);
    copy_col(st, 9, d->applicant_kind, sizeof(d->applicant_kind));
    copy_col(st, 10, d->applicant_name, sizeof(d->applicant_name));
    copy_col(st, 11, d->applicant_id_kind, sizeof(d->applicant_id_kind));
    copy_col(st, 12, d->applicant_id, sizeof(d->applicant_id));
    copy_col(st, 13, d->applicant_phone, sizeof(d->applicant_phone));
    copy_col(st, 14, d->applicant_email, sizeof(d->applicant_email));
    copy_col(st, 15, d->applicant_address, sizeof(d->applicant_address));
    copy_col(st, 16, d->owner_name, sizeof(d->owner_name));
    copy_col(st, 17, d->owner_address, sizeof(d->owner_address));
    copy_col(st, 18, d->postal_tracking, sizeof(d->postal_tracking));
    copy_col(st, 19, d->note, sizeof(d->note));
    d->time_amount = mc_stmt_int(st, 20);
    copy_col(st, 21, d->time_unit, sizeof(d->time_unit));
    d->cutoff = (int)mc_stmt_int(st, 22);
    d->submitted_by = mc_stmt_int(st, 23);
    d->submitted_at = mc_stmt_int(st, 24);
    d->received_at = mc_stmt_int(st, 25);
    d->due_at = mc_stmt_int(st, 26);
    d->paused_at = mc_stmt_int(st, 27);
    d->finished_at = mc_stmt_int(st, 28);
    d->delivered_at = mc_stmt_int(st, 29);
    d->last_action_at = mc_stmt_int(st, 30);
    d->processing_agency_id = mc_stmt_int(st, 31);
    d->assignee_id = mc_stmt_int(st, 32);
    copy_col(st, 33, d->result_code, sizeof(d->result_code));
    d->rating = (int)mc_stmt_int(st, 34);
    copy_col(st, 35, d->rating_comment, sizeof(d->rating_comment));
    d->step_group = (int)mc_stmt_int(st, 36);
    d->internal_due_at = mc_stmt_int(st, 37);
    d->stuck_at = mc_stmt_int(st, 38);
}

static mc_err load_components(struct mc_db *db, struct mc_dossier *d, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT name, originals, copies, photocopies FROM dossier_components "
                            "WHERE dossier_id = $1 ORDER BY position",
                            "i", d->id);
    d->ncomponents = 0;
    while (!rc && row) {
        if (d->ncomponents < MC_DOSSIER_MAX_COMPONENTS) {
            struct mc_dossier_component *c = &d->components[d->ncomponents++];
            copy_col(st, 0, c->name, sizeof(c->name));
            c->originals = (int)mc_stmt_int(st, 1);
            c->copies = (int)mc_stmt_int(st, 2);
            c->photocopies = (int)mc_stmt_int(st, 3);
        }
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

mc_err mc_dossier_load(struct mc_db *db, const char *code, struct mc_dossier *d, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " DOSSIER_COLS " FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
                            "WHERE d.code = $1",
                            "s", code);
    if (rc)
        return rc;
    if (!row) {
        mc_stmt_reset(st);
        return MC_ERR_NOT_FOUND;
    }
    read_row(st, d);
    mc_stmt_reset(st);
    return load_components(db, d, err);
}

mc_err mc_dossier_pauses(struct mc_db *db, int64_t dossier_id, struct mc_cal_pause *out, size_t max, size_t *n,
                         struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT from_at, to_at FROM dossier_pauses WHERE dossier_id = $1 AND to_at IS NOT NULL "
                            "ORDER BY from_at",
                            "i", dossier_id);
    while (!rc && row) {
        if (*n < max) {
            out[*n].from = mc_stmt_int(st, 0);
            out[*n].to = mc_stmt_int(st, 1);
            (*n)++;
        }
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

static mc_err update_row(struct mc_db *db, const struct mc_dossier *d, struct mc_error *err)
{
    return mc_db_do(db, err,
                    "UPDATE dossiers SET status = $1, received_at = NULLIF($2, 0), due_at = NULLIF($3, 0), "
                    "paused_at = NULLIF($4, 0), finished_at = NULLIF($5, 0), delivered_at = NULLIF($6, 0), "
                    "last_action_at = $7, processing_agency_id = NULLIF($8, 0), assignee_id = NULLIF($9, 0), "
                    "result_code = $10, rating = NULLIF($11, 0), rating_comment = $12, stuck_at = NULL WHERE id = $13",
                    "iiiiiiiiisisi", (int64_t)d->status, d->received_at, d->due_at, d->paused_at, d->finished_at,
                    d->delivered_at, d->last_action_at, d->processing_agency_id, d->assignee_id, d->result_code,
                    (int64_t)d->rating, d->rating_comment, d->id);
}

static mc_err track_pause(struct mc_db *db, const struct mc_dossier *d, enum mc_status from, struct mc_error *err)
{
    if (mc_status_paused(d->status) && !mc_status_paused(from))
        return mc_db_do(db, err, "INSERT INTO dossier_pauses (dossier_id, from_at, reason) VALUES ($1, $2, $3)", "iis",
                        d->id, d->last_action_at, d->status == MC_ST_SUPPLEMENT ? "supplement" : "payment");
    if (!mc_status_paused(d->status) && mc_status_paused(from))
        return mc_db_do(db, err, "UPDATE dossier_pauses SET to_at = $1 WHERE dossier_id = $2 AND to_at IS NULL", "ii",
                        d->last_action_at, d->id);
    return MC_OK;
}

mc_err mc_dossier_save(struct mc_db *db, const struct mc_dossier *d, enum mc_status from_status,
                       const struct mc_actor_info *who, const char *action, const char *comment, struct mc_error *err)
{
    const char *timeliness = NULL;
    if (d->finished_at == d->last_action_at && d->status != from_status)
        timeliness = mc_dossier_timeliness(d->finished_at, d->due_at);
    mc_err rc = update_row(db, d, err);
    if (!rc)
        rc = track_pause(db, d, from_status, err);
    if (!rc)
        rc = history_row(db, d, from_status, who, action, comment, timeliness, err);
    return rc ? rc : emit(db, d, from_status, action, err);
}

struct open_dossier {
    int64_t id;
    char code[48];
};

static mc_err open_dossiers(struct mc_db *db, struct open_dossier **out, size_t *n, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT id, code FROM dossiers WHERE status IN (2, 4, 5, 6) AND received_at IS NOT NULL "
                            "ORDER BY id",
                            "");
    while (!rc && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = mc_reallocarray(*out, cap, sizeof(**out));
        }
        (*out)[*n].id = mc_stmt_int(st, 0);
        snprintf((*out)[*n].code, sizeof((*out)[*n].code), "%s", mc_stmt_text(st, 1, NULL));
        (*n)++;
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

static mc_err recompute_one(struct mc_db *db, const struct mc_cal *cal, const struct mc_actor_info *who,
                            const char *code, int *moved, struct mc_error *err)
{
    struct mc_dossier *d = mc_calloc(1, sizeof(*d));
    struct mc_cal_pause pauses[64];
    size_t np = 0;
    mc_err rc = mc_dossier_load(db, code, d, err);
    if (!rc)
        rc = mc_dossier_pauses(db, d->id, pauses, 64, &np, err);
    struct mc_due_req req = {
        .received = d->received_at, .amount = d->time_amount, .cutoff = d->cutoff, .pauses = pauses, .npauses = np};
    struct mc_due_res res;
    *moved = 0;
    if (!rc && !mc_due_unit_parse(d->time_unit, &req.unit, NULL) && !mc_cal_due(cal, &req, &res, NULL, NULL) &&
        res.due != d->due_at) {
        enum mc_status from = d->status;
        d->due_at = res.due;
        d->last_action_at = mc_time_now();
        rc = mc_db_do(db, err, "UPDATE dossiers SET due_at = $1 WHERE id = $2", "ii", d->due_at, d->id);
        if (!rc)
            rc = history_row(db, d, from, who, "calendar_changed", "Lịch làm việc thay đổi / the calendar changed",
                             NULL, err);
        if (!rc)
            rc = emit(db, d, from, "calendar_changed", err);
        *moved = !rc;
    }
    mc_free(d);
    return rc;
}

mc_err mc_dossier_recompute_all(struct mc_db *db, const struct mc_cal *cal, const struct mc_actor_info *who,
                                int64_t *moved, struct mc_error *err)
{
    struct open_dossier *list;
    size_t n;
    *moved = 0;
    mc_err rc = open_dossiers(db, &list, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        int m;
        rc = recompute_one(db, cal, who, list[i].code, &m, err);
        *moved += m;
    }
    mc_free(list);
    return rc;
}

/* Leaders whose role covers the dossier's processing agency hear of it. */
static mc_err notify_leaders(struct mc_db *db, const struct mc_dossier *d, struct mc_error *err)
{
    char body[1400];
    snprintf(body, sizeof(body),
             "Hồ sơ %s (%.600s) không được xử lý trong thời gian quy định / dossier %s has had no action for too long",
             d->code, d->procedure_name, d->code);
    return mc_db_do(db, err,
                    "INSERT INTO notifications (channel, recipient, subject, body, created_at) "
                    "SELECT 'inbox', u.login, 'Hồ sơ chậm xử lý / stuck dossier', $1, $2 FROM users u "
                    "JOIN user_roles r ON r.user_id = u.id AND r.role = 'leader' JOIN agencies a ON a.id = r.agency_id "
                    "JOIN agencies t ON t.id = $3 WHERE t.path LIKE a.path || '%' AND u.status = 'active'",
                    "sii", body, d->last_action_at, d->processing_agency_id ? d->processing_agency_id : d->agency_id);
}

static mc_err escalate_one(struct mc_db *db, const char *code, const struct mc_cal *cal, int64_t hours, int64_t now,
                           int *done, struct mc_error *err)
{
    static const struct mc_actor_info system = {0, "motcua", "system", 0};
    struct mc_dossier *d = mc_calloc(1, sizeof(*d));
    int64_t secs = 0;
    mc_err rc = mc_dossier_load(db, code, d, err);
    *done = 0;
    if (!rc && !mc_cal_worktime_between(cal, d->last_action_at, now, &secs, NULL) && secs >= hours * 3600) {
        char comment[160];
        snprintf(comment, sizeof(comment),
                 "Không có thao tác trong %lld giờ làm việc / no action for %lld working hours",
                 (long long)(secs / 3600), (long long)(secs / 3600));
        rc = mc_db_do(db, err, "UPDATE dossiers SET stuck_at = $1 WHERE id = $2", "ii", now, d->id);
        if (!rc)
            rc = history_row(db, d, d->status, &system, "escalated", comment, NULL, err);
        if (!rc)
            rc = emit(db, d, d->status, "escalated", err);
        if (!rc)
            rc = notify_leaders(db, d, err);
        *done = !rc;
    }
    mc_free(d);
    return rc;
}

mc_err mc_dossier_escalate_stuck(struct mc_db *db, const struct mc_cal *cal, int64_t hours, int64_t now, int limit,
                                 int64_t *escalated, struct mc_error *err)
{
    struct mc_stmt *st;
    int row, n = 0;
    char(*codes)[48] = mc_calloc((size_t)limit, 48);
    *escalated = 0;
    /* wall-clock hours bound working hours from above: a cheap prefilter */
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT code FROM dossiers WHERE status IN (2, 4) AND stuck_at IS NULL "
                            "AND last_action_at <= $1 ORDER BY last_action_at LIMIT $2",
                            "ii", now - hours * 3600, (int64_t)limit);
    while (!rc && row && n < limit) {
        snprintf(codes[n++], 48, "%s", mc_stmt_text(st, 0, NULL));
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    for (int i = 0; !rc && i < n; i++) {
        int done;
        rc = escalate_one(db, codes[i], cal, hours, now, &done, err);
        *escalated += done;
    }
    mc_free(codes);
    return rc;
}
