/* cli.h - what every subcommand shares: settings, help, error output. */
#ifndef MC_CLI_H
#define MC_CLI_H

#include "core/config.h"
#include "core/err.h"

/* Loads the settings for a subcommand. Returns 0 to go on; 1 when the
 * command should stop, cfg released in both cases: after printing usage and
 * the settings table for --help (cfg->listen is then a non-NULL static
 * string and the exit status is 0), or after a bad setting (cfg->listen
 * NULL, exit status 2). */
int mc_cli_load_config(struct mc_config *cfg, int argc, char **argv, int *rest, const char *usage);
/* Prints "motcua CMD: message / message_en (details)" on stderr. */
void mc_cli_print_error(const char *cmd, const struct mc_error *err);
/* 1 when argv[1..argc-1] contains --help or -h. */
int mc_cli_wants_help(int argc, char **argv);

#endif
