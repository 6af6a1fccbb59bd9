/* cmd_user.c - motcua user add|disable|passwd|token, motcua seed,
 * motcua audit verify: account administration from the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/crypto.h"
#include "core/time.h"
#include "domain/access.h"
#include "store/accounts.h"
#include "store/seed.h"
#include "store/synthetic.h"
#include "store/store.h"
#include "core/banned.h"

static const char user_usage[] =
    "Usage: motcua user add LOGIN --name NAME --role ROLE --agency CODE [--password P] [--kind staff|citizen]\n"
    "       motcua user disable LOGIN\n"
    "       motcua user passwd LOGIN [--password P]\n"
    "       motcua user token LOGIN --scopes 'perm perm' [--name NAME] [--days N]\n\n"
    "Without --password, the password is read from the first line of standard input.\n"
    "The token is printed once; only its hash is stored.\n\n";

/* The value after flag name among argv[1..last], or NULL. */
static const char *opt(int last, char **argv, const char *name)
{
    for (int i = 1; i < last; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return NULL;
}

static int read_password(int argc, char **argv, char *out, size_t cap)
{
    const char *p = opt(argc, argv, "--password");
    if (p) {
        snprintf(out, cap, "%s", p);
        return 1;
    }
    if (!fgets(out, (int)cap, stdin))
        return 0;
    out[strcspn(out, "\r\n")] = '\0';
    return 1;
}

static mc_err user_add(struct mc_db *db, const struct mc_config *cfg, int argc, char **argv, struct mc_error *err)
{
    const char *name = opt(argc, argv, "--name"), *role = opt(argc, argv, "--role"),
               *agency = opt(argc, argv, "--agency"), *kind = opt(argc, argv, "--kind");
    char password[160];
    if (!name || !role || !agency || !mc_role_valid(role))
        return mc_error_set(err, MC_ERR_INVALID, 400, "usage", "Thiếu --name, --role hoặc --agency (hoặc vai trò sai)",
                            "Missing --name, --role or --agency (or an unknown role)");
    if (!read_password(argc, argv, password, sizeof(password)) || mc_password_check(password, argv[2], err))
        return err->code ? MC_ERR_INVALID : mc_error_field(err, "password", "Thiếu mật khẩu", "Missing password");
    struct mc_user u = {0};
    int64_t agency_id;
    snprintf(u.kind, sizeof(u.kind), "%s", kind ? kind : "staff");
    snprintf(u.login, sizeof(u.login), "%s", argv[2]);
    snprintf(u.full_name, sizeof(u.full_name), "%s", name);
    snprintf(u.status, sizeof(u.status), "active");
    mc_err rc =
        mc_password_hash(password, (unsigned long long)cfg->pwhash_ops, (size_t)cfg->pwhash_mem, u.password_hash);
    if (!rc)
        rc = mc_agency_id_by_code(db, agency, &agency_id, err);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_field(err, "agency", "Không có cơ quan này", "No such agency");
    if (!rc)
        rc = mc_db_begin(db, err);
    if (!rc)
        rc = mc_user_create(db, &u, err);
    if (!rc)
        rc = mc_user_add_role(db, u.id, role, agency_id, err);
    if (!rc)
        rc = mc_audit_append(db, 0, "cli", "user_created", u.login, "", role, err);
    if (!rc)
        rc = mc_db_commit(db, err);
    else
        mc_db_rollback(db);
    if (!rc)
        printf("created %s (id %lld) as %s of %s\n", u.login, (long long)u.id, role, agency);
    return rc;
}

static mc_err find_user(struct mc_db *db, const char *login, struct mc_user *u, struct mc_error *err)
{
    mc_err rc = mc_user_by_login(db, login, u, err);
    if (rc == MC_ERR_NOT_FOUND)
        return mc_error_setf(err, MC_ERR_NOT_FOUND, 404, "not_found", "Không có tài khoản %s", "No account %s", login);
    return rc;
}

static mc_err in_txn(struct mc_db *db, mc_err rc, struct mc_error *err)
{
    if (!rc)
        return mc_db_commit(db, err);
    mc_db_rollback(db);
    return rc;
}

static mc_err user_disable(struct mc_db *db, const char *login, struct mc_error *err)
{
    struct mc_user u;
    mc_err rc = find_user(db, login, &u, err);
    if (!rc)
        rc = mc_db_begin(db, err);
    if (rc)
        return rc;
    rc = mc_user_set_status(db, u.id, "disabled", err);
    if (!rc)
        rc = mc_session_revoke(db, u.id, 0, mc_time_now(), err);
    if (!rc)
        rc = mc_audit_append(db, 0, "cli", "user_disabled", login, "", "", err);
    rc = in_txn(db, rc, err);
    if (!rc)
        printf("disabled %s and revoked its sessions\n", login);
    return rc;
}

static mc_err user_passwd(struct mc_db *db, const struct mc_config *cfg, int argc, char **argv, struct mc_error *err)
{
    struct mc_user u;
    char password[160], hash[128];
    mc_err rc = find_user(db, argv[2], &u, err);
    if (rc)
        return rc;
    if (!read_password(argc, argv, password, sizeof(password)) || mc_password_check(password, u.login, err))
        return MC_ERR_INVALID;
    rc = mc_password_hash(password, (unsigned long long)cfg->pwhash_ops, (size_t)cfg->pwhash_mem, hash);
    if (!rc)
        rc = mc_db_begin(db, err);
    if (rc)
        return rc;
    rc = mc_user_set_password(db, u.id, hash, err);
    if (!rc)
        rc = mc_audit_append(db, 0, "cli", "password_set", u.login, "", "", err);
    rc = in_txn(db, rc, err);
    if (!rc)
        printf("password of %s changed\n", u.login);
    return rc;
}

static mc_err user_token(struct mc_db *db, int argc, char **argv, struct mc_error *err)
{
    struct mc_user u;
    const char *scopes = opt(argc, argv, "--scopes"), *name = opt(argc, argv, "--name"),
               *days = opt(argc, argv, "--days");
    char token[MC_TOKEN_LEN], hash[MC_SHA256_HEX];
    int64_t id;
    mc_err rc = find_user(db, argv[2], &u, err);
    if (rc)
        return rc;
    if (!scopes)
        return mc_error_field(err, "scopes", "Thiếu --scopes", "Missing --scopes");
    mc_random_token(token);
    mc_sha256_hex(token, strlen(token), hash);
    int64_t expires = days ? mc_time_now() + strtoll(days, NULL, 10) * 86400 : 0;
    rc = mc_db_begin(db, err);
    if (rc)
        return rc;
    rc = mc_token_create(db, u.id, hash, name ? name : "", scopes, expires, mc_time_now(), &id, err);
    if (!rc)
        rc = mc_audit_append(db, 0, "cli", "token_created", u.login, "", scopes, err);
    rc = in_txn(db, rc, err);
    if (!rc)
        printf("%s\n", token);
    return rc;
}

/* Opens the database named by the settings, migrated. */
static int open_db(struct mc_config *cfg, int argc, char **argv, int *rest, const char *usage, struct mc_db **db)
{
    struct mc_error err;
    mc_error_init(&err);
    if (mc_cli_load_config(cfg, argc, argv, rest, usage))
        return cfg->listen ? 0 : 2;
    if (mc_crypto_init() || mc_db_open(cfg->db, db, &err) || mc_db_migrate(*db, NULL, &err)) {
        mc_cli_print_error(argv[0], &err);
        mc_config_release(cfg);
        return 1;
    }
    return -1;
}

int mc_cmd_user(int argc, char **argv)
{
    struct mc_config cfg;
    struct mc_db *db = NULL;
    struct mc_error err;
    int rest, status = open_db(&cfg, argc, argv, &rest, user_usage, &db);
    if (status >= 0)
        return status;
    mc_error_init(&err);
    mc_err rc = MC_ERR_INVALID;
    const char *sub = rest >= 2 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        rc = user_add(db, &cfg, rest, argv, &err);
    else if (!strcmp(sub, "disable"))
        rc = user_disable(db, argv[2], &err);
    else if (!strcmp(sub, "passwd"))
        rc = user_passwd(db, &cfg, rest, argv, &err);
    else if (!strcmp(sub, "token"))
        rc = user_token(db, rest, argv, &err);
    else
        fputs(user_usage, stderr);
    if (rc && err.code)
        mc_cli_print_error("user", &err);
    mc_db_close(db);
    mc_config_release(&cfg);
    return rc ? (err.code ? 1 : 2) : 0;
}

int mc_cmd_seed(int argc, char **argv)
{
    struct mc_config cfg;
    struct mc_db *db = NULL;
    struct mc_error err;
    int rest, loaded = 0;
    int status = open_db(&cfg, argc, argv, &rest,
                         "Usage: motcua seed [--db URL] [--synthetic N] [--demo-dossiers N]\n\nLoads the demo "
                         "province into an empty database; --demo-dossiers N adds N generated dossiers when the demo "
                         "is loaded now; --synthetic N always adds N (benchmarks). Generated dossiers span the 18 "
                         "months before today.\n\n",
                         &db);
    if (status >= 0)
        return status;
    mc_error_init(&err);
    const char *synthetic = opt(rest, argv, "--synthetic"), *demo = opt(rest, argv, "--demo-dossiers");
    mc_err rc = mc_seed_demo(db, (unsigned long long)cfg.pwhash_ops, (size_t)cfg.pwhash_mem, &loaded, &err);
    if (!rc && loaded && demo)
        synthetic = demo; /* the demo's own dossiers, only with a fresh demo */
    if (!rc && synthetic) {
        int64_t t0 = mc_time_now();
        rc = mc_seed_synthetic(db, strtoll(synthetic, NULL, 10), mc_time_now(), 1, &err);
        if (!rc)
            printf("generated %s dossiers in %lld s\n", synthetic, (long long)(mc_time_now() - t0));
    }
    if (rc)
        mc_cli_print_error("seed", &err);
    else if (!loaded)
        printf("the database already has data; the demo was not loaded again\n");
    if (!rc)
        mc_seed_print_accounts();
    mc_db_close(db);
    mc_config_release(&cfg);
    return rc ? 1 : 0;
}

int mc_cmd_audit(int argc, char **argv)
{
    struct mc_config cfg;
    struct mc_db *db = NULL;
    struct mc_error err;
    int rest;
    int status = open_db(&cfg, argc, argv, &rest,
                         "Usage: motcua audit verify [--db URL]\n\nChecks the hash "
                         "chain of the audit log; reports the first broken link.\n\n",
                         &db);
    if (status >= 0)
        return status;
    mc_error_init(&err);
    int64_t broken = 0, rows = 0;
    if (rest != 1 || strcmp(argv[1], "verify")) {
        fprintf(stderr, "motcua audit: expected \"verify\"\n");
        status = 2;
    } else if (mc_audit_verify(db, &broken, &rows, &err)) {
        mc_cli_print_error("audit", &err);
        status = 1;
    } else if (broken) {
        printf("audit log BROKEN at entry %lld (%lld entries checked)\n", (long long)broken, (long long)rows);
        status = 1;
    } else {
        printf("audit log intact: %lld entries\n", (long long)rows);
        status = 0;
    }
    mc_db_close(db);
    mc_config_release(&cfg);
    return status;
}
