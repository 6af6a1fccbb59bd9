#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/banned.h"

enum opt_type { OPT_STR, OPT_INT, OPT_BOOL };

struct opt {
    const char *name; /* flag without "--", file key, MOTCUA_<NAME> */
    enum opt_type type;
    size_t offset;
    const char *def;
    int64_t min, max;
    const char *help;
};

#define S(field) OPT_STR, offsetof(struct mc_config, field)
#define I(field) OPT_INT, offsetof(struct mc_config, field)
#define B(field) OPT_BOOL, offsetof(struct mc_config, field)

static const struct opt opts[] = {
    {"listen", S(listen), "127.0.0.1:8080", 0, 0, "address and port to serve on (HOST:PORT)"},
    {"db", S(db), "./motcua.db", 0, 0, "database: a SQLite file path or a postgresql:// URL"},
    {"db-read", S(db_read), "", 0, 0, "optional read-only replica URL for lookups and reports"},
    {"files", S(files), "./files", 0, 0, "folder of the content-addressed file store"},
    {"web", S(web), "./web/dist", 0, 0, "folder of the built web application"},
    {"tls-cert", S(tls_cert), "", 0, 0, "PEM certificate: serve HTTPS with HTTP/2"},
    {"tls-key", S(tls_key), "", 0, 0, "PEM private key for --tls-cert"},
    {"access-log", S(access_log), "-", 0, 0, "access log file, - for stdout, off to disable"},
    {"public-url", S(public_url), "http://127.0.0.1:8080", 0, 0, "public base URL used in QR codes and links"},
    {"threads", I(threads), "0", 0, 256, "event-loop threads (0 = one per core)"},
    {"demo", B(demo), "0", 0, 1, "load the demo province into an empty database"},
    {"max-json", I(max_json), "1048576", 64, (int64_t)1 << 30, "largest JSON request body, bytes"},
    {"max-upload", I(max_upload), "26214400", 1024, (int64_t)1 << 32, "largest upload request body, bytes"},
    {"max-file", I(max_file), "10485760", 1, (int64_t)1 << 32, "largest uploaded file, bytes"},
    {"file-types", S(file_types),
     "application/pdf,image/jpeg,image/png,"
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     0, 0, "MIME types accepted for uploaded files (comma-separated, checked with libmagic)"},
    {"max-headers", I(max_headers), "16384", 1024, 1 << 20, "largest total size of request headers, bytes"},
    {"request-timeout", I(req_timeout), "30000", 100, 3600000, "time allowed to receive a request, ms"},
    {"shutdown-grace", I(shutdown_grace), "10000", 0, 600000, "time to finish requests in flight on SIGTERM, ms"},
    {"test-hooks", B(test_hooks), "0", 0, 1, "enable the /api/v1/_test routes (test suites only)"},
    {"log-level", S(log_level), "info", 0, 0, "debug, info, warn or error"},
    {"session-idle", I(session_idle), "1800", 60, 86400 * 30, "seconds a session survives without use"},
    {"session-absolute", I(session_absolute), "43200", 300, 86400 * 90, "seconds a session lives at most"},
    {"pwhash-ops", I(pwhash_ops), "2", 1, 20, "argon2id passes for password hashes"},
    {"pwhash-mem", I(pwhash_mem), "65536", 8, 4194304, "argon2id memory for password hashes, KiB"},
    {"login-failures", I(login_failures), "5", 1, 1000, "failed sign-ins before an account locks"},
    {"lockout", I(lockout), "900", 1, 86400, "seconds a locked account waits"},
    {"ip-rate", I(ip_rate), "30", 1, 100000, "sign-in, registration and reset attempts per IP per minute"},
    {"lookup-rate", I(lookup_rate), "60", 1, 1000000000, "public dossier lookups per IP per minute"},
    {"stuck-hours", I(stuck_hours), "16", 0, 10000,
     "working hours without action before a dossier is escalated (0 = off)"},
    {"scheduler-interval", I(scheduler_interval), "60", 1, 86400, "seconds between runs of the periodic checks"},
    {"oidc-issuer", S(oidc_issuer), "", 0, 0, "OpenID Connect provider issuer URL (empty: OIDC sign-in off)"},
    {"oidc-client-id", S(oidc_client_id), "", 0, 0, "client id registered with the OpenID Connect provider"},
    {"oidc-client-secret", S(oidc_client_secret), "", 0, 0, "client secret for the OpenID Connect provider"},
    {"oidc-redirect-uri", S(oidc_redirect_uri), "", 0, 0,
     "OIDC callback URL (default: public-url + /api/v1/auth/oidc/callback)"},
    {"oidc-scopes", S(oidc_scopes), "openid email profile", 0, 0, "scopes asked of the OpenID Connect provider"},
    {"slip-rules", S(slip_rules), "03/2025", 0, 0, "rule set of slip layouts: 03/2025 or 01/2018 (Circular)"},
    {"slip-font", S(slip_font), "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0, 0, "TrueType font of slips"},
    {"slip-font-bold", S(slip_font_bold), "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0, 0,
     "bold TrueType font of slips"},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static char **str_field(struct mc_config *cfg, const struct opt *o)
{
    return (char **)((char *)cfg + o->offset);
}

static int64_t *int_field(struct mc_config *cfg, const struct opt *o)
{
    return (int64_t *)((char *)cfg + o->offset);
}

static mc_err set_value(struct mc_config *cfg, const struct opt *o, const char *val, const char *from,
                        struct mc_error *err)
{
    if (o->type == OPT_STR) {
        mc_free(*str_field(cfg, o));
        *str_field(cfg, o) = mc_strdup(val);
        return MC_OK;
    }
    int64_t v;
    if (o->type == OPT_BOOL && (!strcmp(val, "true") || !strcmp(val, "yes") || !strcmp(val, "on"))) {
        v = 1;
    } else if (o->type == OPT_BOOL && (!strcmp(val, "false") || !strcmp(val, "no") || !strcmp(val, "off"))) {
        v = 0;
    } else {
        char *end;
        errno = 0;
        long long ll = strtoll(val, &end, 10);
        if (errno || end == val || *end || ll < o->min || ll > o->max)
            return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Giá trị không hợp lệ cho %s (%s): \"%s\"",
                                 "Invalid value for %s (%s): \"%s\"", o->name, from, val);
        v = ll;
    }
    *int_field(cfg, o) = v;
    return MC_OK;
}

void mc_config_init(struct mc_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < NOPTS; i++)
        set_value(cfg, &opts[i], opts[i].def, "default", NULL);
}

