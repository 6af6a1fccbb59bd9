/* http.h - requests, routes and replies as handlers see them.
 *
 * Handlers live in src/api, one file per resource, and are listed in the
 * static route table of src/api/routes.c. The router matches method and
 * path, enforces the body rules the route declares (content type, size,
 * JSON depth) and calls the handler with a struct mc_req whose memory comes
 * from the request's pool. A handler answers exactly once with one of the
 * mc_reply_* functions (or, for asynchronous work, mc_req_hold first and a
 * reply later on the same thread). */
#ifndef MC_HTTP_H
#define MC_HTTP_H

#include <h2o.h>
#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct mc_server;
struct mc_thread;
struct mc_db;

enum mc_body {
    MC_BODY_NONE,   /* no body expected (a body is ignored) */
    MC_BODY_JSON,   /* application/json, up to max-json, depth <= 32 */
    MC_BODY_UPLOAD, /* any content type, up to max-upload */
};

/* Where the agency a request acts on is named, for permission scoping. */
enum mc_scope {
    MC_SCOPE_ANY,   /* the permission on any agency (handlers filter data by scope) */
    MC_SCOPE_PATH,  /* path parameter scope_key holds an agency id or code */
    MC_SCOPE_BODY,  /* JSON body field scope_key */
    MC_SCOPE_QUERY, /* query parameter scope_key; absent = the user's own scope */
};

struct mc_req;
struct mc_principal;
typedef void (*mc_handler_fn)(struct mc_req *r);

struct mc_route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* "/api/v1/dossiers/{code}": {name} matches one segment */
    mc_handler_fn handler;
    enum mc_body body;
    const char *perm; /* permission the route needs; NULL = public, "auth" = signed in */
    enum mc_scope scope;
    const char *scope_key;
    int replica; /* a GET a read-only replica may answer (--db-read): mc_req_db gives its connection */
};

#define MC_MAX_PARAMS 4
#define MC_JSON_MAX_DEPTH 32

struct mc_req {
    h2o_req_t *h2o;
    struct mc_thread *thread;
    struct mc_server *server;
    const struct mc_route *route;
    int nparams;
    const char *param_names[MC_MAX_PARAMS];
    h2o_iovec_t params[MC_MAX_PARAMS];
    json_t *body;             /* parsed JSON body for MC_BODY_JSON routes (owned by the request) */
    struct mc_principal *who; /* the signed-in account, or NULL */
    char ip[48];
    char request_id[40];
    int64_t start_ms;
    int held; /* the handler answers later (mc_req_hold) */
};

/* Path parameter by name, NUL-terminated and percent-decoded; NULL if absent. */
const char *mc_req_param(struct mc_req *r, const char *name);
/* Query parameter by name, decoded ('+' is a space), NUL-terminated, from
 * the request's pool; NULL when absent. */
const char *mc_req_query(struct mc_req *r, const char *name);
/* Request header value (NUL-terminated copy) or NULL. */
const char *mc_req_header(struct mc_req *r, const h2o_token_t *token);
/* Request header by lower-case name (NUL-terminated copy) or NULL. */
const char *mc_req_header_named(struct mc_req *r, const char *name);
/* This thread's read connection to the database (opened on first use): the
 * --db-read replica's for routes marked replica when one is set, else --db's. */
mc_err mc_req_db(struct mc_req *r, struct mc_db **db, struct mc_error *err);
/* The handler will answer later; keeps the server from exiting until then. */
void mc_req_hold(struct mc_req *r);

/* Replies. Each takes ownership of json (json_decref'd). */
void mc_reply_json(struct mc_req *r, int status, json_t *json);
/* Replies from this thread's cache when it holds the answer to the same
 * path and query built from data generation gen: returns 1 when it did. */
int mc_reply_cached(struct mc_req *r, int64_t gen);
/* mc_reply_json (status 200) that also keeps the body in the cache. */
void mc_reply_json_cache(struct mc_req *r, json_t *json, int64_t gen);
/* {"items": items, "next_cursor": cursor|null[, "total": total when >= 0]} */
void mc_reply_list(struct mc_req *r, json_t *items, const char *next_cursor, int64_t total);
/* The list object of mc_reply_list, for callers that send it otherwise. */
json_t *mc_list_json(json_t *items, const char *next_cursor, int64_t total);
/* The error format: {"error": {"code", "message", "message_en", "details"}}. */
void mc_reply_error(struct mc_req *r, const struct mc_error *e);
void mc_reply_errorf(struct mc_req *r, int status, const char *code, const char *vi, const char *en);
/* A raw body (copied into the request pool) with a content type. */
void mc_reply_bytes(struct mc_req *r, int status, const char *content_type, const void *data, size_t len);
/* Adds a response header; value is copied into the request's pool. */
void mc_reply_header(struct mc_req *r, const h2o_token_t *token, const char *value);

/* The reason phrase of an HTTP status ("Not Found"). */
const char *mc_http_reason(int status);

/* ISO 8601 (+07:00) string for an instant, or JSON null for t == 0. */
json_t *mc_json_time(int64_t t);

/* Error of a failed mc_err without detail: 500 internal_error (logged). */
void mc_reply_internal(struct mc_req *r, const char *what);

#endif
