/* synthetic.h - realistic generated dossiers for benchmarks and reports.
 *
 * `motcua seed --synthetic N` spreads N dossiers over the agencies and
 * procedures already in the database, the three channels, every status and
 * the last 18 months, each with the history rows its status implies and due
 * dates from the working calendar. Codes follow the real rule (per agency,
 * per day) and the sequence table is left consistent, so live receipt goes
 * on without a clash. Deterministic for a given seed value. */
#ifndef MC_SYNTHETIC_H
#define MC_SYNTHETIC_H

#include <stdint.h>

#include "core/err.h"

struct mc_db;

/* Generates n dossiers ending at now, in transactions of 10,000. */
mc_err mc_seed_synthetic(struct mc_db *db, int64_t n, int64_t now, unsigned seed, struct mc_error *err);

#endif
