/* slip.h - official slips and the dossier register as PDF (DOMAIN.md §5):
 * the data a slip needs, gathered by the caller (src/api/slips.c reads it
 * from the database on the event loop), and the renderer that fills the
 * rule set's template (render/templates.h) with it on a worker thread.
 *
 * Input text is hostile: every string goes through mc_pdf_clean (controls,
 * bidi overrides dropped, characters without a glyph replaced by '?', fields
 * cut at MC_PDF_FIELD_MAX characters), so any input renders. */
#ifndef MC_SLIP_H
#define MC_SLIP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/dossier.h"

struct mc_buf;
struct mc_fonts;

/* Most history rows and register rows one document prints. */
#define MC_SLIP_MAX_EVENTS 2000
#define MC_SLIP_MAX_ROWS 5000

/* One dossier_history row. Strings are heap copies owned by the input. */
struct mc_slip_event {
    int64_t at, due_at;
    int from, to;
    char action[32], timeliness[16];
    char *actor, *agency, *comment;
};

/* One row of the register. */
struct mc_slip_row {
    char code[48];
    int status;
    int64_t received_at, due_at, finished_at;
    char *applicant, *procedure;
};

struct mc_slip_input {
    const char *rules;    /* "03/2025" or "01/2018" */
    const char *kind;     /* receipt, ..., or "register" */
    int64_t now;          /* the issue date printed */
    char public_url[256]; /* base of the lookup address in the QR code */
    char place[128];      /* "Thanh Hóa": the place before the date */
    char agency[256], parent[256], processing_agency[256];
    char fee[256];                /* the fee line of the receipt */
    struct mc_dossier d;          /* slips: the dossier */
    struct mc_slip_event *events; /* slips: its history, oldest first */
    size_t nevents;
    struct mc_slip_row *rows; /* register: the dossiers received in [from, to] */
    size_t nrows, rows_total; /* rows printed, rows that matched */
    int64_t from_day, to_day; /* register: the period (day numbers) */
};

/* Sets up an empty input (everything zero, arrays NULL). */
void mc_slip_input_init(struct mc_slip_input *in);
/* Appends a history row (copies the strings). */
void mc_slip_input_event(struct mc_slip_input *in, const struct mc_slip_event *ev, const char *actor,
                         const char *agency, const char *comment);
/* Appends a register row (copies the strings). */
void mc_slip_input_row(struct mc_slip_input *in, const struct mc_slip_row *row, const char *applicant,
                       const char *procedure);
/* Frees the rows, the events and their strings. */
void mc_slip_input_release(struct mc_slip_input *in);

/* The history row a slip of kind prints (the last one whose workflow
 * transition issues it), or -1 when the dossier never got that slip.
 * control_sheet and register have none and answer 0. */
long mc_slip_event_of(const struct mc_slip_input *in);
/* 1 when kind is a slip of the API (the workflow's slip names). */
int mc_slip_kind_known(const char *kind);

/* Renders in into out (PDF bytes, replacing the buffer's contents).
 * 404-style MC_ERR_NOT_FOUND "slip_unknown" for a kind or rule set without a
 * template, MC_ERR_CONFLICT 409 "slip_not_issued" when the dossier's history
 * has no row issuing the slip, MC_ERR_INTERNAL on a libharu failure. The
 * number of pages goes to *pages when not NULL. */
mc_err mc_slip_render(const struct mc_fonts *f, const struct mc_slip_input *in, struct mc_buf *out, int *pages,
                      struct mc_error *err);

#endif
