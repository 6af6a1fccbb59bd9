/* dossier.h - a dossier (hồ sơ) as the domain sees it: plain structs and
 * the validation of what an applicant or officer sends (no SQL, no JSON). */
#ifndef MC_DOSSIER_H
#define MC_DOSSIER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/workflow.h"

#define MC_DOSSIER_MAX_COMPONENTS 64

struct mc_dossier_component {
    char name[512];
    int originals, copies, photocopies;
};

struct mc_dossier {
    int64_t id;
    char code[48];
    int64_t agency_id;
    char agency_code[32];
    int64_t procedure_id;
    char procedure_code[48];
    char procedure_name[1024];
    int channel; /* 1 direct, 2 online, 3 postal */
    enum mc_status status;
    char applicant_kind[16]; /* person, organisation */
    char applicant_name[256];
    char applicant_id_kind[16]; /* cccd, passport, tax_code */
    char applicant_id[32];
    char applicant_phone[16];
    char applicant_email[256];
    char applicant_address[512];
    char owner_name[256];
    char owner_address[512];
    char postal_tracking[64];
    char note[1024];
    int64_t time_amount;
    char time_unit[8]; /* wd, d, h */
    int cutoff;        /* minutes of the day, 0 = none */
    int64_t submitted_by;
    int64_t submitted_at, received_at, due_at, paused_at, finished_at, delivered_at, last_action_at;
    int64_t processing_agency_id, assignee_id;
    char result_code[64];
    int rating;
    char rating_comment[1024];
    int step_group;          /* the workflow group running, 0 = none */
    int64_t internal_due_at; /* when the result must be back at the desk */
    int64_t stuck_at;        /* flagged as stuck by the scheduler */
    int ncomponents;
    struct mc_dossier_component components[MC_DOSSIER_MAX_COMPONENTS];
};

/* Checks an identity number by kind: cccd = 12 digits (citizen identity
 * card), passport = one letter and 7 digits, tax_code = 10 digits or 10 + "-"
 * + 3 digits. 400 invalid_field naming "applicant.id_number". */
mc_err mc_dossier_check_id(const char *kind, const char *number, struct mc_error *err);
/* A Vietnamese phone number: 10 digits starting with 0 (after removing
 * spaces, dots and dashes, +84 -> 0), normalised into out. */
mc_err mc_dossier_check_phone(const char *in, char *out, size_t cap, struct mc_error *err);
/* Formats <agency code>-<yyMMdd>-<NNNN> (at least 4 digits). */
void mc_dossier_format_code(char *out, size_t cap, const char *agency_code, const char *yymmdd, int64_t seq);
/* yyMMdd of instant t in Vietnam time. */
void mc_dossier_day(int64_t t, char out[7]);
/* 1 when code has the shape of a dossier code. */
int mc_dossier_code_valid(const char *code);
/* The last four digits of a phone or id number into out[5] ("" if shorter). */
void mc_dossier_last4(const char *s, char out[5]);

struct mc_cal;
struct mc_cal_pause;

/* What an action needs besides the dossier. */
struct mc_action_input {
    int64_t now;
    const struct mc_cal *cal;
    const struct mc_cal_pause *pauses; /* closed pause intervals so far, sorted */
    size_t npauses;
    int64_t new_due;              /* apologize: the new appointment */
    int64_t assignee_id;          /* assign */
    int64_t processing_agency_id; /* forward */
    const char *result_code;      /* approve */
    int rating;                   /* rate: 1-5 */
    const char *comment;
};

/* Applies transition t to d (status, clock fields, assignee, result...):
 * MC_CLOCK_START fixes received_at = now and the due date from the
 * procedure's time; PAUSE sets paused_at; RESUME recomputes the due date from
 * the receipt over every pause (the calendar's rule set says shift or
 * restart); STOP sets finished_at; NEW_DUE takes in->new_due (which must be
 * later than the current one). Errors name the field (400). */
mc_err mc_dossier_apply(struct mc_dossier *d, const struct mc_transition *t, const struct mc_action_input *in,
                        struct mc_error *err);
/* "early", "on_time" or "late": finished before the due date's day, on it
 * (or no due date), or after the due instant. The one place this rule lives
 * (DOMAIN.md §6). */
const char *mc_dossier_timeliness(int64_t finished, int64_t due);

#endif
