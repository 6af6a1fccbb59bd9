/* slip.c - fills a slip template with a dossier and draws it (see slip.h). */
#include "render/slip.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "domain/workflow.h"
#include "render/pdf.h"
#include "render/templates.h"
#include "core/banned.h"

#define TEXT_SIZE 11.0f
#define TABLE_SIZE 9.0f
#define QR_SIDE 100.0f

/* ---- input ---- */

void mc_slip_input_init(struct mc_slip_input *in)
{
    memset(in, 0, sizeof(*in));
}

void mc_slip_input_event(struct mc_slip_input *in, const struct mc_slip_event *ev, const char *actor,
                         const char *agency, const char *comment)
{
    if (in->nevents % 64 == 0)
        in->events = mc_reallocarray(in->events, in->nevents + 64, sizeof(*in->events));
    struct mc_slip_event *e = &in->events[in->nevents++];
    *e = *ev;
    e->actor = mc_strdup(actor ? actor : "");
    e->agency = mc_strdup(agency ? agency : "");
    e->comment = mc_strdup(comment ? comment : "");
}

void mc_slip_input_row(struct mc_slip_input *in, const struct mc_slip_row *row, const char *applicant,
                       const char *procedure)
{
    if (in->nrows % 256 == 0)
        in->rows = mc_reallocarray(in->rows, in->nrows + 256, sizeof(*in->rows));
    struct mc_slip_row *r = &in->rows[in->nrows++];
    *r = *row;
    r->applicant = mc_strdup(applicant ? applicant : "");
    r->procedure = mc_strdup(procedure ? procedure : "");
}

void mc_slip_input_release(struct mc_slip_input *in)
{
    for (size_t i = 0; i < in->nevents; i++) {
        mc_free(in->events[i].actor);
        mc_free(in->events[i].agency);
        mc_free(in->events[i].comment);
    }
    for (size_t i = 0; i < in->nrows; i++) {
        mc_free(in->rows[i].applicant);
        mc_free(in->rows[i].procedure);
    }
    mc_free(in->events);
    mc_free(in->rows);
    in->events = NULL;
    in->rows = NULL;
    in->nevents = in->nrows = 0;
}

int mc_slip_kind_known(const char *kind)
{
    return strcmp(kind, "register") && mc_slip_template_find("03/2025", kind) != NULL;
}

long mc_slip_event_of(const struct mc_slip_input *in)
{
    if (!strcmp(in->kind, "control_sheet") || !strcmp(in->kind, "register"))
        return 0;
    for (size_t i = in->nevents; i-- > 0;) {
        const struct mc_slip_event *e = &in->events[i];
        const struct mc_transition *t = mc_workflow_find(e->action, (enum mc_status)e->from);
        if (t && t->slip && !strcmp(t->slip, in->kind))
            return (long)i;
    }
    return -1;
}

/* ---- placeholders ---- */

#define MAX_VARS 80

struct vars {
    struct mc_buf arena;
    const char *names[MAX_VARS];
    size_t offs[MAX_VARS], n;
};

static void var_set(struct vars *v, const char *name, const char *value)
{
    if (v->n == MAX_VARS)
        return;
    v->names[v->n] = name;
    v->offs[v->n++] = v->arena.len;
    mc_buf_adds(&v->arena, value ? value : "");
    mc_buf_addch(&v->arena, '\0');
}

