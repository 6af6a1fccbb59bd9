#include "domain/dossier.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "calendar/due.h"
#include "core/time.h"
#include "core/banned.h"

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static mc_err bad_id(struct mc_error *err, const char *vi, const char *en)
{
    return mc_error_field(err, "applicant.id_number", vi, en);
}

mc_err mc_dossier_check_id(const char *kind, const char *number, struct mc_error *err)
{
    size_t n = strlen(number);
    if (!strcmp(kind, "cccd"))
        return n == 12 && all_digits(number, 12) ? MC_OK
                                                 : bad_id(err, "Số căn cước công dân phải có đúng 12 chữ số",
                                                          "A citizen identity number has exactly 12 digits");
    if (!strcmp(kind, "passport"))
        return n == 8 && isupper((unsigned char)number[0]) && all_digits(number + 1, 7)
                   ? MC_OK
                   : bad_id(err, "Số hộ chiếu gồm 1 chữ cái in hoa và 7 chữ số",
                            "A passport number is one capital letter and 7 digits");
    if (!strcmp(kind, "tax_code"))
        return (n == 10 && all_digits(number, 10)) ||
                       (n == 14 && all_digits(number, 10) && number[10] == '-' && all_digits(number + 11, 3))
                   ? MC_OK
                   : bad_id(err, "Mã số thuế gồm 10 chữ số hoặc 10 chữ số, dấu - và 3 chữ số",
                            "A tax code is 10 digits, or 10 digits, '-' and 3 digits");
    return mc_error_field(err, "applicant.id_kind", "Loại giấy tờ phải là cccd, passport hoặc tax_code",
                          "The identity kind must be cccd, passport or tax_code");
}

mc_err mc_dossier_check_phone(const char *in, char *out, size_t cap, struct mc_error *err)
{
    size_t k = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p) && k + 1 < cap)
            out[k++] = *p;
        else if (!(*p == '+' && p == in) && *p != ' ' && *p != '.' && *p != '-')
            k = cap; /* not a phone number */
    }
    if (k < cap)
        out[k] = '\0';
    if (k == 11 && !strncmp(out, "84", 2)) {
        memmove(out + 1, out + 2, 10);
        out[0] = '0';
        k = 10;
    }
    if (k != 10 || out[0] != '0')
        return mc_error_field(err, "applicant.phone", "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0",
                              "A phone number has 10 digits starting with 0");
    return MC_OK;
}

void mc_dossier_format_code(char *out, size_t cap, const char *agency_code, const char *yymmdd, int64_t seq)
{
    snprintf(out, cap, "%s-%s-%04lld", agency_code, yymmdd, (long long)seq);
}

void mc_dossier_day(int64_t t, char out[7])
{
    char iso[11];
    int64_t local = t + MC_TZ_OFFSET;
    mc_date_iso(local >= 0 ? local / 86400 : (local - 86399) / 86400, iso);
    out[0] = iso[2];
    out[1] = iso[3];
    out[2] = iso[5];
    out[3] = iso[6];
    out[4] = iso[8];
    out[5] = iso[9];
    out[6] = '\0';
}

