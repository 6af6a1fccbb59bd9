/* pdf.c - the page-layout engine of slips (see pdf.h). */
#include "render/pdf.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "render/cid.h"
#include "render/font.h"
#include "core/banned.h"

#define A4_SHORT 595.276f
#define A4_LONG 841.89f
#define PAGE_W (p->width)
#define PAGE_H (p->height)
#define MARGIN_L 70.0f
#define MARGIN_R 45.0f
#define MARGIN_T 50.0f
#define MARGIN_B 50.0f
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define LEADING 1.3f /* line height as a multiple of the font size */
#define CELL_PAD 3.0f

struct mc_pdf {
    float width, height; /* of the page: A4 portrait or landscape */
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font font, bold;
    const struct mc_fonts *fonts;
    float y; /* the cursor: top of the next line */
    int pages;
    int full;           /* MC_PDF_MAX_PAGES reached: nothing more is drawn */
    HPDF_STATUS status; /* the first libharu error */
    struct mc_buf tmp;  /* one line, NUL-terminated, for HPDF_Page_TextOut */
};

struct line {
    size_t off, len;
    float width;
};

/* ---- text made safe ---- */

static int dropped(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE007F);
}

static size_t add_cp(struct mc_buf *out, uint32_t cp)
{
    char u[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    if (n == 1)
        u[0] = (char)cp;
    else if (n == 2) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
    } else {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
    }
    return mc_buf_add(out, u, n) ? 0 : 1;
}

size_t mc_pdf_clean(const struct mc_fonts *f, const char *s, size_t len, size_t max, int keep_newlines,
                    struct mc_buf *out)
{
    size_t i = 0, chars = 0, left = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = mc_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            n = 1;
            cp = '?';
        }
        i += n;
        if (cp == '\n' || cp == '\t' || cp == '\r')
            cp = cp == '\n' && keep_newlines ? '\n' : ' ';
        else if (dropped(cp))
            continue;
        else if (!mc_font_covers(f, cp))
            cp = '?';
        if (chars == max) {
            left++;
            continue;
        }
        chars += cp == '\n' ? (mc_buf_addch(out, '\n') ? 0 : 1) : add_cp(out, cp);
    }
    if (left)
        mc_buf_addf(out, " … (còn %zu ký tự)", left);
    return chars;
}

/* ---- document and pages ---- */

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    struct mc_pdf *p = user_data;
    (void)detail_no;
    if (!p->status)
        p->status = error_no;
}

static void new_page(struct mc_pdf *p)
{
    if (p->pages >= MC_PDF_MAX_PAGES) {
        p->full = 1;
        return;
    }
    p->page = HPDF_AddPage(p->doc);
    HPDF_Page_SetWidth(p->page, p->width);
    HPDF_Page_SetHeight(p->page, p->height);
    HPDF_Page_SetLineWidth(p->page, 0.6f);
    p->pages++;
    p->y = PAGE_H - MARGIN_T;
}

mc_err mc_pdf_new(const struct mc_fonts *f, int landscape, struct mc_pdf **out, struct mc_error *err)
{
    struct mc_pdf *p = mc_calloc(1, sizeof(*p));
    p->width = landscape ? A4_LONG : A4_SHORT;
    p->height = landscape ? A4_SHORT : A4_LONG;
    p->fonts = f;
    mc_buf_init(&p->tmp, 0);
    p->doc = HPDF_New(on_error, p);
    if (p->doc) {
        HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
        const char *enc = mc_cids_use(p->doc);
        const char *regular = enc ? HPDF_LoadTTFontFromFile(p->doc, f->regular, HPDF_TRUE) : NULL;
        const char *bold = enc ? HPDF_LoadTTFontFromFile(p->doc, f->bold, HPDF_TRUE) : NULL;
        p->font = regular ? HPDF_GetFont(p->doc, regular, enc) : NULL;
        p->bold = bold ? HPDF_GetFont(p->doc, bold, enc) : NULL;
        if (p->font && p->bold && !p->status)
            p->status = mc_cids_ready(p->doc);
    }
    if (!p->doc || !p->font || !p->bold || p->status) {
        mc_error_setf(err, MC_ERR_INTERNAL, 500, "render_failed", "Không tạo được tệp PDF (lỗi libharu 0x%04X)",
                      "Cannot create the PDF (libharu error 0x%04X)", (unsigned)p->status);
        mc_pdf_free(p);
        return MC_ERR_INTERNAL;
    }
    new_page(p);
    *out = p;
    return MC_OK;
}

