/* Unit tests of src/render: the derived fonts, text cleaning, every slip
 * kind of both rule sets, tables across pages, hostile input, and the text
 * read back with pdftotext when poppler-utils is installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "render/font.h"
#include "render/pdf.h"
#include "render/slip.h"
#include "render/templates.h"

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define T0 ((int64_t)mc_days_from_civil(2026, 11, 23) * 86400) /* 2026-11-23 07:00 +07:00 */

static struct mc_fonts *fonts(void)
{
    static struct mc_fonts f;
    static int ready;
    struct mc_error e;
    mc_error_init(&e);
    if (!ready && mc_fonts_open(&f, FONT, FONT_BOLD, &e) == MC_OK)
        ready = 1;
    return ready ? &f : NULL;
}

static void add_event(struct mc_slip_input *in, const char *action, int from, int to, int64_t at, const char *comment)
{
    struct mc_slip_event ev = {.at = at, .due_at = T0 + 10 * 86400, .from = from, .to = to};
    snprintf(ev.action, sizeof(ev.action), "%s", action);
    mc_slip_input_event(in, &ev, "Nguyễn Thị Lan", "Trung tâm Phục vụ hành chính công tỉnh", comment);
}

/* A received dossier with two components and the history of every slip. */
static void fixture(struct mc_slip_input *in, const char *kind)
{
    mc_slip_input_init(in);
    in->rules = "03/2025";
    in->kind = kind;
    in->now = T0 + 3600;
    snprintf(in->public_url, sizeof(in->public_url), "https://dichvucong.thanhhoa.gov.vn/");
    snprintf(in->place, sizeof(in->place), "Thanh Hóa");
    snprintf(in->agency, sizeof(in->agency), "Sở Khoa học và Công nghệ");
    snprintf(in->parent, sizeof(in->parent), "Ủy ban nhân dân tỉnh Thanh Hóa");
    struct mc_dossier *d = &in->d;
    snprintf(d->code, sizeof(d->code), "000.00.06.H56-261123-0042");
    snprintf(d->applicant_name, sizeof(d->applicant_name), "Nguyễn Văn Ánh");
    snprintf(d->applicant_id_kind, sizeof(d->applicant_id_kind), "cccd");
    snprintf(d->applicant_id, sizeof(d->applicant_id), "038090012345");
    snprintf(d->applicant_phone, sizeof(d->applicant_phone), "0912345678");
    snprintf(d->applicant_address, sizeof(d->applicant_address), "Số 1 Lê Lợi, phường Hạc Thành");
    snprintf(d->procedure_name, sizeof(d->procedure_name), "Cấp giấy phép xuất bản bản tin");
    snprintf(d->procedure_code, sizeof(d->procedure_code), "1.009374");
    snprintf(d->owner_name, sizeof(d->owner_name), "Nguyễn Văn Ánh");
    snprintf(d->time_unit, sizeof(d->time_unit), "wd");
    d->time_amount = 10;
    d->channel = 1;
    d->status = MC_ST_PROCESSING;
    d->received_at = T0;
    d->due_at = T0 + 14 * 86400;
    d->ncomponents = 2;
    snprintf(d->components[0].name, sizeof(d->components[0].name), "Đơn đề nghị cấp giấy phép");
    d->components[0].originals = 1;
    snprintf(d->components[1].name, sizeof(d->components[1].name), "Bản sao quyết định thành lập");
    d->components[1].copies = 2;
    add_event(in, "receive", 0, 2, T0, "");
    add_event(in, "forward", 2, 4, T0 + 600, "");
    add_event(in, "request_supplement", 4, 5, T0 + 1200, "Bổ sung bản sao giấy phép cũ");
    add_event(in, "request_payment", 4, 6, T0 + 1800, "Lệ phí 500.000 đồng");
    add_event(in, "apologize", 4, 4, T0 + 2400, "Chờ ý kiến Sở Tư pháp");
    add_event(in, "stop", 4, 8, T0 + 3000, "Người nộp không bổ sung đúng hạn");
    add_event(in, "deliver", 9, 10, T0 + 3600, "");
}

