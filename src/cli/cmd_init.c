/* cmd_init.c - motcua init and motcua migrate. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/store.h"
#include "core/banned.h"

static int run_migrations(int argc, char **argv, const char *usage, int report_fresh)
{
    struct mc_config cfg;
    int rest;
    if (mc_cli_load_config(&cfg, argc, argv, &rest, usage))
        return cfg.listen ? 0 : 2;
    struct mc_db *db = NULL;
    struct mc_error err;
    mc_error_init(&err);
    int applied = 0, before = 0, status = 0;
    if (rest) {
        fprintf(stderr, "motcua %s: unexpected argument \"%s\"\n", argv[0], argv[1]);
        status = 2;
    } else if (mc_db_open(cfg.db, &db, &err) || mc_db_schema_version(db, &before, &err) ||
               mc_db_migrate(db, &applied, &err)) {
        mc_cli_print_error(argv[0], &err);
        status = 1;
    } else if (report_fresh && before) {
        printf("database %s already initialised (schema version %d); applied %d new migration(s)\n", cfg.db, before,
               applied);
    } else {
        printf("database %s (%s): schema version %d, applied %d migration(s)\n", cfg.db, mc_db_engine(db),
               before + applied ? mc_db_latest_version(db) : 0, applied);
    }
    mc_db_close(db);
    mc_config_release(&cfg);
    return status;
}

int mc_cmd_init(int argc, char **argv)
{
    return run_migrations(argc, argv,
                          "Usage: motcua init [--db URL]\n\nCreates the database (a SQLite file or a "
                          "PostgreSQL database) and applies every migration.\n\n",
                          1);
}

int mc_cmd_migrate(int argc, char **argv)
{
    return run_migrations(argc, argv,
                          "Usage: motcua migrate [--db URL]\n\nApplies the migrations the database does not "
                          "have yet.\n\n",
                          0);
}
