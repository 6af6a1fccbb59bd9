/* catalogue_load.h - parsed procedures into the database: the one path the
 * importer (motcua import), the demo seed and the API share.
 *
 * mc_catalogue_put links a procedure to its local agency (agency_code),
 * serialises it (catalogue_json.h) and saves it (store/catalogue_store.h).
 * mc_catalogue_load runs a whole reader through mc_catalogue_put, each
 * record under a savepoint so one bad record never aborts the import, in
 * transactions of opt->batch records (or inside the caller's transaction
 * when batch is 0). */
#ifndef MC_CATALOGUE_LOAD_H
#define MC_CATALOGUE_LOAD_H

#include <stdint.h>

#include "core/err.h"
#include "store/catalogue_store.h"

struct mc_db;
struct mc_procedure;
struct mc_catalogue_reader;
struct mc_import_problem;

/* created + updated + unchanged + failed = records read; partial counts the
 * saved records that carry problems (a part of the first three). */
struct mc_cat_counts {
    long created, updated, unchanged, partial, failed;
};

struct mc_cat_load {
    const char *source; /* stored with each version; NULL = the reader's format name */
    const char *actor;  /* "cli", "seed", a login */
    int batch;          /* records per transaction; 0 = the caller's transaction */
    /* Optional reports: a record that failed (problem), one saved with
     * problems (p), and one saved (p, outcome). */
    void (*on_failed)(void *ctx, const struct mc_import_problem *problem);
    void (*on_partial)(void *ctx, const struct mc_procedure *p);
    void *ctx;
};

/* Saves p (see catalogue_store.h) as of today. An agency_code that is not
 * NNN.NN.NN.Xnn or names no local agency adds a problem to p and links
 * nothing. */
mc_err mc_catalogue_put(struct mc_db *db, struct mc_procedure *p, const char *source, const char *actor,
                        enum mc_cat_outcome *outcome, int64_t *version, struct mc_error *err);

/* Reads every record of r into the database; counts go to *c (zeroed
 * first). Returns an error only when the database fails as a whole (cannot
 * begin or commit, busy, disk full); a record the store refuses is counted
 * as failed and reported through on_failed with code "store". */
mc_err mc_catalogue_load(struct mc_db *db, struct mc_catalogue_reader *r, const struct mc_cat_load *opt,
                         struct mc_cat_counts *c, struct mc_error *err);

#endif