static mc_err render(struct mc_slip_input *in, struct mc_buf *out, int *pages)
{
    struct mc_error e;
    mc_error_init(&e);
    mc_buf_init(out, 0);
    return mc_slip_render(fonts(), in, out, pages, &e);
}

/* The text pdftotext reads from pdf, into text (empty when not installed). */
static void pdf_text(const struct mc_buf *pdf, struct mc_buf *text)
{
    char path[] = "/tmp/mc-render-XXXXXX", cmd[128];
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    CHECK((size_t)write(fd, pdf->buf, pdf->len) == pdf->len);
    close(fd);
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 %s - 2>/dev/null", path);
    if (getenv("MC_KEEP_PDF"))
        snprintf(cmd, sizeof(cmd), "cp %s /tmp/last.pdf; pdftotext -q -enc UTF-8 %s - 2>/dev/null", path, path);
    FILE *p = access("/usr/bin/pdftotext", X_OK) ? NULL : popen(cmd, "r");
    char chunk[4096];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        mc_buf_add(text, chunk, n);
    if (p)
        pclose(p);
    unlink(path);
}

static void test_derived_font_covers_vietnamese_not_emoji(void)
{
    struct mc_fonts *f = fonts();
    CHECK(f != NULL);
    if (!f)
        return;
    const uint32_t yes[] = {'A', 0x0110, 0x01B0, 0x1EC7, 0x1EA0, 0x20AB, 0x0303, 0x2013, 0x0416};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        CHECK(mc_font_covers(f, yes[i]));
    CHECK(!mc_font_covers(f, 0x1F600));
    CHECK(!mc_font_covers(f, 0x4E00));
    CHECK(!mc_font_covers(f, 0x05D0)); /* Hebrew: outside the ranges */
}

/* The derived font keeps only the glyphs the ranges reach (renumbered) and
 * the names libharu reads: every composite's parts exist under the new ids,
 * a two-mark Vietnamese letter keeps its parts, and the font shrinks. */
