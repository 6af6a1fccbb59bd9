/* routes.c - every route of the API, in one table: method, path, handler,
 * body kind, the permission it needs and where its agency scope comes from.
 * tests/api/matrix.json must have a row for each (the matrix test fails
 * when a route is missing there). */
#include "api/routes.h"

#include "http/http.h"
#include "core/banned.h"

#define PUBLIC NULL
#define AUTH "auth"

#define ROUTE(m, p, h, b, perm, scope, key)                                                                            \
    {                                                                                                                  \
        m, p, h, b, perm, scope, key, 0                                                                                \
    }
#define GET(p, h, perm) ROUTE("GET", p, h, MC_BODY_NONE, perm, MC_SCOPE_ANY, NULL)
#define POST(p, h, perm) ROUTE("POST", p, h, MC_BODY_JSON, perm, MC_SCOPE_ANY, NULL)
#define DELETE(p, h, perm) ROUTE("DELETE", p, h, MC_BODY_NONE, perm, MC_SCOPE_ANY, NULL)
/* a public GET that --db-read's replica may answer (lookups, catalogue, calendar, reports) */
#define GET_REPLICA(p, h)                                                                                              \
    {                                                                                                                  \
        "GET", p, h, MC_BODY_NONE, PUBLIC, MC_SCOPE_ANY, NULL, 1                                                       \
    }

