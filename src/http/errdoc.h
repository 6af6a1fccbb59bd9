/* errdoc.h - the last filter every response passes through.
 *
 * It makes two promises hold for answers motcua's handlers did not write
 * themselves (errors raised inside h2o, such as 413 for a body over the
 * upload limit or 400 for a malformed request line): every answer carries an
 * X-Request-Id, and every non-2xx answer has the JSON error format. */
#ifndef MC_ERRDOC_H
#define MC_ERRDOC_H

#include <h2o.h>

void mc_errdoc_register(h2o_pathconf_t *pathconf);

#endif
