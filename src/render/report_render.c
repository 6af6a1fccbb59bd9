/* report_render.c - Biểu 06 / II.06a in four formats (report_render.h). */
#include "render/report_render.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "domain/report.h"
#include "render/pdf.h"
#include "store/report_store.h"
#include "core/banned.h"

#define FORM "Biểu số II.06a"
#define BASIS "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP"
#define TITLE                                                                                                          \
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
#define MAX_XLSX (32 << 20)

static const struct {
    const char *key, *vi, *en;
} cols[MC_B06_NCOLS] = {
    [3] = {"c3", "Tổng số hồ sơ nhận giải quyết", "Taken on, total"},
    [4] = {"c4", "Số mới tiếp nhận trực tuyến", "Received online"},
    [5] = {"c5", "Số mới tiếp nhận trực tiếp, qua dịch vụ bưu chính", "Received at the desk or by post"},
    [6] = {"c6", "Số từ kỳ trước chuyển qua", "Carried over"},
    [7] = {"c7", "Tổng số hồ sơ đã giải quyết", "Resolved, total"},
    [8] = {"c8", "Đã giải quyết trước hạn", "Resolved early"},
    [9] = {"c9", "Đã giải quyết đúng hạn", "Resolved on time"},
    [10] = {"c10", "Đã giải quyết quá hạn", "Resolved late"},
    [11] = {"c11", "Tổng số hồ sơ đang giải quyết", "In progress, total"},
    [12] = {"c12", "Đang giải quyết trong hạn", "In progress within the deadline"},
    [13] = {"c13", "Đang giải quyết quá hạn", "In progress overdue"},
};

const char *mc_b06_column_name(int col, int en)
{
    if (col < 3 || col >= MC_B06_NCOLS)
        return "";
    return en ? cols[col].en : cols[col].vi;
}

const char *mc_b06_column_key(int col)
{
    return col < 3 || col >= MC_B06_NCOLS ? "" : cols[col].key;
}

static void roman(int n, char out[16])
{
    static const char *const r[] = {"",     "I",  "II", "III", "IV",  "V",    "VI",  "VII",
                                    "VIII", "IX", "X",  "XI",  "XII", "XIII", "XIV", "XV"};
    snprintf(out, 16, "%s", n >= 0 && n < 16 ? r[n] : "?");
}

/* STT and label of line i: "I" + "Cấp tỉnh", "1" + field, "" + "Tổng cộng". */
struct label {
    char stt[16];
    char text[300];
};

static void labels(const struct mc_b06_report *rep, struct label *out)
{
    int sub = 0, n = 0;
    for (size_t i = 0; i < rep->nlines; i++) {
        const struct mc_b06_line *l = &rep->lines[i];
        if (l->kind == MC_B06_SUBTOTAL) {
            roman(++sub, out[i].stt);
            snprintf(out[i].text, sizeof(out[i].text), "%s", mc_report_level_name(l->level, 0));
            n = 0;
        } else if (l->kind == MC_B06_LINE) {
            snprintf(out[i].stt, sizeof(out[i].stt), "%d", ++n);
            snprintf(out[i].text, sizeof(out[i].text), "%s", l->field[0] ? l->field : "(Chưa xác định lĩnh vực)");
        } else {
            out[i].stt[0] = '\0';
            snprintf(out[i].text, sizeof(out[i].text), "Tổng cộng");
        }
    }
}

static void date_vn(int64_t day, char out[11])
{
    int y, m, d;
    mc_civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%02d/%02d/%04d", d, m, y);
}

static json_t *counts_json(const struct mc_b06_counts *n)
{
    json_t *o = json_object();
    for (int c = 3; c < MC_B06_NCOLS; c++)
        json_object_set_new(o, cols[c].key, json_integer(n->c[c]));
    return o;
}