static const struct mc_route routes[] = {
    GET_REPLICA("/api/v1/health", mc_api_health),

    POST("/api/v1/auth/login", mc_api_auth_login, PUBLIC),
    POST("/api/v1/auth/logout", mc_api_auth_logout, AUTH),
    GET("/api/v1/auth/me", mc_api_auth_me, AUTH),
    POST("/api/v1/auth/register", mc_api_auth_register, PUBLIC),
    POST("/api/v1/auth/verify", mc_api_auth_verify, PUBLIC),
    POST("/api/v1/auth/password-reset", mc_api_auth_reset_request, PUBLIC),
    POST("/api/v1/auth/password-reset/confirm", mc_api_auth_reset_confirm, PUBLIC),
    GET("/api/v1/auth/sessions", mc_api_auth_sessions, AUTH),
    DELETE("/api/v1/auth/sessions/{id}", mc_api_auth_session_revoke, AUTH),

    ROUTE("GET", "/api/v1/users", mc_api_users_list, MC_BODY_NONE, "users.read", MC_SCOPE_QUERY, "agency"),
    ROUTE("POST", "/api/v1/users", mc_api_users_create, MC_BODY_JSON, "users.manage", MC_SCOPE_BODY, "agency_id"),
    POST("/api/v1/tokens", mc_api_tokens_create, "tokens.manage"),

    /* OpenID Connect (issue 3) */
    GET("/api/v1/auth/oidc/start", mc_api_oidc_start, PUBLIC),
    GET("/api/v1/auth/oidc/callback", mc_api_oidc_callback, PUBLIC),
    GET("/api/v1/auth/providers", mc_api_auth_providers, PUBLIC),

    /* calendar (issue 4): add routes here */
    GET_REPLICA("/api/v1/calendar/holidays", mc_api_calendar_holidays),
    GET_REPLICA("/api/v1/calendar/due", mc_api_calendar_due),
    GET_REPLICA("/api/v1/calendar/lunar", mc_api_calendar_lunar),
    GET_REPLICA("/api/v1/calendar/overrides", mc_api_calendar_overrides),
    POST("/api/v1/calendar/overrides", mc_api_calendar_override_create, "calendar.manage"),
    ROUTE("PUT", "/api/v1/calendar/overrides/{date}", mc_api_calendar_override_update, MC_BODY_JSON, "calendar.manage",
          MC_SCOPE_ANY, NULL),
    DELETE("/api/v1/calendar/overrides/{date}", mc_api_calendar_override_delete, "calendar.manage"),

    /* agencies and procedures (issue 5): add routes here */
    GET_REPLICA("/api/v1/agencies", mc_api_agencies_tree),
    GET_REPLICA("/api/v1/agencies/{id}", mc_api_agencies_get),
    POST("/api/v1/agencies", mc_api_agencies_create, "users.manage"),
    ROUTE("PUT", "/api/v1/agencies/{id}", mc_api_agencies_update, MC_BODY_JSON, "users.manage", MC_SCOPE_PATH, "id"),
    ROUTE("POST", "/api/v1/procedures/import", mc_api_procedures_import, MC_BODY_UPLOAD, "catalogue.manage",
          MC_SCOPE_ANY, NULL),
    GET("/api/v1/workflows", mc_api_workflows_list, AUTH),
    ROUTE("PUT", "/api/v1/workflows/{code}", mc_api_workflows_put, MC_BODY_JSON, "catalogue.manage", MC_SCOPE_ANY,
          NULL),
    GET_REPLICA("/api/v1/procedures", mc_api_procedures_search),
    GET_REPLICA("/api/v1/procedures/{code}", mc_api_procedures_get),
    POST("/api/v1/procedures", mc_api_procedures_create, "catalogue.manage"),
    ROUTE("PUT", "/api/v1/procedures/{code}", mc_api_procedures_update, MC_BODY_JSON, "catalogue.manage", MC_SCOPE_ANY,
          NULL),
    DELETE("/api/v1/procedures/{code}", mc_api_procedures_retire, "catalogue.manage"),

    /* dossiers (issue 6) */
    POST("/api/v1/dossiers", mc_api_dossiers_create, "dossier.submit"),
    GET("/api/v1/dossiers", mc_api_dossiers_list, AUTH),
    GET("/api/v1/dossiers/counts", mc_api_dossiers_counts, AUTH),
    GET("/api/v1/dossiers/{code}", mc_api_dossiers_get, AUTH),
    GET("/api/v1/dossiers/{code}/history", mc_api_dossiers_history, AUTH),
    POST("/api/v1/dossiers/{code}/actions", mc_api_dossiers_action, AUTH),
    GET_REPLICA("/api/v1/lookup/{code}", mc_api_lookup),
    GET("/api/v1/events", mc_api_events, "events.read"),

    /* slips and registers (issue 7) */
    GET("/api/v1/dossiers/{code}/slips/{kind}", mc_api_slips_get, AUTH),
    ROUTE("GET", "/api/v1/registers/dossiers.pdf", mc_api_register_get, MC_BODY_NONE, "dossier.read", MC_SCOPE_QUERY,
          "agency"),

    /* files (issue 6) */
    ROUTE("POST", "/api/v1/dossiers/{code}/files", mc_api_files_upload, MC_BODY_UPLOAD, AUTH, MC_SCOPE_ANY, NULL),
    GET("/api/v1/dossiers/{code}/files", mc_api_files_list, AUTH),
    GET("/api/v1/files/{sha256}", mc_api_files_get, AUTH),

    /* reports (issue 9) */
    ROUTE("GET", "/api/v1/reports/bieu06", mc_api_reports_bieu06, MC_BODY_NONE, "reports.read", MC_SCOPE_QUERY,
          "agency"),
    ROUTE("GET", "/api/v1/reports/bieu06/dossiers", mc_api_reports_bieu06_dossiers, MC_BODY_NONE, "reports.read",
          MC_SCOPE_QUERY, "agency"),
    ROUTE("GET", "/api/v1/reports/index766", mc_api_reports_index766, MC_BODY_NONE, "reports.read", MC_SCOPE_QUERY,
          "agency"),
    ROUTE("GET", "/api/v1/reports/postal", mc_api_reports_postal, MC_BODY_NONE, "reports.read", MC_SCOPE_QUERY,
          "agency"),
    ROUTE("GET", "/api/v1/dashboard", mc_api_dashboard, MC_BODY_NONE, "reports.read", MC_SCOPE_QUERY, "agency"),

    /* test hooks (must stay last) */
    GET("/api/v1/_test/sleep", mc_api_test_sleep, PUBLIC),
    POST("/api/v1/_test/echo", mc_api_test_echo, PUBLIC),
    ROUTE("POST", "/api/v1/_test/upload", mc_api_test_upload, MC_BODY_UPLOAD, PUBLIC, MC_SCOPE_ANY, NULL),
    GET("/api/v1/_test/notifications", mc_api_test_notifications, PUBLIC),
    GET("/api/v1/_test/routes", mc_api_test_routes, PUBLIC),
};

#define NTEST 5

void mc_api_routes(const struct mc_route **out, size_t *n, int with_test_hooks)
{
    *out = routes;
    *n = sizeof(routes) / sizeof(routes[0]) - (with_test_hooks ? 0 : NTEST);
}
