/* catalogue_text.h - parsers for the flattened text fields of the national
 * procedure catalogue (dichvucong.gov.vn scrape, /work/shared/data/README.md).
 *
 * The scrape flattened HTML tables into text whose cells run together, e.g.
 *   "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việcMiễn phí..."
 * Each parser fills part of a struct mc_procedure, keeps the raw text in the
 * procedure's raw_* field, parses what it can and records a problem
 * (mc_procedure_problem) for what it cannot or had to guess. None of them
 * ever fails: bad text gives problems, not errors. Out of memory aborts
 * (core/alloc.h). Input must be valid UTF-8 (the importer checks it).
 * The patterns understood are listed in docs/internals/catalogue.md. */
#ifndef MC_CATALOGUE_TEXT_H
#define MC_CATALOGUE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/procedure.h"

/* cach_thuc_thuc_hien: one mc_proc_channel per "Trực tiếp" / "Trực tuyến" /
 * "Dịch vụ bưu chính" row with its time, fee and description; also sets
 * raw_channels, and cutoff_minutes when a description says "nhận hồ sơ sau
 * 15 giờ". */
void mc_cat_parse_channels(struct mc_procedure *p, const char *s, size_t len);
/* thanh_phan_ho_so: components with their group heading, form file and
 * counts ("1 bản chính", "0 bản chính,1 bản sao"); sets raw_components. */
void mc_cat_parse_components(struct mc_procedure *p, const char *s, size_t len);
/* can_cu_phap_ly: legal documents (title, symbol "68/2013/TT-BCA", type,
 * issuer, date); sets raw_legal. */
void mc_cat_parse_legal(struct mc_procedure *p, const char *s, size_t len);
/* ket_qua_xu_ly: results with their codes ("Mã: KQ.G01.00262"); sets
 * raw_result. */
void mc_cat_parse_results(struct mc_procedure *p, const char *s, size_t len);
/* cap_thuc_hien: level_text and the level bits. */
void mc_cat_parse_level(struct mc_procedure *p, const char *s, size_t len);
/* Derives what the other fields imply: online_kind = MC_ONLINE_NONE when
 * channels were parsed and none is online (otherwise left as it is). */
void mc_cat_derive(struct mc_procedure *p);

/* A processing time written as text: "7 Ngày làm việc", "05 ngày", "15 Ngày",
 * "03 giờ làm việc", "0,5 ngày", "1.5 Ngày làm việc", "2 tháng", "Trong ngày".
 * Returns 1 and sets *amount and *unit (see procedure.h for halves and same-day),
 * 0 when the text holds no time. A bare number is not a time here. */
int mc_cat_parse_time(const char *s, size_t len, int *amount, enum mc_time_unit *unit);
/* A fee written as text: "Miễn phí" -> 0, "Lệ phí : 10.000 Đồng" -> 10000,
 * "Phí: 20.000 đồng/bản" -> 20000, "100,000 Việt Nam Đồng" -> 100000.
 * Returns 1 and sets *vnd, or 0 when no amount in đồng is found. */
int mc_cat_parse_fee(const char *s, size_t len, int64_t *vnd);
/* "HH:MM", "15h", "15 giờ", "15h30" -> minutes of the day; -1 if none. */
int mc_cat_parse_clock(const char *s, size_t len);

#endif