json_t *mc_b06_json(const struct mc_b06_doc *d)
{
    char from[11], to[11], gen[MC_ISO_LEN];
    mc_date_iso(d->from_day, from);
    mc_date_iso(d->to_day, to);
    mc_time_iso(d->generated_at, gen);
    json_t *columns = json_array();
    for (int c = 3; c < MC_B06_NCOLS; c++)
        json_array_append_new(columns, json_pack("{s:i, s:s, s:s, s:s}", "n", c, "key", cols[c].key, "name", cols[c].vi,
                                                 "name_en", cols[c].en));
    struct label *lab = mc_calloc(d->rep->nlines ? d->rep->nlines : 1, sizeof(*lab));
    labels(d->rep, lab);
    json_t *rows = json_array(), *total = NULL;
    for (size_t i = 0; i < d->rep->nlines; i++) {
        const struct mc_b06_line *l = &d->rep->lines[i];
        static const char *const kinds[] = {"line", "subtotal", "total"};
        json_t *o = json_pack("{s:s, s:s, s:s}", "kind", kinds[l->kind], "stt", lab[i].stt, "label", lab[i].text);
        if (l->kind != MC_B06_TOTAL) {
            json_object_set_new(o, "level", json_string(mc_report_level_code(l->level)));
            json_object_set_new(o, "level_name", json_string(mc_report_level_name(l->level, 0)));
        }
        json_object_set_new(o, "field", l->kind == MC_B06_LINE ? json_string(l->field) : json_null());
        json_object_set_new(o, "values", counts_json(&l->n));
        if (l->kind == MC_B06_TOTAL)
            total = counts_json(&l->n);
        json_array_append_new(rows, o);
    }
    mc_free(lab);
    json_t *o = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "form", FORM, "basis", BASIS, "title", TITLE, "period",
                          "from", from, "to", to);
    json_object_set_new(
        o, "agency",
        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)d->agency_id, "code", d->agency_code, "name", d->agency_name));
    json_object_set_new(o, "filters",
                        json_pack("{s:o, s:o}", "level",
                                  d->level ? json_string(mc_report_level_code(d->level)) : json_null(), "field",
                                  d->field && d->field[0] ? json_string(d->field) : json_null()));
    json_object_set_new(o, "columns", columns);
    json_object_set_new(o, "rows", rows);
    json_object_set_new(o, "total", total ? total : json_object());
    json_object_set_new(o, "checks",
                        json_pack("{s:b, s:[s, s, s], s:o}", "ok", !d->rep->identity_failed, "identities",
                                  "3 = 4 + 5 + 6", "7 = 8 + 9 + 10", "11 = 12 + 13", "failed_column",
                                  d->rep->identity_failed ? json_integer(d->rep->identity_failed) : json_null()));
    json_object_set_new(o, "generated_at", json_string(gen));
    return o;
}

static void csv_field(struct mc_buf *b, const char *s)
{
    mc_buf_addch(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            mc_buf_addch(b, '"');
        mc_buf_addch(b, *p);
    }
    mc_buf_addch(b, '"');
}

mc_err mc_b06_csv(const struct mc_b06_doc *d, struct mc_buf *out, struct mc_error *err)
{
    mc_buf_clear(out);
    mc_buf_adds(out, "\xEF\xBB\xBF");
    mc_buf_adds(out, "STT,Lĩnh vực giải quyết,Cấp");
    for (int c = 3; c < MC_B06_NCOLS; c++) {
        mc_buf_addch(out, ',');
        char h[160];
        snprintf(h, sizeof(h), "(%d) %s", c, cols[c].vi);
        csv_field(out, h);
    }
    mc_buf_adds(out, "\r\n");
    struct label *lab = mc_calloc(d->rep->nlines ? d->rep->nlines : 1, sizeof(*lab));
    labels(d->rep, lab);
    for (size_t i = 0; i < d->rep->nlines; i++) {
        const struct mc_b06_line *l = &d->rep->lines[i];
        csv_field(out, lab[i].stt);
        mc_buf_addch(out, ',');
        csv_field(out, lab[i].text);
        mc_buf_addch(out, ',');
        csv_field(out, l->kind == MC_B06_TOTAL ? "" : mc_report_level_code(l->level));
        for (int c = 3; c < MC_B06_NCOLS; c++)
            mc_buf_addf(out, ",%lld", (long long)l->n.c[c]);
        if (mc_buf_adds(out, "\r\n")) {
            mc_free(lab);
            return mc_error_set(err, MC_ERR_TOO_LARGE, 500, "report_too_large", "Báo cáo quá lớn",
                                "The report is too large");
        }
    }
    mc_free(lab);
    return MC_OK;
}

/* ---- XLSX ---- */