static void test_derived_font_is_compact_and_consistent(void)
{
    struct mc_buf in;
    struct mc_error e;
    unsigned char *out = NULL, cover[8192];
    size_t len = 0;
    mc_buf_init(&in, 0);
    mc_error_init(&e);
    FILE *fp = fopen(FONT, "rb");
    CHECK(fp != NULL);
    char chunk[65536];
    size_t n;
    while (fp && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        mc_buf_add(&in, chunk, n);
    if (fp)
        fclose(fp);
    struct mc_font_glyphs orig, g;
    CHECK_INT(MC_OK, mc_font_glyphs_load((const unsigned char *)in.buf, in.len, &orig, &e));
    CHECK_INT(MC_OK, mc_font_derive((const unsigned char *)in.buf, in.len, &out, &len, cover, &e));
    CHECK_INT(MC_OK, mc_font_glyphs_load(out, len, &g, &e));
    CHECK(g.nglyphs > 1000 && g.nglyphs * 2 < orig.nglyphs);
    if (len * 2 >= in.len)
        printf("    derived font: %zu of %zu bytes\n", len, in.len);
    CHECK(len * 2 < in.len); /* DejaVuSans: 760 kB -> 297 kB (the glyphs of the ranges) */
    int bad = 0;
    for (uint32_t i = 0; i < g.first[g.nglyphs]; i++)
        bad += g.parts[i] == 0 || g.parts[i] >= g.nglyphs;
    CHECK_INT(0, bad);
    uint32_t e_circ_acute = g.gid_of[0x1EBF]; /* ế: a composite of composites in DejaVu */
    CHECK(e_circ_acute != 0 && e_circ_acute < g.nglyphs);
    CHECK(g.first[e_circ_acute + 1] - g.first[e_circ_acute] >= 2);
    CHECK_INT((int)(orig.first[orig.gid_of[0x1EBF] + 1] - orig.first[orig.gid_of[0x1EBF]]),
              (int)(g.first[e_circ_acute + 1] - g.first[e_circ_acute]));
    for (uint32_t cp = 0x20; cp < 0x7F; cp++)
        CHECK(g.gid_of[cp] != 0 || cp == ' ');
    mc_font_glyphs_release(&orig);
    mc_font_glyphs_release(&g);
    mc_free(out);
    mc_buf_release(&in);
}

static void test_clean_drops_controls_bidi_and_replaces_emoji(void)
{
    struct mc_buf b;
    mc_buf_init(&b, 0);
    const char in[] = "A\x01\x1b[31mB\xe2\x80\xae"
                      "C\xf0\x9f\x98\x80"
                      "D\tE\xc2\x85"
                      "F\xff"
                      "G\xe2\x80\x8b"
                      "Đ";
    mc_pdf_clean(fonts(), in, sizeof(in) - 1, 100, 0, &b);
    CHECK_STR("A[31mBC?D EF?GĐ", b.buf);
    mc_buf_clear(&b);
    CHECK_INT(5, mc_pdf_clean(fonts(), "ăâêôơưđ", strlen("ăâêôơưđ"), 5, 0, &b));
    CHECK_STR("ăâêôơ … (còn 2 ký tự)", b.buf);
    mc_buf_release(&b);
}

static void test_receipt_text_and_qr_address(void)
{
    struct mc_slip_input in;
    struct mc_buf pdf, text;
    int pages = 0;
    fixture(&in, "receipt");
    CHECK_INT(MC_OK, render(&in, &pdf, &pages));
    CHECK_INT(1, pages);
    CHECK(pdf.len > 1000 && !memcmp(pdf.buf, "%PDF-", 5));
    mc_buf_init(&text, 0);
    pdf_text(&pdf, &text);
    if (text.len) {
        const char *want[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                              "Độc lập - Tự do - Hạnh phúc",
                              "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                              "000.00.06.H56-261123-0042",
                              "Nguyễn Văn Ánh",
                              "Đơn đề nghị cấp giấy phép",
                              "chứng thực",
                              "07 giờ 00 phút, ngày 23/11/2026",
                              "07 giờ 00 phút, ngày 03/12/2026",
                              "Thanh Hóa, ngày 23 tháng 11 năm 2026",
                              "https://dichvucong.thanhhoa.gov.vn/tra-cuu/000.00.06.H56-261123-0042",
                              "Mẫu số 01",
                              "03/2025/TT-VPCP"};
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
            if (!strstr(text.buf, want[i]))
                mc_check_fail(__FILE__, __LINE__, "receipt text lacks \"%s\"", want[i]);
    }
    mc_buf_release(&text);
    mc_buf_release(&pdf);
    mc_slip_input_release(&in);
}

static void test_every_kind_of_both_rule_sets_renders(void)
{
    size_t n;
    const struct mc_slip_template *t = mc_slip_templates(&n);
    CHECK(n >= 18);
    for (size_t i = 0; i < n; i++) {
        struct mc_slip_input in;
        struct mc_buf pdf, text;
        fixture(&in, t[i].kind);
        in.rules = t[i].rules;
        in.from_day = mc_days_from_civil(2026, 11, 1);
        in.to_day = mc_days_from_civil(2026, 11, 30);
        in.rows_total = 1;
        struct mc_slip_row row = {.status = 4, .received_at = T0};
        snprintf(row.code, sizeof(row.code), "000.00.06.H56-261123-0001");
        mc_slip_input_row(&in, &row, "Trần Thị Bình", "Đăng ký khai sinh");
        add_event(&in, "guide_supplement", 1, 1, T0 + 4000, "Thiếu bản sao có chứng thực");
        add_event(&in, "refuse", 1, 3, T0 + 4100, "Không thuộc thẩm quyền");
        int pages = 0;
        mc_err rc = render(&in, &pdf, &pages);
        if (rc || pages < 1)
            mc_check_fail(__FILE__, __LINE__, "%s %s: rc %d pages %d", t[i].rules, t[i].kind, rc, pages);
        mc_buf_init(&text, 0);
        pdf_text(&pdf, &text);
        if (text.len && (!strstr(text.buf, t[i].title) || !strstr(text.buf, "CỘNG HÒA XÃ HỘI")))
            mc_check_fail(__FILE__, __LINE__, "%s %s: title missing", t[i].rules, t[i].kind);
        mc_buf_release(&text);
        mc_buf_release(&pdf);
        mc_slip_input_release(&in);
    }
}

static void test_slip_not_issued_and_unknown_kind(void)
{
    struct mc_slip_input in;
    struct mc_buf pdf;
    fixture(&in, "refusal"); /* no refuse row in the fixture */
    CHECK_INT(MC_ERR_CONFLICT, render(&in, &pdf, NULL));
    mc_buf_release(&pdf);
    in.kind = "teleport";
    CHECK_INT(MC_ERR_NOT_FOUND, render(&in, &pdf, NULL));
    mc_buf_release(&pdf);
    in.kind = "receipt";
    in.rules = "99/2099";
    CHECK_INT(MC_ERR_NOT_FOUND, render(&in, &pdf, NULL));
    mc_buf_release(&pdf);
    CHECK(mc_slip_kind_known("apology") && !mc_slip_kind_known("register") && !mc_slip_kind_known("x"));
    mc_slip_input_release(&in);
}

static void test_control_sheet_of_200_rows_breaks_pages_and_repeats_header(void)
{
    struct mc_slip_input in;
    struct mc_buf pdf, text;
    fixture(&in, "control_sheet");
    for (int i = 0; i < 193; i++)
        add_event(&in, i % 2 ? "claim" : "complete_step", 4, 4, T0 + 7200 + i * 60, "Chuyển bước xử lý tiếp theo");
    int pages = 0;
    int64_t t = mc_clock_ms();
    CHECK_INT(MC_OK, render(&in, &pdf, &pages));
    fprintf(stderr, "    control sheet, 200 rows: %d pages, %lld ms, %zu bytes\n", pages,
            (long long)(mc_clock_ms() - t), pdf.len);
    CHECK(pages >= 4);
    mc_buf_init(&text, 0);
    pdf_text(&pdf, &text);
    if (text.len) {
        size_t headers = 0;
        for (const char *s = text.buf; (s = strstr(s, "Ghi chú")); s++)
            headers++;
        CHECK_INT(pages, headers);
        CHECK(strstr(text.buf, "200") != NULL);
    }
    mc_buf_release(&text);
    mc_buf_release(&pdf);
    mc_slip_input_release(&in);
}

/* 100,000 characters of everything hostile in the name and a comment. */
static void test_hostile_text_renders_quickly_and_is_cut(void)
{
    struct mc_slip_input in;
    struct mc_buf pdf, text, evil;
    mc_buf_init(&evil, 0);
    const char *pieces[] = {"Nguyễn", "\xe2\x80\xae",      "\x07", "\xf0\x9f\x98\x80", "שלום",
                            " ",      "x\xcc\x81\xcc\x82", "\r\n", "\xef\xbb\xbf",     "Ư"};
    for (size_t i = 0; evil.len < 100000; i++)
        mc_buf_adds(&evil, pieces[i % 10]);
    fixture(&in, "control_sheet");
    /* the dossier's own fields are fixed-size: fill the name to the brim */
    memset(in.d.applicant_name, 'W', sizeof(in.d.applicant_name) - 1);
    add_event(&in, "complete_step", 4, 4, T0 + 9000, evil.buf);
    mc_free(in.events[0].actor);
    in.events[0].actor = mc_strdup(evil.buf);
    int pages = 0;
    int64_t t = mc_clock_ms();
    CHECK_INT(MC_OK, render(&in, &pdf, &pages));
    int64_t ms = mc_clock_ms() - t;
    fprintf(stderr, "    hostile control sheet: %d pages, %lld ms\n", pages, (long long)ms);
    CHECK(ms < 3000);
    CHECK(pages >= 2 && pages < 40);
    mc_buf_init(&text, 0);
    pdf_text(&pdf, &text);
    if (text.len) {
        CHECK(strstr(text.buf, "ký tự)") != NULL); /* the cut is announced */
        CHECK(strstr(text.buf, "\xe2\x80\xae") == NULL);
        CHECK(strstr(text.buf, "Nguyễn") != NULL);
    }
    mc_buf_release(&text);
    mc_buf_release(&pdf);
    mc_buf_release(&evil);
    mc_slip_input_release(&in);
}

static void test_long_component_names_wrap_in_their_cell(void)
{
    struct mc_slip_input in;
    struct mc_buf pdf;
    fixture(&in, "receipt");
    in.d.ncomponents = MC_DOSSIER_MAX_COMPONENTS;
    for (int i = 0; i < in.d.ncomponents; i++) {
        struct mc_dossier_component *c = &in.d.components[i];
        memset(c->name, 0, sizeof(c->name));
        for (size_t k = 0; k + 20 < sizeof(c->name); k += 19)
            memcpy(c->name + k, "Giấy chứng nhận ", 19);
        c->originals = 1;
    }
    int pages = 0;
    CHECK_INT(MC_OK, render(&in, &pdf, &pages));
    CHECK(pages >= 3);
    mc_buf_release(&pdf);
    mc_slip_input_release(&in);
}

/* The stream of indirect object id in pdf, inflated into out (0 when found
 * and inflated). */
static int pdf_stream(const struct mc_buf *pdf, unsigned id, struct mc_buf *out)
{
    char head[32];
    snprintf(head, sizeof(head), "\n%u 0 obj", id);
    const char *o = memmem(pdf->buf, pdf->len, head, strlen(head));
    const char *st = o ? memmem(o, pdf->len - (size_t)(o - pdf->buf), "stream\r\n", 8) : NULL;
    if (!st)
        return -1;
    st += 8;
    z_stream z = {0};
    unsigned char chunk[4096];
    int rc = inflateInit(&z);
    z.next_in = (unsigned char *)st;
    z.avail_in = (uInt)(pdf->len - (size_t)(st - pdf->buf));
    while (rc == Z_OK) {
        z.next_out = chunk;
        z.avail_out = sizeof(chunk);
        rc = inflate(&z, Z_NO_FLUSH);
        mc_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

/* A document's fonts describe only the characters it draws (render/cid.h):
 * a width for each, a glyph for each in the CIDToGIDMap, and each in the
 * ToUnicode CMap. */
static void test_fonts_hold_only_the_characters_drawn(void)
{
    struct mc_fonts *f = fonts();
    if (!f)
        return;
    struct mc_pdf *p = NULL;
    struct mc_error e;
    struct mc_buf pdf, map, cmap;
    mc_error_init(&e);
    mc_buf_init(&pdf, 0);
    mc_buf_init(&map, 0);
    mc_buf_init(&cmap, 0);
    CHECK_INT(MC_OK, mc_pdf_new(f, 0, &p, &e));
    if (!p)
        return;
    mc_pdf_para(p, "Đà Nẵng ➾", 11, 0, MC_PDF_LEFT); /* ➾ U+27BE: the last printable code point */
    CHECK_INT(MC_OK, mc_pdf_save(p, &pdf, &e));
    mc_pdf_free(p);
    /* CIDs: space (reserved first), Đ à N ẵ n g ➾ */
    const char *w = memmem(pdf.buf, pdf.len, "/W [ 1 [ ", 9);
    CHECK(w != NULL);
    int nw = 0;
    for (const char *q = w ? w + 9 : ""; *q && *q != ']'; q++)
        nw += (q[0] >= '0' && q[0] <= '9') && (q[1] == ' ' || q[1] == ']');
    CHECK_INT(8, nw);
    const char *m = memmem(pdf.buf, pdf.len, "/CIDToGIDMap ", 13);
    unsigned id = 0;
    CHECK(m && sscanf(m + 13, "%u 0 R", &id) == 1);
    CHECK_INT(0, pdf_stream(&pdf, id, &map));
    CHECK_INT(18, (int)map.len);
    for (size_t i = 2; i + 1 < map.len; i += 2)
        if (!map.buf[i] && !map.buf[i + 1])
            mc_check_fail(__FILE__, __LINE__, "CID %zu has no glyph", i / 2);
    const char *t = memmem(pdf.buf, pdf.len, "/ToUnicode ", 11);
    CHECK(t && sscanf(t + 11, "%u 0 R", &id) == 1);
    CHECK_INT(0, pdf_stream(&pdf, id, &cmap));
    CHECK(strstr(cmap.buf, "8 beginbfchar") && strstr(cmap.buf, "<0002> <0110>") && strstr(cmap.buf, "<0008> <27BE>"));
    mc_buf_release(&pdf);
    mc_buf_release(&map);
    mc_buf_release(&cmap);
}

/* Text written with the slips' CIDs reads back as the same characters: the
 * first and last code point of every run of printable code points, drawn in
 * both fonts (combining marks and spaces aside: readers attach or drop them). */
static void test_every_cid_run_reads_back(void)
{
    struct mc_fonts *f = fonts();
    if (!f)
        return;
    struct mc_buf want, pdf, text, got;
    mc_buf_init(&want, 0);
    for (uint32_t cp = 0x21; cp < 0x10000; cp++) {
        int edge = mc_font_covers(f, cp) && (!mc_font_covers(f, cp - 1) || !mc_font_covers(f, cp + 1));
        if (!edge || cp == 0xA0 || cp == 0xAD || (cp >= 0x0300 && cp < 0x0370) || (cp >= 0x2000 && cp <= 0x200F) ||
            (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F))
            continue;
        char u[4];
        size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
        u[0] = (char)(k == 1 ? cp : k == 2 ? 0xC0 | cp >> 6 : 0xE0 | cp >> 12);
        if (k == 3)
            u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        if (k > 1)
            u[k - 1] = (char)(0x80 | (cp & 0x3F));
        mc_buf_add(&want, u, k);
        mc_buf_addch(&want, ' ');
    }
    struct mc_pdf *p = NULL;
    struct mc_error e;
    mc_error_init(&e);
    mc_buf_init(&pdf, 0);
    mc_buf_init(&text, 0);
    mc_buf_init(&got, 0);
    CHECK_INT(MC_OK, mc_pdf_new(f, 0, &p, &e));
    if (p) {
        mc_pdf_para(p, want.buf, 11, 0, MC_PDF_LEFT);
        mc_pdf_para(p, want.buf, 11, 1, MC_PDF_LEFT);
        CHECK_INT(MC_OK, mc_pdf_save(p, &pdf, &e));
        mc_pdf_free(p);
    }
    pdf_text(&pdf, &text);
    if (text.len) {
        for (size_t i = 0; i < want.len; i++) /* compare without spaces: lines wrap */
            if (want.buf[i] != ' ')
                mc_buf_addch(&got, want.buf[i]);
        mc_buf_addch(&got, '\n');
        struct mc_buf read;
        mc_buf_init(&read, 0);
        for (size_t i = 0; i < text.len; i++)
            if (text.buf[i] != ' ' && text.buf[i] != '\n' && text.buf[i] != '\f')
                mc_buf_addch(&read, text.buf[i]);
        got.buf[--got.len] = '\0';
        if (!strstr(read.buf, got.buf))
            mc_check_fail(__FILE__, __LINE__, "read back:\n%.400s\nwanted:\n%.400s", read.buf, got.buf);
        CHECK(strstr(read.buf, got.buf) != strrchr(read.buf, got.buf[0]) || got.len == 1); /* both fonts */
        mc_buf_release(&read);
    }
    mc_buf_release(&want);
    mc_buf_release(&pdf);
    mc_buf_release(&text);
    mc_buf_release(&got);
}

MC_SUITE(render, MC_TEST(test_derived_font_covers_vietnamese_not_emoji),
         MC_TEST(test_derived_font_is_compact_and_consistent),
         MC_TEST(test_clean_drops_controls_bidi_and_replaces_emoji), MC_TEST(test_receipt_text_and_qr_address),
         MC_TEST(test_every_kind_of_both_rule_sets_renders), MC_TEST(test_slip_not_issued_and_unknown_kind),
         MC_TEST(test_control_sheet_of_200_rows_breaks_pages_and_repeats_header),
         MC_TEST(test_hostile_text_renders_quickly_and_is_cut), MC_TEST(test_long_component_names_wrap_in_their_cell),
         MC_TEST(test_fonts_hold_only_the_characters_drawn), MC_TEST(test_every_cid_run_reads_back));
