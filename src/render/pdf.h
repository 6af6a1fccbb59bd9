/* pdf.h - a small page-layout engine over libharu for official forms: A4
 * portrait, paragraphs that wrap, two-column blocks (the national header),
 * tables whose rows wrap and break across pages (the header row repeated),
 * QR codes, signatures. Every string drawn goes through mc_pdf_clean first.
 *
 * A document is built top to bottom; the cursor moves down and a new page
 * starts when the next line does not fit. Not thread-safe per document;
 * documents on different threads are independent (libharu keeps no global
 * state), so rendering runs on the worker pool. */
#ifndef MC_PDF_H
#define MC_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_buf;
struct mc_fonts;
struct mc_pdf;

/* Longest text of one field, in characters: longer text is cut with "…" and
 * a note of how many characters were left out (docs/internals/slips.md). */
#define MC_PDF_FIELD_MAX 2000
/* Most pages one document may have; past it the rest is cut with a note. */
#define MC_PDF_MAX_PAGES 200

enum mc_pdf_align { MC_PDF_LEFT, MC_PDF_CENTER, MC_PDF_RIGHT };

/* Appends to out the text s[0..len) made safe to draw: invalid UTF-8 bytes
 * become '?', C0/C1 control characters are dropped (tab and line breaks
 * become spaces, or "\n" when keep_newlines), bidirectional controls
 * (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and zero-width or
 * variation characters are dropped, characters the fonts cannot draw
 * (emoji, CJK...) become '?', and after max characters the rest is cut with
 * " … (còn N ký tự)" . Returns the number of characters written. */
size_t mc_pdf_clean(const struct mc_fonts *f, const char *s, size_t len, size_t max, int keep_newlines,
                    struct mc_buf *out);

/* A new empty document with one A4 page, portrait or (landscape set)
 * landscape (heap; free with mc_pdf_free). MC_ERR_INTERNAL with a message
 * when libharu fails (the fonts). */
mc_err mc_pdf_new(const struct mc_fonts *f, int landscape, struct mc_pdf **out, struct mc_error *err);
void mc_pdf_free(struct mc_pdf *p);

/* A wrapped paragraph over the text width (cleaned, cut at
 * MC_PDF_FIELD_MAX). */
void mc_pdf_para(struct mc_pdf *p, const char *text, float size, int bold, enum mc_pdf_align align);
/* Two columns side by side (left_frac of the text width for the left one),
 * each a list of lines ("\n"-separated; a line starting with '*' is bold),
 * centred in its column; the cursor moves below the taller one. */
void mc_pdf_columns(struct mc_pdf *p, const char *left, const char *right, float left_frac, float size);
/* Vertical space in points. */
void mc_pdf_space(struct mc_pdf *p, float pt);
/* A table: ncols columns with widths as fractions of the text width, a bold
 * header row repeated on each page, then nrows rows of ncols cells
 * (cells[r * ncols + c]). Rows wrap; a row taller than the room left
 * continues on the next page. */
void mc_pdf_table(struct mc_pdf *p, size_t ncols, const float *widths, const char *const *headers,
                  const char *const *cells, size_t nrows, float size);
/* A QR code of text (libqrencode, level M, with its quiet zone), side points
 * wide, centred; the cursor moves below it. MC_ERR_INVALID when the text
 * cannot be encoded (longer than a QR code holds). */
mc_err mc_pdf_qr(struct mc_pdf *p, const char *text, float side, struct mc_error *err);
/* Pages so far. */
int mc_pdf_pages(const struct mc_pdf *p);
/* Writes the PDF into out (replacing its contents). */
mc_err mc_pdf_save(struct mc_pdf *p, struct mc_buf *out, struct mc_error *err);

#endif
