/* routes.h - the route table of the JSON API.
 *
 * One static table (src/api/routes.c) names every route: method, path
 * pattern, handler, body kind and permission. Test-only routes are appended
 * when the server runs with --test-hooks. */
#ifndef MC_ROUTES_H
#define MC_ROUTES_H

#include <stddef.h>

#include <jansson.h>

struct mc_route;
struct mc_req;
struct mc_user;

struct mc_dossier;
/* The JSON form of a dossier (for its applicant and the officers). */
json_t *mc_api_dossier_json(const struct mc_dossier *d);
struct mc_db;
struct mc_principal;
/* Dossier access for the other resources of a dossier (files), the checks
 * of dossiers.c. Loads the dossier of the path parameter "code" for a
 * reader; replies 404 (unknown or not the caller's to see) or the error and
 * returns 0 when it cannot. */
int mc_api_dossier_readable(struct mc_req *r, struct mc_db **db, struct mc_dossier *d);
/* 1 when p may read d: its applicant, or dossier.read covering one of its agencies. */
int mc_api_dossier_may_read(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d);
/* The enum mc_actor mask (MC_BY_*) of p on d. */
unsigned mc_api_dossier_actors(struct mc_db *db, const struct mc_principal *p, const struct mc_dossier *d);
/* The public JSON form of an account (no secrets). */
json_t *mc_api_user_json(const struct mc_user *u);

void mc_api_routes(const struct mc_route **routes, size_t *n, int with_test_hooks);

/* Handlers, one file per resource. */
void mc_api_health(struct mc_req *r);
void mc_api_auth_login(struct mc_req *r);
void mc_api_auth_logout(struct mc_req *r);
void mc_api_auth_me(struct mc_req *r);
void mc_api_auth_register(struct mc_req *r);
void mc_api_auth_verify(struct mc_req *r);
void mc_api_auth_reset_request(struct mc_req *r);
void mc_api_auth_reset_confirm(struct mc_req *r);
void mc_api_auth_sessions(struct mc_req *r);
void mc_api_auth_session_revoke(struct mc_req *r);
/* OpenID Connect (issue 3) */
void mc_api_oidc_start(struct mc_req *r);
void mc_api_oidc_callback(struct mc_req *r);
void mc_api_auth_providers(struct mc_req *r);
void mc_api_users_list(struct mc_req *r);
void mc_api_users_create(struct mc_req *r);
void mc_api_tokens_create(struct mc_req *r);
/* calendar (issue 4) */
void mc_api_calendar_holidays(struct mc_req *r);
void mc_api_calendar_due(struct mc_req *r);
void mc_api_calendar_lunar(struct mc_req *r);
void mc_api_calendar_overrides(struct mc_req *r);
void mc_api_calendar_override_create(struct mc_req *r);
void mc_api_calendar_override_update(struct mc_req *r);
void mc_api_calendar_override_delete(struct mc_req *r);
void mc_api_dossiers_create(struct mc_req *r);
void mc_api_dossiers_list(struct mc_req *r);
void mc_api_dossiers_counts(struct mc_req *r);
void mc_api_dossiers_get(struct mc_req *r);
void mc_api_dossiers_history(struct mc_req *r);
void mc_api_dossiers_action(struct mc_req *r);
void mc_api_lookup(struct mc_req *r);
void mc_api_events(struct mc_req *r);
void mc_api_agencies_tree(struct mc_req *r);
void mc_api_agencies_get(struct mc_req *r);
void mc_api_agencies_create(struct mc_req *r);
void mc_api_agencies_update(struct mc_req *r);
void mc_api_procedures_import(struct mc_req *r);
void mc_api_workflows_list(struct mc_req *r);
void mc_api_workflows_put(struct mc_req *r);
void mc_api_procedures_search(struct mc_req *r);
void mc_api_procedures_get(struct mc_req *r);
void mc_api_procedures_create(struct mc_req *r);
void mc_api_procedures_update(struct mc_req *r);
void mc_api_procedures_retire(struct mc_req *r);
/* slips and registers (issue 7) */
struct mc_db;
/* Loads the dossier of the path parameter "code" for a reader (its
 * applicant, or staff with dossier.read over its receiving or processing
 * agency); replies 404 and returns 0 when it cannot (dossiers.c). */
int mc_api_dossier_load_readable(struct mc_req *r, struct mc_db **db, struct mc_dossier *d);
void mc_api_slips_get(struct mc_req *r);
void mc_api_register_get(struct mc_req *r);
/* files (issue 6) */
void mc_api_files_upload(struct mc_req *r);
void mc_api_files_list(struct mc_req *r);
void mc_api_files_get(struct mc_req *r);
/* reports (issue 9) */
void mc_api_reports_bieu06(struct mc_req *r);
void mc_api_reports_bieu06_dossiers(struct mc_req *r);
void mc_api_reports_index766(struct mc_req *r);
void mc_api_reports_postal(struct mc_req *r);
void mc_api_dashboard(struct mc_req *r);
void mc_api_test_notifications(struct mc_req *r);
void mc_api_test_routes(struct mc_req *r);
void mc_api_test_sleep(struct mc_req *r);
void mc_api_test_echo(struct mc_req *r);
void mc_api_test_upload(struct mc_req *r);

#endif