void mc_pdf_free(struct mc_pdf *p)
{
    if (!p)
        return;
    if (p->doc)
        HPDF_Free(p->doc);
    mc_buf_release(&p->tmp);
    mc_free(p);
}

int mc_pdf_pages(const struct mc_pdf *p)
{
    return p->pages;
}

/* 1 when h points fit below the cursor, else a new page (0 when full). */
static int room(struct mc_pdf *p, float h)
{
    if (p->full)
        return 0;
    if (p->y - h >= MARGIN_B)
        return 1;
    new_page(p);
    return !p->full;
}

void mc_pdf_space(struct mc_pdf *p, float pt)
{
    if (p->y - pt < MARGIN_B)
        new_page(p);
    else
        p->y -= pt;
}

/* ---- lines ---- */

static float cp_width(HPDF_Font font, uint32_t cp, float size)
{
    return (float)HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp) * size / 1000.0f;
}

/* Breaks s[0..len) (clean text) into lines at most width wide: at spaces,
 * inside a word only when the word alone is wider, and at '\n'. Returns the
 * count; *lines is mc_malloc'd (the caller frees). */
static size_t wrap(HPDF_Font font, float size, const char *s, size_t len, float width, struct line **lines)
{
    const size_t none = (size_t)-1;
    size_t n = 0, cap = 8, start = 0, i = 0, space = none;
    float w = 0, w_space = 0;
    struct line *l = mc_reallocarray(NULL, cap, sizeof(*l));
    for (;;) {
        uint32_t cp = '\n';
        size_t k = i < len ? mc_utf8_decode(s + i, len - i, &cp) : 0;
        float cw = cp == '\n' ? 0 : cp_width(font, cp, size);
        int brk = i == len || cp == '\n', over = !brk && w + cw > width && i > start;
        if (!brk && !over) {
            if (cp == ' ') {
                space = i;
                w_space = w;
            }
            w += cw;
            i += k ? k : 1;
            continue;
        }
        if (n == cap)
            l = mc_reallocarray(l, cap *= 2, sizeof(*l));
        if (over && space != none) {
            l[n++] = (struct line){start, space - start, w_space};
            i = start = space + 1;
        } else {
            l[n++] = (struct line){start, i - start, w};
            if (i == len)
                break;
            i = start = i + (brk ? 1 : 0);
        }
        space = none;
        w = 0;
    }
    *lines = l;
    return n;
}

static void text_at(struct mc_pdf *p, HPDF_Font font, float size, float x, float y, const char *s, size_t len)
{
    if (!len)
        return;
    mc_buf_clear(&p->tmp);
    mc_buf_add(&p->tmp, s, len);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, font, size);
    HPDF_Page_TextOut(p->page, x, y, p->tmp.buf);
    HPDF_Page_EndText(p->page);
}

static float aligned_x(float x, float width, float line_w, enum mc_pdf_align align)
{
    return align == MC_PDF_CENTER ? x + (width - line_w) / 2 : align == MC_PDF_RIGHT ? x + width - line_w : x;
}

/* Draws wrapped clean text in [x, x + width), continuing on new pages. */
static void draw_block(struct mc_pdf *p, const char *s, size_t len, float x, float width, float size, int bold,
                       enum mc_pdf_align align)
{
    HPDF_Font font = bold ? p->bold : p->font;
    struct line *l;
    size_t n = wrap(font, size, s, len, width, &l);
    for (size_t i = 0; i < n && room(p, size * LEADING); i++) {
        p->y -= size * LEADING;
        text_at(p, font, size, aligned_x(x, width, l[i].width, align), p->y + size * 0.3f, s + l[i].off, l[i].len);
    }
    mc_free(l);
}

void mc_pdf_para(struct mc_pdf *p, const char *text, float size, int bold, enum mc_pdf_align align)
{
    struct mc_buf c;
    mc_buf_init(&c, 0);
    mc_pdf_clean(p->fonts, text, strlen(text), MC_PDF_FIELD_MAX, 1, &c);
    draw_block(p, c.buf, c.len, MARGIN_L, TEXT_W, size, bold, align);
    mc_buf_release(&c);
}

