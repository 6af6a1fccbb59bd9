/* commands.h - the subcommands of the motcua binary.
 *
 * Each takes argc/argv with argv[0] being the subcommand's name, handles
 * --help itself, and returns the process exit status (0 success, 1 failure,
 * 2 usage error). */
#ifndef MC_COMMANDS_H
#define MC_COMMANDS_H

int mc_cmd_serve(int argc, char **argv);
int mc_cmd_init(int argc, char **argv);
int mc_cmd_migrate(int argc, char **argv);
int mc_cmd_calendar(int argc, char **argv);
int mc_cmd_user(int argc, char **argv);
int mc_cmd_seed(int argc, char **argv);
int mc_cmd_audit(int argc, char **argv);
int mc_cmd_import(int argc, char **argv);
int mc_cmd_report(int argc, char **argv);

#endif
