/* migrations.h - numbered schema migrations embedded in the binary.
 *
 * Each backend has its own list, generated at build time from
 * src/store/migrations/<engine>/NNNN_name.sql (scripts/embed-sql.sh) and
 * ended by a {0, NULL, NULL} row. Versions only grow; an applied migration is
 * never edited, a change is a new file. */
#ifndef MC_MIGRATIONS_H
#define MC_MIGRATIONS_H

struct mc_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct mc_migration mc_migrations_sqlite[];
extern const struct mc_migration mc_migrations_pg[];

#endif