void mc_config_release(struct mc_config *cfg)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].type == OPT_STR)
            mc_free(*str_field(cfg, &opts[i]));
    memset(cfg, 0, sizeof(*cfg));
}

static const struct opt *find_opt(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
            return &opts[i];
    return NULL;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

mc_err mc_config_parse(struct mc_config *cfg, const char *text, size_t len, const char *name, struct mc_error *err)
{
    char line[MC_CONFIG_MAX_LINE];
    int lineno = 0;
    size_t pos = 0;
    if (memchr(text, '\0', len))
        return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Tệp cấu hình %s chứa byte NUL",
                             "The configuration file %s contains a NUL byte", name);
    while (pos < len) {
        const char *start = text + pos, *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (n >= sizeof(line))
            return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Dòng %d của %s dài quá %d byte",
                                 "Line %d of %s is longer than %d bytes", lineno, name, MC_CONFIG_MAX_LINE - 1);
        memcpy(line, start, n);
        line[n] = '\0';
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config",
                                 "Dòng %d của %s thiếu dấu =", "Line %d of %s has no =", lineno, name);
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        const struct opt *o = find_opt(key, strlen(key));
        if (!o)
            return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Khoá lạ \"%s\" ở dòng %d của %s",
                                 "Unknown key \"%s\" on line %d of %s", key, lineno, name);
        mc_err rc = set_value(cfg, o, val, name, err);
        if (rc)
            return rc;
    }
    return MC_OK;
}

