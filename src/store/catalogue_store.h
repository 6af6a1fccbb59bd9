/* catalogue_store.h - the procedure catalogue and the agency tree in the
 * database (migrations/<engine>/0004_catalogue.sql).
 *
 * A procedure is a series of versions of one code. Saving a parsed procedure
 * compares its content hash with the latest version: the same hash changes
 * nothing; another hash closes the latest version and adds the next one,
 * effective from the record's effective_from or from today (never before the
 * version it replaces). Dates are "YYYY-MM-DD" in Vietnam; a version is in
 * force on [effective_from, effective_to). Retiring closes the latest version
 * at a date and takes it out of search.
 *
 * Search runs over the latest, not retired version of every procedure, on
 * folded text (core/fold.h): ranking exact code, then exact name, then name
 * prefix, then the words (bm25 / ts_rank), then code. docs/internals/
 * catalogue.md §5 has the SQL of both engines.
 *
 * Writes are meant to run inside a transaction the caller holds (the writer
 * thread's, or the importer's batch). NOT_FOUND is MC_ERR_NOT_FOUND without
 * err being filled. Strings handed to callbacks are valid during the call. */
#ifndef MC_CATALOGUE_STORE_H
#define MC_CATALOGUE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct mc_db;
struct mc_procedure;
struct mc_buf;

enum mc_cat_outcome { MC_CAT_UNCHANGED = 0, MC_CAT_CREATED, MC_CAT_UPDATED };

/* What mc_catalogue_save stores; everything is borrowed. */
struct mc_cat_save {
    const struct mc_procedure *p; /* code required */
    const char *doc;              /* p as JSON (integrate/catalogue_json.h) */
    const char *problems;         /* p's problems as a JSON array */
    const char *source;           /* scrape, csv, json, seed, api */
    const char *today;            /* "YYYY-MM-DD": the effective date when p has none */
    const char *actor;            /* who saved it ("cli", a login) */
    int64_t agency_id;            /* the local agency that handles it, 0 = none */
    int64_t now;
};

/* Saves in->p as described above. *outcome says what happened and *version
 * (may be NULL) is the version now latest. MC_ERR_INVALID when p has no
 * code or in->today is not a date. */
mc_err mc_catalogue_save(struct mc_db *db, const struct mc_cat_save *in, enum mc_cat_outcome *outcome, int64_t *version,
                         struct mc_error *err);

/* One stored version. doc and problems are heap strings owned by the
 * struct: mc_cat_version_release frees them. */
struct mc_cat_version {
    int64_t id, version, retired_at, created_at, agency_id, nproblems, latest;
    char code[48];
    char effective_from[11], effective_to[11]; /* effective_to "" = open */
    char hash[17];
    char source[16];
    char agency_code[32];
    char *doc, *problems;
};
void mc_cat_version_release(struct mc_cat_version *v);

/* The version of code in force on date ("YYYY-MM-DD"; NULL = today).
 * MC_ERR_NOT_FOUND when the code is unknown; MC_ERR_RANGE (err filled, 404
 * not_in_force) when it exists but no version is in force that day. */
mc_err mc_catalogue_get(struct mc_db *db, const char *code, const char *date, struct mc_cat_version *out,
                        struct mc_error *err);

/* Calls fn for every version of code, oldest first (doc/problems NULL). */
mc_err mc_catalogue_history(struct mc_db *db, const char *code, void (*fn)(void *ctx, const struct mc_cat_version *v),
                            void *ctx, struct mc_error *err);

/* Closes the latest version of code at date (NULL = today; not before its
 * effective_from) and takes it out of search. NOT_FOUND when the code is
 * unknown or already retired. *version (may be NULL) gets the version. */
mc_err mc_catalogue_retire(struct mc_db *db, const char *code, const char *date, int64_t now, int64_t *version,
                           struct mc_error *err);

/* A search. q is free text (codes and words, any accents); the filters are
 * optional: field (a field name, any accents), level (MC_LEVEL_* bits, any
 * of them), online_kind (2/3/4), agency_path (a local agency subtree,
 * '/1/5/'), agency_text (words of the competent / executing agency). */
struct mc_cat_query {
    const char *q, *field, *agency_path, *agency_text;
    unsigned level;
    int online_kind;
    int64_t page;     /* from 1 */
    int64_t per_page; /* 1..MC_CAT_MAX_PER_PAGE */
};
#define MC_CAT_MAX_PER_PAGE 100
#define MC_CAT_MAX_QUERY 200 /* bytes of q */

struct mc_cat_hit {
    int64_t id, version, level, online_kind, agency_id;
    const char *code, *name, *field, *effective_from, *agency_code, *agency_name;
};

/* Calls fn for each hit of the page, best first; *total gets the number of
 * hits over all pages. MC_ERR_INVALID (400 invalid_field) for a q over
 * MC_CAT_MAX_QUERY bytes or not UTF-8. */
mc_err mc_catalogue_search(struct mc_db *db, const struct mc_cat_query *q,
                           void (*fn)(void *ctx, const struct mc_cat_hit *h), void *ctx, int64_t *total,
                           struct mc_error *err);

/* The search expression for q (exposed for tests): fts gets the FTS5 MATCH
 * text ("\"dang\" \"ky\"*"), tsq the PostgreSQL to_tsquery text ("dang &
 * ky:*"), folded the folded query, code the lower-cased first code-shaped
 * token ("1.001193") or "". Returns 0 when q holds no word or code. */
int mc_catalogue_query_text(const char *q, struct mc_buf *fts, struct mc_buf *tsq, struct mc_buf *folded, char *code,
                            size_t code_cap);

/* One agency of the tree. */
struct mc_agency_row {
    int64_t id, parent_id, active_from, active_to;
    const char *code, *name, *level, *path, *address, *phone, *email, *website;
};
/* Every agency, parents before children (ordered by path). */
mc_err mc_agency_each(struct mc_db *db, void (*fn)(void *ctx, const struct mc_agency_row *a), void *ctx,
                      struct mc_error *err);
/* One agency by id ("12") or identifier code; NOT_FOUND. */
mc_err mc_agency_get(struct mc_db *db, const char *id_or_code, void (*fn)(void *ctx, const struct mc_agency_row *a),
                     void *ctx, struct mc_error *err);
/* 1 when code is an electronic identifier NNN.NN.NN.Xnn (X a capital
 * letter: H province, G ministry...). */
int mc_agency_code_valid(const char *code);

#endif