static void var_setf(struct vars *v, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void var_setf(struct vars *v, const char *name, const char *fmt, ...)
{
    char s[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof(s), fmt, ap);
    va_end(ap);
    var_set(v, name, s);
}

/* The latest value of name (row values shadow the dossier's), or "". */
static const char *var_get(const struct vars *v, const char *name, size_t len)
{
    for (size_t i = v->n; i-- > 0;)
        if (strlen(v->names[i]) == len && !memcmp(v->names[i], name, len))
            return v->arena.buf + v->offs[i];
    return "";
}

/* Appends tpl with every {name} replaced. */
static void expand(const struct vars *v, const char *tpl, struct mc_buf *out)
{
    for (const char *s = tpl; *s;) {
        const char *end = *s == '{' ? strchr(s, '}') : NULL;
        if (end && end - s < 40) {
            mc_buf_adds(out, var_get(v, s + 1, (size_t)(end - s - 1)));
            s = end + 1;
        } else {
            mc_buf_addch(out, *s++);
        }
    }
}

/* ---- values ---- */

static void fmt_time(int64_t t, char *out, size_t cap)
{
    int y, m, d;
    if (!t) {
        snprintf(out, cap, "(chưa có)");
        return;
    }
    int64_t local = t + MC_TZ_OFFSET, days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t sec = local - days * 86400;
    mc_civil_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%02d giờ %02d phút, ngày %02d/%02d/%04d", (int)(sec / 3600), (int)(sec / 60 % 60), d, m, y);
}

static void fmt_date(int64_t days, char *out, size_t cap)
{
    int y, m, d;
    mc_civil_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%02d/%02d/%04d", d, m, y);
}

static int64_t day_of(int64_t t)
{
    int64_t local = t + MC_TZ_OFFSET;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

static void set_time(struct vars *v, const char *name, int64_t t)
{
    char s[64];
    fmt_time(t, s, sizeof(s));
    var_set(v, name, s);
}

static const char *timeliness_vi(const char *t)
{
    return !strcmp(t, "early") ? "Trước hạn" : !strcmp(t, "on_time") ? "Đúng hạn" : !strcmp(t, "late") ? "Quá hạn" : "";
}

static const struct {
    const char *action, *vi;
} action_names[] = {
    {"submit", "Nộp hồ sơ trực tuyến"},
    {"receive", "Tiếp nhận hồ sơ"},
    {"accept", "Tiếp nhận hồ sơ"},
    {"refuse", "Từ chối tiếp nhận"},
    {"guide_supplement", "Hướng dẫn hoàn thiện hồ sơ"},
    {"forward", "Chuyển cơ quan giải quyết"},
    {"claim", "Nhận xử lý"},
    {"assign", "Phân công xử lý"},
    {"complete_step", "Hoàn thành bước xử lý"},
    {"request_supplement", "Yêu cầu bổ sung hồ sơ"},
    {"supplement", "Bổ sung hồ sơ"},
    {"request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"},
    {"confirm_payment", "Xác nhận đã nộp phí"},
    {"withdraw", "Rút hồ sơ"},
    {"stop", "Dừng xử lý"},
    {"approve", "Phê duyệt kết quả"},
    {"deliver", "Trả kết quả"},
    {"recall", "Thu hồi kết quả"},
    {"apologize", "Xin lỗi và hẹn lại ngày trả"},
    {"rate", "Đánh giá"},
    {"calendar_changed", "Lịch làm việc thay đổi"},
};

static const char *action_vi(const char *action)
{
    for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++)
        if (!strcmp(action_names[i].action, action))
            return action_names[i].vi;
    return action;
}

static const char *id_kind_vi(const char *k)
{
    return !strcmp(k, "cccd")       ? "Căn cước công dân"
           : !strcmp(k, "passport") ? "Hộ chiếu"
           : !strcmp(k, "tax_code") ? "Mã số thuế"
                                    : k;
}

static void dossier_vars(const struct mc_slip_input *in, struct vars *v)
{
    const struct mc_dossier *d = &in->d;
    static const char *const channels[] = {"", "Trực tiếp", "Trực tuyến", "Bưu chính công ích"};
    static const struct {
        const char *unit, *vi;
    } units[] = {{"wd", "ngày làm việc"}, {"d", "ngày"}, {"h", "giờ làm việc"}};
    size_t url = strlen(in->public_url);
    while (url && in->public_url[url - 1] == '/')
        url--;
    var_set(v, "code", d->code);
    var_setf(v, "lookup_url", "%.*s/tra-cuu/%s", (int)url, in->public_url, d->code);
    var_set(v, "applicant_name", d->applicant_name);
    var_set(v, "applicant_address", d->applicant_address);
    var_set(v, "applicant_phone", d->applicant_phone);
    var_set(v, "applicant_email", *d->applicant_email ? d->applicant_email : "(không có)");
    var_set(v, "applicant_id", d->applicant_id);
    var_set(v, "applicant_id_kind", id_kind_vi(d->applicant_id_kind));
    var_set(v, "procedure_name", d->procedure_name);
    var_set(v, "procedure_code", d->procedure_code);
    var_set(v, "owner_name", d->owner_name);
    var_set(v, "owner_address", d->owner_address);
    var_set(v, "channel", channels[d->channel >= 1 && d->channel <= 3 ? d->channel : 0]);
    var_set(v, "status", mc_status_name(d->status));
    var_set(v, "result_code", *d->result_code ? d->result_code : "(chưa có)");
    set_time(v, "submitted_at", d->submitted_at ? d->submitted_at : d->received_at);
    set_time(v, "received_at", d->received_at);
    set_time(v, "due_at", d->due_at);
    char s[64];
    fmt_date(day_of(d->received_at ? d->received_at : d->submitted_at), s, sizeof(s));
    var_set(v, "received_date", s);
    var_setf(v, "components_count", "%d", d->ncomponents);
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (!strcmp(d->time_unit, units[i].unit))
            var_setf(v, "time", "%lld %s", (long long)d->time_amount, units[i].vi);
    var_set(v, "finish_result", timeliness_vi(d->finished_at ? mc_dossier_timeliness(d->finished_at, d->due_at) : ""));
}

/* The values of the history row the slip prints (reason, officer...). */
static void event_vars(const struct mc_slip_input *in, long k, struct vars *v)
{
    const struct mc_slip_event *e = k >= 0 && (size_t)k < in->nevents ? &in->events[k] : NULL;
    int64_t old_due = 0;
    for (long i = 0; e && i < k; i++)
        if (in->events[i].due_at)
            old_due = in->events[i].due_at;
    var_set(v, "reason", e && *e->comment ? e->comment : "(không ghi)");
    var_set(v, "officer", e ? e->actor : "");
    var_set(v, "act_agency", e && *e->agency ? e->agency : in->agency);
    var_set(v, "delay_unit", e && *e->agency ? e->agency : in->processing_agency);
    set_time(v, "act_at", e ? e->at : 0);
    set_time(v, "old_due", old_due);
    set_time(v, "new_due", e && e->due_at ? e->due_at : in->d.due_at);
    /* a slip prints the appointment as it stood when it was issued */
    if (e && e->due_at && strcmp(in->kind, "control_sheet"))
        set_time(v, "due_at", e->due_at);
}

static void common_vars(const struct mc_slip_input *in, struct vars *v)
{
    int y, m, d;
    mc_civil_from_days(day_of(in->now), &y, &m, &d);
    var_setf(v, "today_long", "ngày %02d tháng %02d năm %04d", d, m, y);
    var_set(v, "place", in->place);
    var_set(v, "agency", in->agency);
    var_set(v, "parent", in->parent);
    var_set(v, "processing_agency", *in->processing_agency ? in->processing_agency : in->agency);
    var_set(v, "fee", *in->fee ? in->fee : "Theo quy định của thủ tục");
    var_set(v, "register_agency", in->agency);
    var_set(v, "register_parent", in->parent);
    char s[32];
    fmt_date(in->from_day, s, sizeof(s));
    var_set(v, "from", s);
    fmt_date(in->to_day, s, sizeof(s));
    var_set(v, "to", s);
    var_setf(v, "rows_count", "%zu", in->rows_total);
    if (in->rows_total > in->nrows)
        var_setf(v, "rows_note", " (in %zu hồ sơ đầu; hãy chọn khoảng thời gian ngắn hơn để in đủ)", in->nrows);
}

/* ---- rows of tables ---- */

static void component_vars(const struct mc_dossier_component *c, struct vars *v)
{
    char forms[128] = "";
    const struct {
        int n;
        const char *vi;
    } f[] = {{c->originals, "bản chính"}, {c->copies, "bản sao"}, {c->photocopies, "bản photo"}};
    for (size_t i = 0; i < 3; i++)
        if (f[i].n)
            snprintf(forms + strlen(forms), sizeof(forms) - strlen(forms), "%s%d %s", *forms ? ", " : "", f[i].n,
                     f[i].vi);
    var_set(v, "c.name", c->name);
    var_setf(v, "c.originals", "%d", c->originals);
    var_setf(v, "c.copies", "%d", c->copies);
    var_setf(v, "c.photocopies", "%d", c->photocopies);
    var_set(v, "c.forms", forms);
    var_setf(v, "c.total", "%d", c->originals + c->copies + c->photocopies);
}

static void history_vars(const struct mc_slip_input *in, size_t i, struct vars *v)
{
    const struct mc_slip_event *e = &in->events[i], *next = i + 1 < in->nevents ? &in->events[i + 1] : NULL;
    char next_s[600] = "";
    if (next)
        snprintf(next_s, sizeof(next_s), "%s\n%s", next->agency, next->actor);
    const char *t = *e->timeliness ? e->timeliness : e->due_at ? mc_dossier_timeliness(e->at, e->due_at) : "";
    set_time(v, "h.at", e->at);
    var_set(v, "h.actor", e->actor);
    var_set(v, "h.agency", e->agency);
    var_set(v, "h.next", next_s);
    var_set(v, "h.result", timeliness_vi(t));
    var_set(v, "h.action", action_vi(e->action));
    /* the comment is the one field here that may be long: not through var_setf */
    struct mc_buf c;
    mc_buf_init(&c, 0);
    if (*e->comment)
        mc_buf_addf(&c, ": %s", e->comment);
    var_set(v, "h.comment", c.buf);
    mc_buf_release(&c);
}

static void register_vars(const struct mc_slip_row *r, struct vars *v)
{
    char s[32];
    var_set(v, "r.code", r->code);
    var_set(v, "r.procedure", r->procedure);
    var_set(v, "r.applicant", r->applicant);
    var_set(v, "r.status", mc_status_name((enum mc_status)r->status));
    const struct {
        const char *name;
        int64_t t;
    } dates[] = {{"r.received", r->received_at}, {"r.due", r->due_at}, {"r.finished", r->finished_at}};
    for (size_t i = 0; i < 3; i++) {
        s[0] = '\0';
        if (dates[i].t)
            fmt_date(day_of(dates[i].t), s, sizeof(s));
        var_set(v, dates[i].name, s);
    }
}

static size_t source_rows(const struct mc_slip_input *in, const char *source)
{
    return !strcmp(source, "components") ? (size_t)in->d.ncomponents
           : !strcmp(source, "history")  ? in->nevents
                                         : in->nrows;
}

static void row_vars(const struct mc_slip_input *in, const char *source, size_t i, struct vars *v)
{
    var_setf(v, "n", "%zu", i + 1);
    if (!strcmp(source, "components"))
        component_vars(&in->d.components[i], v);
    else if (!strcmp(source, "history"))
        history_vars(in, i, v);
    else
        register_vars(&in->rows[i], v);
}

static void draw_table(struct mc_pdf *p, const struct mc_slip_input *in, const struct mc_tpl_block *b, struct vars *v)
{
    size_t nrows = source_rows(in, b->source), mark_n = v->n, mark_len = v->arena.len;
    const char *headers[16];
    float widths[16];
    char **cells = mc_calloc(nrows * b->ncols + 1, sizeof(*cells));
    for (size_t c = 0; c < b->ncols && c < 16; c++) {
        headers[c] = b->cols[c].header;
        widths[c] = b->cols[c].width;
    }
    for (size_t r = 0; r < nrows; r++) {
        row_vars(in, b->source, r, v);
        for (size_t c = 0; c < b->ncols; c++) {
            struct mc_buf cell;
            mc_buf_init(&cell, 0);
            expand(v, b->cols[c].cell, &cell);
            cells[r * b->ncols + c] = mc_buf_detach(&cell, NULL);
        }
        v->n = mark_n;
        mc_buf_truncate(&v->arena, mark_len);
    }
    mc_pdf_table(p, b->ncols, widths, headers, (const char *const *)cells, nrows, TABLE_SIZE);
    for (size_t i = 0; i < nrows * b->ncols; i++)
        mc_free(cells[i]);
    mc_free(cells);
}

/* ---- drawing ---- */

static mc_err draw_block(struct mc_pdf *p, const struct mc_slip_input *in, const struct mc_slip_template *t,
                         const struct mc_tpl_block *b, struct vars *v, struct mc_error *err)
{
    struct mc_buf a, c;
    mc_err rc = MC_OK;
    mc_buf_init(&a, 0);
    mc_buf_init(&c, 0);
    if (b->text)
        expand(v, b->text, &a);
    if (b->text2)
        expand(v, b->text2, &c);
    switch (b->kind) {
    case MC_TPL_HEADER:
        mc_pdf_columns(p, a.buf, c.buf, 0.42f, TEXT_SIZE);
        mc_pdf_space(p, 10);
        break;
    case MC_TPL_TITLE:
        mc_pdf_para(p, t->title, 13, 1, MC_PDF_CENTER);
        break;
    case MC_TPL_CENTER:
        mc_pdf_para(p, a.buf, TEXT_SIZE, 0, MC_PDF_CENTER);
        break;
    case MC_TPL_PARA:
        mc_pdf_para(p, a.buf + (a.buf[0] == '*'), TEXT_SIZE, a.buf[0] == '*', MC_PDF_LEFT);
        break;
    case MC_TPL_TABLE:
        draw_table(p, in, b, v);
        mc_pdf_space(p, 4);
        break;
    case MC_TPL_QR:
        rc = mc_pdf_qr(p, a.buf, QR_SIDE, err);
        break;
    case MC_TPL_SIGN:
        mc_pdf_columns(p, a.buf, c.buf, 0.5f, TEXT_SIZE);
        break;
    case MC_TPL_SPACE:
        mc_pdf_space(p, 6);
        break;
    }
    mc_buf_release(&a);
    mc_buf_release(&c);
    return rc;
}

mc_err mc_slip_render(const struct mc_fonts *f, const struct mc_slip_input *in, struct mc_buf *out, int *pages,
                      struct mc_error *err)
{
    const struct mc_slip_template *t = mc_slip_template_find(in->rules, in->kind);
    if (!t)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "slip_unknown", "Không có mẫu phiếu này",
                            "No such slip template");
    long k = mc_slip_event_of(in);
    if (k < 0)
        return mc_error_set(err, MC_ERR_CONFLICT, 409, "slip_not_issued", "Hồ sơ chưa được cấp phiếu này",
                            "This slip has not been issued for the dossier");
    struct mc_pdf *p;
    mc_err rc = mc_pdf_new(f, t->landscape, &p, err);
    if (rc)
        return rc;
    struct vars v = {.n = 0};
    mc_buf_init(&v.arena, 0);
    common_vars(in, &v);
    if (strcmp(in->kind, "register")) {
        dossier_vars(in, &v);
        event_vars(in, k, &v);
    }
    char form[256];
    snprintf(form, sizeof(form), "%s\n%s", t->form, t->basis);
    mc_pdf_para(p, form, 8, 0, MC_PDF_RIGHT);
    mc_pdf_space(p, 6);
    for (size_t i = 0; !rc && i < t->nblocks; i++)
        rc = draw_block(p, in, t, &t->blocks[i], &v, err);
    if (!rc)
        rc = mc_pdf_save(p, out, err);
    if (pages)
        *pages = mc_pdf_pages(p);
    mc_buf_release(&v.arena);
    mc_pdf_free(p);
    return rc;
}
