/* cmd_serve.c - motcua serve: the HTTP server. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/cli.h"
#include "core/log.h"
#include "http/server.h"
#include "core/banned.h"

static const char usage[] = "Usage: motcua serve [settings]\n\n"
                            "Serves the JSON API under /api/v1, the web app and the public pages.\n"
                            "Stops on SIGTERM or SIGINT after finishing the requests in flight.\n\n";

int mc_cmd_serve(int argc, char **argv)
{
    struct mc_config cfg;
    int rest;
    if (mc_cli_load_config(&cfg, argc, argv, &rest, usage))
        return cfg.listen ? 0 : 2;
    if (rest) {
        fprintf(stderr, "motcua serve: unexpected argument \"%s\"\n", argv[1]);
        mc_config_release(&cfg);
        return 2;
    }
    /* Vietnam keeps UTC+7 all year; the access log's local times follow it
     * even on machines without tzdata. */
    setenv("TZ", "ICT-7", 1);
    tzset();
    struct mc_server server;
    struct mc_error err;
    mc_error_init(&err);
    int status = 0;
    if (mc_server_init(&server, &cfg, &err) || mc_server_run(&server, &err)) {
        mc_cli_print_error("serve", &err);
        status = 1;
    }
    mc_server_release(&server);
    mc_config_release(&cfg);
    mc_log(MC_LOG_INFO, "stopped");
    return status;
}