static char *col_letter(int col, char out[4])
{
    out[0] = (char)('A' + col);
    out[1] = '\0';
    return out;
}

mc_err mc_b06_xlsx(const struct mc_b06_doc *d, const char *tmpdir, struct mc_buf *out, struct mc_error *err)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/motcua-b06-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return mc_error_set(err, MC_ERR_IO, 500, "report_render_failed", "Không tạo được tệp tạm",
                            "Could not create a temporary file");
    close(fd);
    lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = (char *)(tmpdir && *tmpdir ? tmpdir : "/tmp")};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    mc_err rc = MC_OK;
    if (!wb) {
        unlink(path);
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "report_render_failed", "Không tạo được tệp Excel",
                            "Could not create the workbook");
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Bieu 06");
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb), *num = workbook_add_format(wb),
               *text = workbook_add_format(wb), *bnum = workbook_add_format(wb), *btext = workbook_add_format(wb),
               *center = workbook_add_format(wb), *italic = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 12);
    format_set_align(title, LXW_ALIGN_CENTER);
    format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(title);
    format_set_align(center, LXW_ALIGN_CENTER);
    format_set_align(italic, LXW_ALIGN_CENTER);
    format_set_italic(italic);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xDDEBF7);
    lxw_format *fmts[] = {num, text, bnum, btext};
    for (int i = 0; i < 4; i++) {
        format_set_border(fmts[i], LXW_BORDER_THIN);
        format_set_font_name(fmts[i], "Times New Roman");
    }
    format_set_num_format(num, "#,##0");
    format_set_num_format(bnum, "#,##0");
    format_set_bold(bnum);
    format_set_bold(btext);
    format_set_text_wrap(text);
    format_set_text_wrap(btext);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 6, center);
    worksheet_set_column(ws, 1, 1, 38, NULL);
    worksheet_set_column(ws, 2, 12, 11, NULL);

    char from[11], to[11], line[512];
    date_vn(d->from_day, from);
    date_vn(d->to_day, to);
    worksheet_merge_range(ws, 0, 0, 0, 4, d->agency_name, title);
    worksheet_merge_range(ws, 0, 9, 0, 12, FORM, title);
    worksheet_merge_range(ws, 1, 9, 1, 12, BASIS, italic);
    worksheet_set_row(ws, 2, 36, NULL);
    worksheet_merge_range(ws, 2, 0, 2, 12, TITLE, title);
    snprintf(line, sizeof(line), "Kỳ báo cáo: từ ngày %s đến ngày %s", from, to);
    worksheet_merge_range(ws, 3, 0, 3, 12, line, italic);
    snprintf(line, sizeof(line), "Đơn vị báo cáo: %s (%s)", d->agency_name, d->agency_code);
    worksheet_merge_range(ws, 4, 0, 4, 12, line, center);
    /* the grouped headers: rows 6-9, column numbers on row 10 */
    int h = 6;
    worksheet_merge_range(ws, h, 0, h + 3, 0, "STT", head);
    worksheet_merge_range(ws, h, 1, h + 3, 1, "Lĩnh vực, công việc giải quyết theo cấp", head);
    worksheet_merge_range(ws, h, 2, h, 5, "Số hồ sơ nhận giải quyết", head);
    worksheet_merge_range(ws, h, 6, h, 12, "Kết quả giải quyết", head);
    worksheet_merge_range(ws, h + 1, 2, h + 3, 2, "Tổng số", head);
    worksheet_merge_range(ws, h + 1, 3, h + 1, 5, "Trong đó", head);
    worksheet_merge_range(ws, h + 2, 3, h + 2, 4, "Số mới tiếp nhận", head);
    worksheet_write_string(ws, h + 3, 3, "Trực tuyến", head);
    worksheet_write_string(ws, h + 3, 4, "Trực tiếp, dịch vụ bưu chính", head);
    worksheet_merge_range(ws, h + 2, 5, h + 3, 5, "Từ kỳ trước chuyển qua", head);
    worksheet_merge_range(ws, h + 1, 6, h + 1, 9, "Số hồ sơ đã giải quyết", head);
    worksheet_merge_range(ws, h + 2, 6, h + 3, 6, "Tổng số", head);
    worksheet_merge_range(ws, h + 2, 7, h + 2, 9, "Trong đó", head);
    worksheet_write_string(ws, h + 3, 7, "Trước hạn", head);
    worksheet_write_string(ws, h + 3, 8, "Đúng hạn", head);
    worksheet_write_string(ws, h + 3, 9, "Quá hạn", head);
    worksheet_merge_range(ws, h + 1, 10, h + 1, 12, "Số hồ sơ đang giải quyết", head);
    worksheet_merge_range(ws, h + 2, 10, h + 3, 10, "Tổng số", head);
    worksheet_merge_range(ws, h + 2, 11, h + 2, 12, "Trong đó", head);
    worksheet_write_string(ws, h + 3, 11, "Trong hạn", head);
    worksheet_write_string(ws, h + 3, 12, "Quá hạn", head);
    for (int c = 0; c < 13; c++) {
        char n[16];
        snprintf(n, sizeof(n), "(%d)", c + 1);
        worksheet_write_string(ws, h + 4, (lxw_col_t)c, n, head);
    }
    worksheet_freeze_panes(ws, h + 5, 2);
    worksheet_repeat_rows(ws, h, h + 4);

    struct label *lab = mc_calloc(d->rep->nlines ? d->rep->nlines : 1, sizeof(*lab));
    labels(d->rep, lab);
    lxw_row_t r = (lxw_row_t)(h + 5);
    for (size_t i = 0; i < d->rep->nlines; i++, r++) {
        const struct mc_b06_line *l = &d->rep->lines[i];
        int bold = l->kind != MC_B06_LINE;
        worksheet_write_string(ws, r, 0, lab[i].stt, bold ? btext : text);
        worksheet_write_string(ws, r, 1, lab[i].text, bold ? btext : text);
        for (int c = 3; c < MC_B06_NCOLS; c++) {
            lxw_col_t xc = (lxw_col_t)(c - 1);
            char formula[64], a[4], b[4], e[4];
            unsigned row1 = r + 1;
            /* totals as formulas (3 = 4+5+6, 7 = 8+9+10, 11 = 12+13) with the computed value */
            if (c == 3 || c == 7)
                snprintf(formula, sizeof(formula), "=%s%u+%s%u+%s%u", col_letter(xc + 1, a), row1,
                         col_letter(xc + 2, b), row1, col_letter(xc + 3, e), row1);
            else if (c == 11)
                snprintf(formula, sizeof(formula), "=%s%u+%s%u", col_letter(xc + 1, a), row1, col_letter(xc + 2, b),
                         row1);
            else
                formula[0] = '\0';
            if (formula[0])
                worksheet_write_formula_num(ws, r, xc, formula, bold ? bnum : num, (double)l->n.c[c]);
            else
                worksheet_write_number(ws, r, xc, (double)l->n.c[c], bold ? bnum : num);
        }
    }
    mc_free(lab);
    r++;
    char today[11];
    date_vn(mc_report_day(d->generated_at), today);
    snprintf(line, sizeof(line), "Ngày %s", today);
    worksheet_merge_range(ws, r, 9, r, 12, line, italic);
    worksheet_merge_range(ws, r + 1, 0, r + 1, 4, "NGƯỜI LẬP BIỂU", title);
    worksheet_merge_range(ws, r + 1, 9, r + 1, 12, "THỦ TRƯỞNG CƠ QUAN", title);
    worksheet_merge_range(ws, r + 2, 0, r + 2, 4, "(Ký, ghi rõ họ tên)", italic);
    worksheet_merge_range(ws, r + 2, 9, r + 2, 12, "(Ký tên, đóng dấu)", italic);
    if (workbook_close(wb) != LXW_NO_ERROR)
        rc = mc_error_set(err, MC_ERR_INTERNAL, 500, "report_render_failed", "Không ghi được tệp Excel",
                          "Could not write the workbook");
    FILE *f = rc ? NULL : fopen(path, "rb");
    if (!rc && !f)
        rc = mc_error_set(err, MC_ERR_IO, 500, "report_render_failed", "Không đọc được tệp Excel",
                          "Could not read the workbook back");
    mc_buf_clear(out);
    char chunk[16384];
    size_t got;
    while (f && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (out->len + got > MAX_XLSX || mc_buf_add(out, chunk, got)) {
            rc = mc_error_set(err, MC_ERR_TOO_LARGE, 500, "report_too_large", "Báo cáo quá lớn",
                              "The report is too large");
            break;
        }
    if (f)
        fclose(f);
    unlink(path);
    return rc;
}