int mc_dossier_code_valid(const char *code)
{
    size_t n = strlen(code);
    if (n < 13 + 1 + 6 + 1 + 4 || n > 40)
        return 0;
    for (const char *p = code; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
            return 0;
    const char *d1 = strchr(code, '-');
    return d1 && (size_t)(d1 - code) == 13 && d1[7] == '-' && all_digits(d1 + 1, 6) &&
           all_digits(d1 + 8, strlen(d1 + 8));
}

void mc_dossier_last4(const char *s, char out[5])
{
    char digits[64];
    size_t k = 0;
    for (; *s && k + 1 < sizeof(digits); s++)
        if (isalnum((unsigned char)*s))
            digits[k++] = *s;
    out[0] = '\0';
    if (k >= 4) {
        memcpy(out, digits + k - 4, 4);
        out[4] = '\0';
    }
}

static mc_err compute_due(struct mc_dossier *d, const struct mc_action_input *in, struct mc_error *err)
{
    struct mc_due_req req = {0};
    struct mc_due_res res;
    if (mc_due_unit_parse(d->time_unit, &req.unit, err))
        return MC_ERR_INVALID;
    req.received = d->received_at;
    req.amount = d->time_amount;
    req.cutoff = d->cutoff;
    req.pauses = in->pauses;
    req.npauses = in->npauses;
    mc_err rc = mc_cal_due(in->cal, &req, &res, NULL, err);
    if (!rc)
        d->due_at = res.due;
    return rc;
}

static int64_t local_day(int64_t t)
{
    int64_t l = t + MC_TZ_OFFSET;
    return l >= 0 ? l / 86400 : (l - 86399) / 86400;
}

const char *mc_dossier_timeliness(int64_t finished, int64_t due)
{
    if (!due)
        return "on_time";
    if (finished > due)
        return "late";
    return local_day(finished) < local_day(due) ? "early" : "on_time";
}

static mc_err apply_clock(struct mc_dossier *d, const struct mc_transition *t, const struct mc_action_input *in,
                          struct mc_error *err)
{
    switch (t->clock) {
    case MC_CLOCK_START:
        d->received_at = in->now;
        return d->time_amount > 0 || !strcmp(d->time_unit, "wd") ? compute_due(d, in, err) : MC_OK;
    case MC_CLOCK_PAUSE:
        d->paused_at = in->now;
        return MC_OK;
    case MC_CLOCK_RESUME:
        d->paused_at = 0;
        return d->due_at ? compute_due(d, in, err) : MC_OK;
    case MC_CLOCK_STOP:
        d->finished_at = in->now;
        d->paused_at = 0;
        return MC_OK;
    case MC_CLOCK_NEW_DUE:
        if (in->new_due <= d->due_at || in->new_due <= in->now)
            return mc_error_field(err, "new_due_at", "Ngày hẹn mới phải sau ngày hẹn cũ và sau hiện tại",
                                  "The new appointment must be later than the old one and than now");
        d->due_at = in->new_due;
        return MC_OK;
    case MC_CLOCK_KEEP:
        break;
    }
    return MC_OK;
}

mc_err mc_dossier_apply(struct mc_dossier *d, const struct mc_transition *t, const struct mc_action_input *in,
                        struct mc_error *err)
{
    if (t->needs_comment && (!in->comment || !*in->comment))
        return mc_error_field(err, "comment", "Cần ghi rõ lý do hoặc nội dung", "A reason or description is required");
    if (!strcmp(t->action, "rate") && (in->rating < 1 || in->rating > 5))
        return mc_error_field(err, "rating", "Điểm đánh giá từ 1 đến 5", "The rating is 1 to 5");
    mc_err rc = apply_clock(d, t, in, err);
    if (rc)
        return rc;
    if (t->to != MC_ST_NONE)
        d->status = t->to;
    if (!strcmp(t->action, "forward") && in->processing_agency_id)
        d->processing_agency_id = in->processing_agency_id;
    if (!strcmp(t->action, "assign") || !strcmp(t->action, "claim"))
        d->assignee_id = in->assignee_id;
    if (!strcmp(t->action, "approve") && in->result_code)
        snprintf(d->result_code, sizeof(d->result_code), "%s", in->result_code);
    if (!strcmp(t->action, "deliver"))
        d->delivered_at = in->now;
    if (!strcmp(t->action, "recall"))
        d->delivered_at = 0;
    if (!strcmp(t->action, "rate")) {
        d->rating = in->rating;
        snprintf(d->rating_comment, sizeof(d->rating_comment), "%s", in->comment ? in->comment : "");
    }
    d->last_action_at = in->now;
    return MC_OK;
}
