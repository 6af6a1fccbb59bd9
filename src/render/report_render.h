/* report_render.h - Biểu 06 / II.06a as JSON, CSV, XLSX and PDF.
 *
 * One input (the report of store/report_store.h and what the heading
 * prints), four outputs with the same rows in the same order: for each level
 * its subtotal (numbered I, II, ...) then its fields (1, 2, ...), then the
 * grand total. docs/internals/reports.md describes each format. The XLSX
 * and PDF renderers are CPU work for the worker pool; none keeps state. */
#ifndef MC_REPORT_RENDER_H
#define MC_REPORT_RENDER_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct mc_buf;
struct mc_fonts;
struct mc_b06_report;

struct mc_b06_doc {
    const struct mc_b06_report *rep;
    int64_t agency_id;
    const char *agency_code, *agency_name; /* the agency whose subtree it covers */
    int64_t from_day, to_day;              /* the period */
    unsigned level;                        /* the level filter, 0 = none */
    const char *field;                     /* the field filter, "" = none */
    int64_t generated_at;
};

/* The column headings (3..13), Vietnamese and English, and the JSON keys. */
const char *mc_b06_column_name(int col, int en);
const char *mc_b06_column_key(int col);

/* The JSON form (docs/internals/reports.md); owned by the caller. */
json_t *mc_b06_json(const struct mc_b06_doc *d);
/* UTF-8 CSV with a byte-order mark (Excel opens it as UTF-8), CRLF line ends. */
mc_err mc_b06_csv(const struct mc_b06_doc *d, struct mc_buf *out, struct mc_error *err);
/* XLSX (libxlsxwriter through a temporary file in tmpdir, removed after):
 * the legal heading, grouped column headers, column numbers, totals as
 * formulas with their computed values. */
mc_err mc_b06_xlsx(const struct mc_b06_doc *d, const char *tmpdir, struct mc_buf *out, struct mc_error *err);
/* PDF in the legal layout (render/pdf.h): national header, title, period,
 * the table, signatures. */
mc_err mc_b06_pdf(const struct mc_fonts *f, const struct mc_b06_doc *d, struct mc_buf *out, struct mc_error *err);

#endif