static mc_err load_file(struct mc_config *cfg, const char *path, int must_exist, struct mc_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!must_exist && errno == ENOENT)
            return MC_OK;
        return mc_error_setf(err, MC_ERR_INVALID, 400, "config_unreadable", "Không đọc được tệp cấu hình %s",
                             "Cannot read the configuration file %s", path);
    }
    struct mc_buf b;
    char chunk[4096];
    size_t n;
    mc_err rc = MC_OK;
    mc_buf_init(&b, MC_CONFIG_MAX_FILE);
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = mc_buf_add(&b, chunk, n);
    if (rc)
        mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Tệp cấu hình %s lớn quá %d byte",
                      "The configuration file %s is larger than %d bytes", path, MC_CONFIG_MAX_FILE);
    else if (ferror(f))
        rc = mc_error_setf(err, MC_ERR_INVALID, 400, "config_unreadable", "Không đọc được tệp cấu hình %s",
                           "Cannot read the configuration file %s", path);
    else
        rc = mc_config_parse(cfg, b.buf, b.len, path, err);
    fclose(f);
    mc_buf_release(&b);
    return rc ? MC_ERR_INVALID : MC_OK;
}

/* MOTCUA_<NAME> with dashes as underscores. */
static void env_name(const struct opt *o, char out[64])
{
    size_t n = 7;
    memcpy(out, "MOTCUA_", n);
    for (const char *p = o->name; *p && n < 63; p++)
        out[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    out[n] = '\0';
}

static mc_err load_env(struct mc_config *cfg, struct mc_error *err)
{
    for (size_t i = 0; i < NOPTS; i++) {
        char name[64];
        env_name(&opts[i], name);
        const char *v = getenv(name);
        if (v && set_value(cfg, &opts[i], v, name, err))
            return MC_ERR_INVALID;
    }
    return MC_OK;
}

/* Finds --config in argv or MOTCUA_CONFIG. */
static const char *config_path(int argc, char **argv, int *must_exist)
{
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--config=", 9)) {
            *must_exist = 1;
            return argv[i] + 9;
        }
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            *must_exist = 1;
            return argv[i + 1];
        }
    }
    const char *env = getenv("MOTCUA_CONFIG");
    *must_exist = env != NULL;
    return env ? env : "motcua.conf";
}

mc_err mc_config_load(struct mc_config *cfg, int argc, char **argv, int *rest, struct mc_error *err)
{
    int must_exist;
    const char *path = config_path(argc, argv, &must_exist);
    if (load_file(cfg, path, must_exist, err) || load_env(cfg, err))
        return MC_ERR_INVALID;
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) || !a[2]) {
            argv[out++] = argv[i];
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len == 6 && !strncmp(name, "config", 6)) {
            i += eq ? 0 : 1;
            continue;
        }
        const struct opt *o = find_opt(name, len);
        if (!o) {
            argv[out++] = argv[i];
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val && o->type == OPT_BOOL)
            val = "1";
        if (!val && i + 1 < argc)
            val = argv[++i];
        if (!val)
            return mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_config", "Thiếu giá trị cho --%s",
                                 "Missing value for --%s", o->name);
        if (set_value(cfg, o, val, "command line", err))
            return MC_ERR_INVALID;
    }
    *rest = out - 1;
    return MC_OK;
}

void mc_config_help(FILE *out)
{
    fprintf(out, "Settings (flag > MOTCUA_* environment > motcua.conf > default):\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char env[64];
        env_name(&opts[i], env);
        fprintf(out, "  --%-16s %-24s %s (default: %s)\n", opts[i].name, env, opts[i].help,
                *opts[i].def ? opts[i].def : "none");
    }
    fprintf(out, "  --%-16s %-24s %s\n", "config", "MOTCUA_CONFIG", "configuration file (default: ./motcua.conf)");
}

mc_err mc_config_listen(const struct mc_config *cfg, char *host, size_t hostcap, int *port)
{
    const char *colon = strrchr(cfg->listen, ':');
    if (!colon || (size_t)(colon - cfg->listen) >= hostcap)
        return MC_ERR_INVALID;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || p < 0 || p > 65535)
        return MC_ERR_INVALID;
    const char *h = cfg->listen;
    size_t hl = (size_t)(colon - cfg->listen);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    *port = (int)p;
    return MC_OK;
}
