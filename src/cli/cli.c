#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/banned.h"

int mc_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

void mc_cli_print_error(const char *cmd, const struct mc_error *err)
{
    fprintf(stderr, "motcua %s: %s / %s", cmd, err->message, err->message_en);
    for (int i = 0; i < err->ndetails; i++)
        fprintf(stderr, "%s%s=%s", i ? ", " : " (", err->details[i].key, err->details[i].value);
    fprintf(stderr, "%s\n", err->ndetails ? ")" : "");
}

int mc_cli_load_config(struct mc_config *cfg, int argc, char **argv, int *rest, const char *usage)
{
    mc_config_init(cfg);
    if (mc_cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        mc_config_help(stdout);
        mc_config_release(cfg);
        cfg->listen = (char *)""; /* static: tells the caller "help shown", nothing to free */
        return 1;
    }
    struct mc_error err;
    mc_error_init(&err);
    if (mc_config_load(cfg, argc, argv, rest, &err)) {
        mc_cli_print_error(argv[0], &err);
        mc_config_release(cfg);
        return 1;
    }
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(cfg->log_level, levels[i]))
            mc_log_set_level((enum mc_log_level)i);
    return 0;
}
