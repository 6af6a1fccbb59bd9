/* catalogue_import.h - reading procedure catalogues record by record.
 *
 * Three formats (docs/internals/catalogue.md has the details):
 *   scrape  the national catalogue scrape: JSON Lines, one object per line
 *           with Vietnamese field names (ma_thu_tuc, cach_thuc_thuc_hien...);
 *           the flattened fields go through domain/catalogue_text.h
 *   json    motcua's own JSON: an array of objects, or JSON Lines, with
 *           English snake_case fields matching struct mc_procedure
 *   csv     RFC 4180, a header row, one row per procedure
 * Input may be gzip-compressed (detected by its magic bytes). The whole input
 * is read into memory, capped at MC_CATALOGUE_MAX_BYTES after decompression.
 *
 * A reader hands out one record at a time. One bad record never stops the
 * import: mc_catalogue_reader_next reports it in a struct mc_import_problem
 * and the next call goes on with the following record. */
#ifndef MC_CATALOGUE_IMPORT_H
#define MC_CATALOGUE_IMPORT_H

#include <stddef.h>

#include "core/err.h"

struct mc_error;
struct mc_procedure;
struct mc_catalogue_reader;
struct json_t;

#define MC_CATALOGUE_MAX_BYTES ((size_t)512 << 20)
#define MC_CATALOGUE_MAX_RECORD ((size_t)4 << 20) /* one line / row / object */

enum mc_cat_format { MC_CAT_FORMAT_AUTO = 0, MC_CAT_FORMAT_SCRAPE, MC_CAT_FORMAT_JSON, MC_CAT_FORMAT_CSV };

/* Why one record could not be imported. */
struct mc_import_problem {
    long record;          /* 1-based index of the record in the input */
    long line;            /* 1-based line where the record starts (0 = unknown: a JSON array element) */
    long column;          /* 1-based column (bytes) of the fault within that line, 0 = unknown */
    const char *code;     /* stable: invalid_json, truncated, not_object, invalid_utf8, missing_code, bad_row */
    char record_code[48]; /* the procedure code when it could be read, else "" */
    char message_en[320];
    char message_vi[320];
};

/* Opens path (a file, possibly .gz) as a catalogue of the given format
 * (MC_CAT_FORMAT_AUTO: from the extension, then the content). On success
 * *out is a reader the caller frees with mc_catalogue_reader_free.
 * Errors: MC_ERR_IO (cannot read; code "io"), MC_ERR_TOO_LARGE (code
 * "too_large"), MC_ERR_INVALID (corrupt gzip, code "bad_gzip"),
 * MC_ERR_UNSUPPORTED (a UTF-16 or UTF-32 file, code "wrong_encoding"; or the
 * format cannot be told, code "unknown_format"). */
mc_err mc_catalogue_reader_open(const char *path, enum mc_cat_format format, struct mc_catalogue_reader **out,
                                struct mc_error *err);
/* The same over a copy of data[0..len) (name is used for format detection
 * and messages; may be NULL). */
mc_err mc_catalogue_reader_open_mem(const void *data, size_t len, const char *name, enum mc_cat_format format,
                                    struct mc_catalogue_reader **out, struct mc_error *err);
void mc_catalogue_reader_free(struct mc_catalogue_reader *r);
/* The format in use (never AUTO once open). */
enum mc_cat_format mc_catalogue_reader_format(const struct mc_catalogue_reader *r);

/* Reads the next record into out (released first, so pass an initialised
 * procedure and reuse it). Returns
 *   MC_OK             a record; out->problems lists what was only partly parsed
 *   MC_ERR_NOT_FOUND  no more records
 *   MC_ERR_INVALID    this record failed (problem says why; out is empty);
 *                     call again for the next one. */
mc_err mc_catalogue_reader_next(struct mc_catalogue_reader *r, struct mc_procedure *out,
                                struct mc_import_problem *problem);

/* One record of motcua's own JSON format (an API body) into out (released
 * first): MC_OK, with out->problems for what was only partly understood, or
 * MC_ERR_INVALID with problem filled (not an object: not_object; no code:
 * missing_code). o is borrowed. */
mc_err mc_catalogue_from_json(struct json_t *o, struct mc_procedure *out, struct mc_import_problem *problem);

/* "scrape", "json", "csv" ("auto" for AUTO); parse returns AUTO for
 * anything else. */
const char *mc_catalogue_format_name(enum mc_cat_format f);
enum mc_cat_format mc_catalogue_format_parse(const char *name);
/* Guesses the format from a file name (may be NULL; ".gz" is looked
 * through) and the first bytes of the (decompressed) content. */
enum mc_cat_format mc_catalogue_format_detect(const char *name, const char *head, size_t len);

#endif
