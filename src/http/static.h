/* static.h - the web application's files, served from memory.
 *
 * mc_static_load reads every file under a folder (web/dist) once at start:
 * a few hundred kilobytes for the whole app. Each file gets a strong ETag
 * (a hash of its bytes) and, when NAME.gz sits beside it, the precompressed
 * variant for clients that accept gzip. Files under /assets/ (named by
 * content hash by the bundler) are cached for a year; everything else must
 * be revalidated. A GET for a path without a file extension that is not a
 * file is answered with the app's index.html (the app routes it). */
#ifndef MC_STATIC_H
#define MC_STATIC_H

#include <h2o.h>

#include "core/err.h"

struct mc_static;
struct mc_req;

/* Loads dir; a missing dir gives an empty set (the API still works). */
mc_err mc_static_load(const char *dir, struct mc_static **out, struct mc_error *err);
void mc_static_free(struct mc_static *st);
size_t mc_static_count(const struct mc_static *st);
void mc_static_serve(const struct mc_static *st, struct mc_req *r, h2o_iovec_t path);

#endif