/* One column of mc_pdf_columns; returns the cursor below it. */
static float column(struct mc_pdf *p, const char *text, float x, float width, float size, float top)
{
    const char *s = text;
    p->y = top;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (*s == '_') { /* a short rule under the line above */
            HPDF_Page_MoveTo(p->page, x + width * 0.3f, p->y - 2);
            HPDF_Page_LineTo(p->page, x + width * 0.7f, p->y - 2);
            HPDF_Page_Stroke(p->page);
            p->y -= 5;
        } else {
            struct mc_buf c;
            mc_buf_init(&c, 0);
            int bold = *s == '*';
            mc_pdf_clean(p->fonts, s + bold, len - (size_t)bold, 300, 0, &c);
            draw_block(p, c.buf, c.len, x, width, size, bold, MC_PDF_CENTER);
            mc_buf_release(&c);
        }
        s += len + (nl ? 1 : 0);
    }
    return p->y;
}

void mc_pdf_columns(struct mc_pdf *p, const char *left, const char *right, float left_frac, float size)
{
    if (!room(p, size * LEADING * 4))
        return;
    float top = p->y, lw = TEXT_W * left_frac;
    int page = p->pages;
    float a = column(p, left, MARGIN_L - 20, lw + 20, size, top);
    if (p->pages != page || p->full)
        return; /* header text too long for one page: it went on below */
    float b = column(p, right, MARGIN_L + lw, TEXT_W - lw + 20, size, top);
    p->y = a < b ? a : b;
}

/* ---- tables ---- */

struct row {
    size_t ncols;
    struct mc_buf text[16];
    struct line *lines[16];
    size_t nlines[16], most;
};

static void row_prepare(struct mc_pdf *p, struct row *r, const float *widths, const char *const *cells, float size,
                        int bold)
{
    r->most = 1;
    for (size_t c = 0; c < r->ncols; c++) {
        mc_buf_init(&r->text[c], 0);
        mc_pdf_clean(p->fonts, cells[c] ? cells[c] : "", cells[c] ? strlen(cells[c]) : 0, MC_PDF_FIELD_MAX, 1,
                     &r->text[c]);
        r->nlines[c] = wrap(bold ? p->bold : p->font, size, r->text[c].buf, r->text[c].len,
                            TEXT_W * widths[c] - 2 * CELL_PAD, &r->lines[c]);
        if (r->nlines[c] > r->most)
            r->most = r->nlines[c];
    }
}

static void row_release(struct row *r)
{
    for (size_t c = 0; c < r->ncols; c++) {
        mc_buf_release(&r->text[c]);
        mc_free(r->lines[c]);
    }
}

/* Draws lines [from, from + take) of every cell and the cell borders. */
static void row_slice(struct mc_pdf *p, struct row *r, const float *widths, float size, int bold, size_t from,
                      size_t take)
{
    float h = (float)take * size * LEADING + 2 * CELL_PAD, x = MARGIN_L;
    for (size_t c = 0; c < r->ncols; x += TEXT_W * widths[c], c++) {
        float w = TEXT_W * widths[c];
        for (size_t i = from; i < from + take && i < r->nlines[c]; i++) {
            const struct line *l = &r->lines[c][i];
            float y = p->y - CELL_PAD - (float)(i - from + 1) * size * LEADING + size * 0.3f;
            text_at(p, bold ? p->bold : p->font, size,
                    bold ? aligned_x(x + CELL_PAD, w - 2 * CELL_PAD, l->width, MC_PDF_CENTER) : x + CELL_PAD, y,
                    r->text[c].buf + l->off, l->len);
        }
    }
    x = MARGIN_L;
    for (size_t c = 0; c < r->ncols; c++) {
        HPDF_Page_Rectangle(p->page, x, p->y - h, TEXT_W * widths[c], h);
        x += TEXT_W * widths[c];
    }
    HPDF_Page_Stroke(p->page);
    p->y -= h;
}

