/* main.c - the motcua binary: a table of subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/version.h"
#include "core/banned.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"serve", mc_cmd_serve, "HTTP server: JSON API under /api/v1, the web app, public pages"},
    {"init", mc_cmd_init, "create a database and apply migrations"},
    {"migrate", mc_cmd_migrate, "apply pending migrations"},
    {"seed", mc_cmd_seed, "load the demo province into an empty database"},
    {"user", mc_cmd_user, "add / disable users, set passwords, issue API tokens"},
    {"audit", mc_cmd_audit, "verify the hash chain of the audit log"},
    {"calendar", mc_cmd_calendar, "the working calendar: holidays, lunar dates, due dates"},
    {"import", mc_cmd_import, "import the procedure catalogue (national scrape, CSV, JSON)"},
    {"report", mc_cmd_report, "statutory reports: Biểu 06 (JSON, CSV, XLSX, PDF)"},
};

static void usage(FILE *out)
{
    fprintf(out, "motcua %s - một cửa điện tử / provincial one-stop e-government platform\n\n", MC_VERSION);
    fprintf(out, "Usage: motcua COMMAND [options]   (motcua COMMAND --help for details)\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("motcua %s\n", MC_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "motcua: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return 2;
}
