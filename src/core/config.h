/* config.h - settings from flags, MOTCUA_* environment, motcua.conf, defaults.
 *
 * Precedence: command-line flag > environment variable > configuration file
 * > built-in default. Every setting is one row of a static table (name, type,
 * default, help); the table drives parsing, `--help` and the docs. The file
 * is `key = value` lines (# comments), read from --config, MOTCUA_CONFIG or
 * ./motcua.conf when it exists. */
#ifndef MC_CONFIG_H
#define MC_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

struct mc_config {
    char *listen;               /* HOST:PORT */
    char *db;                   /* SQLite path or postgresql:// URL */
    char *db_read;              /* optional read replica URL */
    char *files;                /* content-addressed file store */
    char *web;                  /* built web app (web/dist) */
    char *tls_cert;             /* PEM certificate; enables HTTPS + HTTP/2 */
    char *tls_key;              /* PEM private key */
    char *access_log;           /* path, "-" for stdout, "off" */
    char *public_url;           /* base URL printed in QR codes and links */
    int64_t threads;            /* event-loop threads, 0 = number of cores */
    int64_t demo;               /* load the demo province into an empty database */
    int64_t max_json;           /* bytes of a JSON request body */
    int64_t max_upload;         /* bytes of an upload request body */
    int64_t max_file;           /* bytes of one uploaded file */
    char *file_types;           /* comma-separated MIME types accepted for uploads */
    int64_t max_headers;        /* bytes of all request headers together */
    int64_t req_timeout;        /* milliseconds to receive a request */
    int64_t shutdown_grace;     /* milliseconds to finish requests on SIGTERM */
    int64_t test_hooks;         /* enable /api/v1/_test routes (tests only) */
    char *log_level;            /* debug, info, warn, error */
    int64_t session_idle;       /* seconds a session survives without use */
    int64_t session_absolute;   /* seconds a session lives at most */
    int64_t pwhash_ops;         /* argon2id passes */
    int64_t pwhash_mem;         /* argon2id memory, KiB */
    int64_t login_failures;     /* failed sign-ins before the account locks */
    int64_t lockout;            /* seconds an account stays locked */
    int64_t ip_rate;            /* sign-in, registration and reset attempts per IP per minute */
    int64_t lookup_rate;        /* public dossier lookups per IP per minute */
    int64_t stuck_hours;        /* working hours without action before escalation, 0 = off */
    int64_t scheduler_interval; /* seconds between periodic checks */
    char *oidc_issuer;          /* OpenID Connect provider issuer URL, "" = disabled */
    char *oidc_client_id;       /* client id registered with the provider */
    char *oidc_client_secret;   /* client secret (client_secret_basic) */
    char *oidc_redirect_uri;    /* callback URL, "" = public-url + /api/v1/auth/oidc/callback */
    char *oidc_scopes;          /* space-separated scopes asked for (openid is required) */
    char *slip_rules;           /* rule set of slip layouts: "03/2025" or "01/2018" */
    char *slip_font;            /* TrueType font of slips */
    char *slip_font_bold;       /* its bold face */
};

/* Sets every field to its built-in default (heap strings owned by cfg). */
void mc_config_init(struct mc_config *cfg);
void mc_config_release(struct mc_config *cfg);

/* Applies the file, the environment and the flags in argv[1..argc-1] (argv[0]
 * is the subcommand). Known flags are consumed; everything else (positional
 * arguments and flags the subcommand handles itself) is moved, in order, to
 * the front of argv[1..] and *rest receives its count. `--help` is left for
 * the subcommand. On a bad value or a missing file: MC_ERR_INVALID with a
 * message in err. */
mc_err mc_config_load(struct mc_config *cfg, int argc, char **argv, int *rest, struct mc_error *err);

#define MC_CONFIG_MAX_LINE 4096          /* a line of a configuration file holds fewer bytes (newline excluded) */
#define MC_CONFIG_MAX_FILE (1024 * 1024) /* bytes of a whole configuration file */

/* Applies configuration text (the `key = value` lines of motcua.conf, #
 * comments, blank lines) held in text[0..len) to cfg; name is the file name
 * used in messages. Errors (MC_ERR_INVALID, err code "invalid_config"): a NUL
 * byte, a line of MC_CONFIG_MAX_LINE bytes or more (newline excluded), a line without '=', an
 * unknown key, a bad value. Lines before the faulty one stay applied. */
mc_err mc_config_parse(struct mc_config *cfg, const char *text, size_t len, const char *name, struct mc_error *err);

/* Prints the table of settings (flag, environment variable, default, help). */
void mc_config_help(FILE *out);

/* Splits cfg->listen into host and port; MC_ERR_INVALID when malformed. */
mc_err mc_config_listen(const struct mc_config *cfg, char *host, size_t hostcap, int *port);

#endif
