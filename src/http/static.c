#include "http/static.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "http/http.h"
#include "core/banned.h"

#define MAX_FILE_BYTES ((size_t)32 << 20)

struct static_file {
    char *path; /* "/index.html" */
    char *data, *gz;
    size_t len, gz_len;
    char etag[24];
    const char *mime;
    int immutable;
};

struct mc_static {
    struct static_file *files;
    size_t n, cap;
};

static const struct {
    const char *ext, *mime;
} mimes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".map", "application/json"},
};

static const char *mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof(mimes) / sizeof(mimes[0]); i++)
        if (!strcmp(dot, mimes[i].ext))
            return mimes[i].mime;
    return "application/octet-stream";
}

static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct mc_buf b;
    mc_buf_init(&b, MAX_FILE_BYTES);
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = mc_buf_add(&b, chunk, n) ? -1 : 0;
    fclose(f);
    if (rc) {
        mc_buf_release(&b);
        return -1;
    }
    *data = mc_buf_detach(&b, len);
    return 0;
}

static void etag_of(const char *data, size_t len, char out[24])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
    snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

static void add_file(struct mc_static *st, const char *full, const char *rel)
{
    struct static_file f = {0};
    if (read_file(full, &f.data, &f.len))
        return;
    char gzpath[4200];
    snprintf(gzpath, sizeof(gzpath), "%s.gz", full);
    if (read_file(gzpath, &f.gz, &f.gz_len))
        f.gz = NULL;
    f.path = mc_strdup(rel);
    etag_of(f.data, f.len, f.etag);
    f.mime = mime_of(rel);
    f.immutable = !strncmp(rel, "/assets/", 8);
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 32;
        st->files = mc_reallocarray(st->files, st->cap, sizeof(*st->files));
    }
    st->files[st->n++] = f;
}

static void walk(struct mc_static *st, const char *root, const char *rel, int depth)
{
    char dirpath[4096];
    snprintf(dirpath, sizeof(dirpath), "%s%s", root, rel);
    DIR *d = opendir(dirpath);
    if (!d || depth > 8) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(e->d_name);
        if (n > 3 && !strcmp(e->d_name + n - 3, ".gz"))
            continue;
        char sub[2048], full[4096];
        snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
        snprintf(full, sizeof(full), "%s%s", root, sub);
        struct stat sb;
        if (stat(full, &sb))
            continue;
        if (S_ISDIR(sb.st_mode))
            walk(st, root, sub, depth + 1);
        else if (S_ISREG(sb.st_mode))
            add_file(st, full, sub);
    }
    closedir(d);
}

mc_err mc_static_load(const char *dir, struct mc_static **out, struct mc_error *err)
{
    (void)err;
    struct mc_static *st = mc_calloc(1, sizeof(*st));
    walk(st, dir, "", 0);
    *out = st;
    return MC_OK;
}

void mc_static_free(struct mc_static *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++) {
        mc_free(st->files[i].path);
        mc_free(st->files[i].data);
        mc_free(st->files[i].gz);
    }
    mc_free(st->files);
    mc_free(st);
}

size_t mc_static_count(const struct mc_static *st)
{
    return st ? st->n : 0;
}

static const struct static_file *find(const struct mc_static *st, const char *path, size_t len)
{
    for (size_t i = 0; st && i < st->n; i++)
        if (strlen(st->files[i].path) == len && !memcmp(st->files[i].path, path, len))
            return &st->files[i];
    return NULL;
}

static int accepts_gzip(h2o_req_t *req)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_ENCODING, -1);
    if (i < 0)
        return 0;
    h2o_iovec_t v = req->headers.entries[i].value;
    return memmem(v.base, v.len, "gzip", 4) != NULL;
}

static int not_modified(h2o_req_t *req, const struct static_file *f)
{
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1);
    return i >= 0 && memmem(req->headers.entries[i].value.base, req->headers.entries[i].value.len, f->etag,
                            strlen(f->etag)) != NULL;
}

static void send_file(struct mc_req *r, const struct static_file *f)
{
    h2o_req_t *req = r->h2o;
    mc_reply_header(r, H2O_TOKEN_ETAG, f->etag);
    mc_reply_header(r, H2O_TOKEN_CACHE_CONTROL, f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (f->gz)
        mc_reply_header(r, H2O_TOKEN_VARY, "Accept-Encoding");
    if (not_modified(req, f)) {
        req->res.status = 304;
        req->res.reason = mc_http_reason(304);
        h2o_send_inline(req, NULL, 0);
        return;
    }
    int gz = f->gz && accepts_gzip(req);
    if (gz)
        mc_reply_header(r, H2O_TOKEN_CONTENT_ENCODING, "gzip");
    req->res.status = 200;
    req->res.reason = mc_http_reason(200);
    req->res.content_length = gz ? f->gz_len : f->len;
    mc_reply_header(r, H2O_TOKEN_CONTENT_TYPE, f->mime);
    h2o_send_inline(req, gz ? f->gz : f->data, gz ? f->gz_len : f->len);
}

/* A path the app routes itself: its last segment does not end with the
 * extension of a static file type (dossier codes contain dots). */
static int owned_by_app(h2o_iovec_t path)
{
    const char *end = path.base + path.len, *dot = end;
    while (dot > path.base && dot[-1] != '/' && dot[-1] != '.')
        dot--;
    if (dot == path.base || dot[-1] != '.')
        return 1;
    size_t n = (size_t)(end - dot + 1);
    for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
        if (strlen(mimes[i].ext) == n && !memcmp(mimes[i].ext, dot - 1, n))
            return 0;
    return !(n == 3 && !memcmp(dot - 1, ".gz", 3));
}

static const char no_app_page[] = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>motcua</title>"
                                  "<p>Máy chủ motcua đang chạy; ứng dụng web chưa được xây dựng (make web).</p>"
                                  "<p>The motcua server is running; the web app has not been built (make web).</p>"
                                  "<p><a href=\"/api/v1/health\">/api/v1/health</a></p></html>\n";

void mc_static_serve(const struct mc_static *st, struct mc_req *r, h2o_iovec_t path)
{
    h2o_req_t *req = r->h2o;
    int get = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) ||
              h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"));
    if (!get) {
        mc_reply_header(r, H2O_TOKEN_ALLOW, "GET, HEAD");
        mc_reply_errorf(r, 405, "method_not_allowed", "Phương thức không được phép cho địa chỉ này",
                        "Method not allowed for this resource");
        return;
    }
    const struct static_file *f = find(st, path.base, path.len);
    if (!f && path.len && path.base[path.len - 1] == '/') {
        char idx[1024];
        int n = snprintf(idx, sizeof(idx), "%.*sindex.html", (int)path.len, path.base);
        f = n > 0 && (size_t)n < sizeof(idx) ? find(st, idx, (size_t)n) : NULL;
    }
    if (!f && owned_by_app(path))
        f = find(st, H2O_STRLIT("/index.html"));
    if (f) {
        send_file(r, f);
    } else if (owned_by_app(path)) {
        mc_reply_bytes(r, 200, "text/html; charset=utf-8", no_app_page, sizeof(no_app_page) - 1);
    } else {
        mc_reply_errorf(r, 404, "not_found", "Không tìm thấy tệp được yêu cầu", "No such file");
    }
}
