#include "http/errdoc.h"

#include <stdio.h>
#include <string.h>

#include "http/server.h"
#include "core/banned.h"

struct errdoc_ostream {
    h2o_ostream_t super;
    h2o_iovec_t body;
};

struct known_error {
    int status;
    const char *code, *vi, *en;
};

static const struct known_error known[] = {
    {400, "bad_request", "Yêu cầu không hợp lệ", "Bad request"},
    {404, "not_found", "Không tìm thấy địa chỉ được yêu cầu", "No such resource"},
    {405, "method_not_allowed", "Phương thức không được phép", "Method not allowed"},
    {408, "request_timeout", "Hết thời gian chờ nhận yêu cầu", "Request timeout"},
    {413, "payload_too_large", "Nội dung gửi lên quá lớn", "The request body is too large"},
    {414, "uri_too_long", "Địa chỉ yêu cầu quá dài", "The request URI is too long"},
    {416, "range_not_satisfiable", "Khoảng dữ liệu yêu cầu không hợp lệ", "Range not satisfiable"},
    {417, "expectation_failed", "Không đáp ứng được yêu cầu Expect", "Expectation failed"},
    {431, "headers_too_large", "Phần đầu (header) của yêu cầu quá lớn", "The request headers are too large"},
    {502, "bad_gateway", "Lỗi cổng kết nối", "Bad gateway"},
    {503, "service_unavailable", "Dịch vụ tạm thời không sẵn sàng", "Service unavailable"},
};

static const struct known_error *lookup(int status)
{
    static const struct known_error fallback = {500, "internal_error", "Lỗi hệ thống", "Internal server error"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (known[i].status == status)
            return &known[i];
    return &fallback;
}

static void do_send(h2o_ostream_t *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
    struct errdoc_ostream *o = (struct errdoc_ostream *)self;
    (void)bufs;
    (void)bufcnt;
    if (state == H2O_SEND_STATE_IN_PROGRESS) {
        h2o_ostream_send_next(&o->super, req, NULL, 0, state);
        return;
    }
    h2o_ostream_send_next(&o->super, req, &o->body, 1, state);
}

static int is_json(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
    if (i < 0)
        return 0;
    h2o_iovec_t v = req->res.headers.entries[i].value;
    return v.len >= 16 && h2o_lcstris(v.base, 16, H2O_STRLIT("application/json"));
}

static void add_request_id(h2o_req_t *req)
{
    if (h2o_find_header_by_str(&req->res.headers, H2O_STRLIT("x-request-id"), -1) >= 0)
        return;
    struct mc_thread *t = mc_thread_of(req);
    char id[40];
    int n = snprintf(id, sizeof(id), "%s-%d-%llx", t->server->id_prefix, t->index, (unsigned long long)++t->seq);
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0, "X-Request-Id",
                          h2o_strdup(&req->pool, id, (size_t)n).base, (size_t)n);
}

static void rewrite_error(h2o_req_t *req, h2o_ostream_t **slot)
{
    const struct known_error *k = lookup(req->res.status);
    char body[512];
    int n = snprintf(body, sizeof(body),
                     "{\"error\":{\"code\":\"%s\",\"message\":\"%s\",\"message_en\":\"%s\",\"details\":{}}}\n", k->code,
                     k->vi, k->en);
    struct errdoc_ostream *o = (struct errdoc_ostream *)h2o_add_ostream(req, sizeof(*o), slot);
    o->super.do_send = do_send;
    o->body = h2o_strdup(&req->pool, body, (size_t)n);
    req->res.content_length = (size_t)n;
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("application/json"), 1);
    slot = &o->super.next;
    h2o_setup_next_ostream(req, slot);
}

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    (void)self;
    add_request_id(req);
    if (req->res.status >= 400 && !is_json(req) && !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"))) {
        rewrite_error(req, slot);
        return;
    }
    h2o_setup_next_ostream(req, slot);
}

void mc_errdoc_register(h2o_pathconf_t *pathconf)
{
    h2o_filter_t *f = h2o_create_filter(pathconf, sizeof(*f));
    f->on_setup_ostream = on_setup_ostream;
}
