/* seed.h - the demo province: an agency tree, one account per role, and
 * (from the later modules) procedures and dossiers, so a new install shows
 * something real. Loaded by `motcua seed` or `motcua serve --demo` into an
 * empty database only. */
#ifndef MC_SEED_H
#define MC_SEED_H

#include <stddef.h>

#include "core/err.h"

struct mc_db;

/* The password of every demo account (printed by `make run`). */
#define MC_DEMO_PASSWORD "Motcua@2026"

/* Loads the demo data in one transaction when the database has no agency
 * yet; *loaded = 1 then, 0 when it was not empty. ops/mem_kib are the
 * argon2id costs. */
mc_err mc_seed_demo(struct mc_db *db, unsigned long long ops, size_t mem_kib, int *loaded, struct mc_error *err);
/* Prints the demo accounts (login, role, agency) to stdout. */
void mc_seed_print_accounts(void);

#endif