/* ---- PDF ---- */

mc_err mc_b06_pdf(const struct mc_fonts *f, const struct mc_b06_doc *d, struct mc_buf *out, struct mc_error *err)
{
    struct mc_pdf *p;
    mc_err rc = mc_pdf_new(f, 1, &p, err);
    if (rc)
        return rc;
    char from[11], to[11], today[11], left[600], line[400];
    date_vn(d->from_day, from);
    date_vn(d->to_day, to);
    date_vn(mc_report_day(d->generated_at), today);
    snprintf(left, sizeof(left), "*%s\nMã định danh: %s", d->agency_name, d->agency_code);
    mc_pdf_columns(p, left, "*" FORM "\n" BASIS, 0.5f, 9);
    mc_pdf_space(p, 8);
    mc_pdf_para(p, TITLE, 11, 1, MC_PDF_CENTER);
    snprintf(line, sizeof(line), "Kỳ báo cáo: từ ngày %s đến ngày %s", from, to);
    mc_pdf_para(p, line, 9, 0, MC_PDF_CENTER);
    if (d->level || (d->field && d->field[0])) {
        snprintf(line, sizeof(line), "Phạm vi: %s%s%s", d->level ? mc_report_level_name(d->level, 0) : "",
                 d->level && d->field && d->field[0] ? ", lĩnh vực "
                 : d->field && d->field[0]           ? "Lĩnh vực "
                                                     : "",
                 d->field ? d->field : "");
        mc_pdf_para(p, line, 9, 0, MC_PDF_CENTER);
    }
    mc_pdf_space(p, 6);
    enum { NC = 13 };
    float widths[NC] = {0.05f, 0.23f};
    for (int c = 2; c < NC; c++)
        widths[c] = 0.72f / 11.0f;
    static const char *const headers[NC] = {"(1) STT",
                                            "(2) Lĩnh vực, công việc giải quyết theo cấp",
                                            "(3) Tổng số nhận giải quyết",
                                            "(4) Mới tiếp nhận trực tuyến",
                                            "(5) Mới tiếp nhận trực tiếp, bưu chính",
                                            "(6) Kỳ trước chuyển qua",
                                            "(7) Tổng số đã giải quyết",
                                            "(8) Trước hạn",
                                            "(9) Đúng hạn",
                                            "(10) Quá hạn",
                                            "(11) Tổng số đang giải quyết",
                                            "(12) Trong hạn",
                                            "(13) Quá hạn"};
    size_t nrows = d->rep->nlines;
    struct label *lab = mc_calloc(nrows ? nrows : 1, sizeof(*lab));
    labels(d->rep, lab);
    char(*nums)[24] = mc_calloc((nrows ? nrows : 1) * 11, 24);
    const char **cells = mc_calloc((nrows ? nrows : 1) * NC, sizeof(*cells));
    for (size_t i = 0; i < nrows; i++) {
        cells[i * NC] = lab[i].stt;
        cells[i * NC + 1] = lab[i].text;
        for (int c = 3; c < MC_B06_NCOLS; c++) {
            snprintf(nums[i * 11 + (size_t)(c - 3)], 24, "%lld", (long long)d->rep->lines[i].n.c[c]);
            cells[i * NC + (size_t)(c - 1)] = nums[i * 11 + (size_t)(c - 3)];
        }
    }
    mc_pdf_table(p, NC, widths, headers, cells, nrows, 7);
    mc_pdf_space(p, 10);
    snprintf(left, sizeof(left), "\n*NGƯỜI LẬP BIỂU\n(Ký, ghi rõ họ tên)");
    snprintf(line, sizeof(line), "Ngày %s\n*THỦ TRƯỞNG CƠ QUAN\n(Ký tên, đóng dấu)", today);
    mc_pdf_columns(p, left, line, 0.5f, 9);
    rc = mc_pdf_save(p, out, err);
    mc_pdf_free(p);
    mc_free(cells);
    mc_free(nums);
    mc_free(lab);
    return rc;
}
