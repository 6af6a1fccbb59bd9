/* files.h - the content-addressed file store (scans, results, slips).
 *
 * A file is named by the lower-case hex SHA-256 of its bytes and lives at
 * ROOT/ab/cd/<sha256> (ab, cd: the first two byte pairs of the hash), where
 * ROOT is --files. The same bytes are stored once. A write goes to a
 * temporary file in the same folder, is fsync'd, renamed into place and the
 * folder fsync'd, so a file whose database row has committed is on disk
 * after a crash. Client-supplied names never reach a path: they are kept,
 * sanitised, for display only.
 *
 * In the database (migration 0010): files(sha256, size, mime, created_at)
 * and dossier_files(dossier_id, component, sha256, name, uploaded_by,
 * uploaded_at, kind). */
#ifndef MC_FILES_H
#define MC_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_db;

#define MC_FILES_SHA_LEN 64
#define MC_FILES_MAX_NAME 200 /* bytes of a sanitised display name */
#define MC_FILES_MAX_MIME 128
#define MC_FILES_SNIFF_BYTES ((size_t)1 << 20) /* libmagic looks at most at this much */

/* 1 when s is exactly 64 lower-case hexadecimal digits. */
int mc_files_is_sha256(const char *s);

/* The path of a stored file into out: ROOT/ab/cd/<sha>. MC_ERR_TOO_LARGE
 * when cap is too small; MC_ERR_INVALID when sha is not a SHA-256. */
mc_err mc_files_path(const char *root, const char *sha, char *out, size_t cap);

/* Stores data under its hash sha (the caller computed it) below root,
 * creating folders as needed, durably (see above). *created (may be NULL)
 * is 1 when the file was written, 0 when the same bytes were already there.
 * MC_ERR_IO (500 file_store_failed, logged) on a file-system error. */
mc_err mc_files_put(const char *root, const char *sha, const void *data, size_t len, int *created,
                    struct mc_error *err);

/* Reads a stored file into *data (heap, caller frees with mc_free), at most
 * max bytes. MC_ERR_NOT_FOUND when absent, MC_ERR_IO on a read error. */
mc_err mc_files_read(const char *root, const char *sha, size_t max, char **data, size_t *len, struct mc_error *err);

/* The MIME type libmagic sees in data (the first MC_FILES_SNIFF_BYTES),
 * with decompression, ELF and CDF parsing off. One magic handle per call
 * (about 0.2 ms), so any thread may call it. MC_ERR_INTERNAL when the magic
 * database cannot be loaded. */
mc_err mc_files_sniff(const void *data, size_t len, char mime[MC_FILES_MAX_MIME], struct mc_error *err);

/* Checks a file's types: the sniffed type must be in allowed (a
 * comma-separated list of MIME types) and the declared type (the part's
 * Content-Type, decl bytes; empty or application/octet-stream = none given;
 * image/jpg and image/pjpeg mean image/jpeg) must agree with it. Otherwise
 * 415 unsupported_file_type with details declared, detected and field. */
mc_err mc_files_check_type(const char *allowed, const char *decl, size_t decl_len, const char *sniffed,
                           struct mc_error *err);

/* A display name from a client's file name (len bytes): the last path
 * segment (after '/' or '\'), invalid UTF-8 and control characters and
 * "<>:\"|?*" replaced by '_', leading dots and spaces dropped, at most
 * MC_FILES_MAX_NAME bytes (cut on a character boundary); "tep" when
 * nothing is left. out has room for MC_FILES_MAX_NAME + 1 bytes. */
void mc_files_display_name(const char *name, size_t len, char out[MC_FILES_MAX_NAME + 1]);

/* One upload of a file to a dossier, as stored in dossier_files. */
struct mc_file_row {
    char sha256[MC_FILES_SHA_LEN + 1];
    int64_t size;
    char mime[MC_FILES_MAX_MIME];
    char name[MC_FILES_MAX_NAME + 1];
    int component;    /* position in the dossier's components, -1 = none */
    const char *kind; /* "component" or "result" (static) */
};

/* Records an upload inside the caller's transaction: the files row (once
 * per hash) and a dossier_files row. */
mc_err mc_files_record(struct mc_db *db, int64_t dossier_id, const struct mc_file_row *f, int64_t user_id,
                       struct mc_error *err);

#endif