static void table_row(struct mc_pdf *p, size_t ncols, const float *widths, const char *const *cells,
                      const char *const *headers, float size)
{
    struct row r = {.ncols = ncols};
    int bold = headers == NULL;
    float lead = size * LEADING, full = PAGE_H - MARGIN_T - MARGIN_B - 2 * CELL_PAD;
    row_prepare(p, &r, widths, cells, size, bold);
    /* a row that fits on a page is not split: it starts on the next one */
    if (!p->full && (float)r.most * lead + 2 * CELL_PAD > p->y - MARGIN_B && (float)r.most * lead <= full - lead * 3) {
        new_page(p);
        if (headers && !p->full)
            table_row(p, ncols, widths, headers, NULL, size);
    }
    for (size_t done = 0; done < r.most && !p->full;) {
        size_t fit = (size_t)((p->y - MARGIN_B - 2 * CELL_PAD) / lead);
        if (!fit) {
            new_page(p);
            if (headers && !p->full)
                table_row(p, ncols, widths, headers, NULL, size);
            continue;
        }
        size_t take = fit < r.most - done ? fit : r.most - done;
        row_slice(p, &r, widths, size, bold, done, take);
        done += take;
    }
    row_release(&r);
}

void mc_pdf_table(struct mc_pdf *p, size_t ncols, const float *widths, const char *const *headers,
                  const char *const *cells, size_t nrows, float size)
{
    if (ncols > 16 || !ncols)
        return;
    table_row(p, ncols, widths, headers, NULL, size);
    for (size_t i = 0; i < nrows && !p->full; i++)
        table_row(p, ncols, widths, cells + i * ncols, headers, size);
}

/* ---- QR ---- */

mc_err mc_pdf_qr(struct mc_pdf *p, const char *text, float side, struct mc_error *err)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return mc_error_set(err, MC_ERR_INVALID, 500, "qr_failed", "Không tạo được mã QR", "Cannot encode the QR code");
    if (room(p, side)) {
        float m = side / (float)(q->width + 8), x0 = MARGIN_L + (TEXT_W - side) / 2 + 4 * m, y0 = p->y - 4 * m;
        for (int r = 0; r < q->width; r++)
            for (int c = 0; c < q->width;) {
                int run = 0;
                while (c + run < q->width && (q->data[r * q->width + c + run] & 1))
                    run++;
                if (run)
                    HPDF_Page_Rectangle(p->page, x0 + (float)c * m, y0 - (float)(r + 1) * m, (float)run * m, m);
                c += run ? run : 1;
            }
        HPDF_Page_Fill(p->page);
        p->y -= side;
    }
    QRcode_free(q);
    return MC_OK;
}

/* ---- output ---- */

/* Marks every part of every composite glyph drawn as used, so libharu
 * embeds it (font.h). The characters drawn are the encoder's (cid.h). */
static void mark_parts(struct mc_pdf *p, HPDF_Font font, const struct mc_font_glyphs *g)
{
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    HPDF_TTFontDefAttr attr = def ? (HPDF_TTFontDefAttr)def->attr : NULL;
    const uint16_t *cps;
    size_t n = mc_cids_drawn(p->doc, &cps);
    if (!attr || !g->gid_of || attr->num_glyphs != g->nglyphs)
        return;
    for (size_t k = 0; k < n; k++) {
        uint16_t gid = g->gid_of[cps[k]];
        if (!gid)
            continue;
        attr->glyph_tbl.flgs[gid] = 1;
        for (uint32_t i = g->first[gid]; i < g->first[gid + 1]; i++)
            if (g->parts[i] < attr->num_glyphs)
                attr->glyph_tbl.flgs[g->parts[i]] = 1;
    }
}

mc_err mc_pdf_save(struct mc_pdf *p, struct mc_buf *out, struct mc_error *err)
{
    mc_buf_clear(out);
    mark_parts(p, p->font, &p->fonts->glyphs[0]);
    mark_parts(p, p->bold, &p->fonts->glyphs[1]);
    HPDF_Font fonts[2] = {p->font, p->bold};
    if (!p->status)
        p->status = mc_cids_finish(p->doc, fonts, 2);
    if (!p->status)
        HPDF_SaveToStream(p->doc);
    HPDF_UINT32 size = p->status ? 0 : HPDF_GetStreamSize(p->doc);
    mc_err rc = p->status ? MC_ERR_INTERNAL : mc_buf_grow(out, size);
    if (!rc) {
        HPDF_UINT32 got = size;
        HPDF_ResetStream(p->doc);
        HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)out->buf, &got);
        out->len = got;
        out->buf[got] = '\0';
    }
    if (rc || p->status)
        return mc_error_setf(err, MC_ERR_INTERNAL, 500, "render_failed", "Không tạo được tệp PDF (lỗi 0x%04X)",
                             "Cannot create the PDF (error 0x%04X)", (unsigned)p->status);
    return MC_OK;
}
