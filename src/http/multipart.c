/* multipart.c - the strict multipart/form-data parser (see multipart.h). */
#include "http/multipart.h"

#include <string.h>

#include "core/banned.h"

struct cursor {
    const char *p, *end;
};

static mc_err refuse(struct mc_error *err, const char *reason, int part)
{
    mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_multipart", "Nội dung multipart/form-data không hợp lệ (%s)",
                  "Malformed multipart/form-data body (%s)", reason);
    mc_error_detail_str(err, "reason", reason);
    if (part >= 0)
        mc_error_detail_int(err, "part", part);
    return MC_ERR_INVALID;
}

int mc_mp_view_is(struct mc_mp_view v, const char *s)
{
    size_t n = strlen(s);
    if (v.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = v.ptr[i], b = s[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* RFC 9110 token characters. */
static int is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A header value byte: visible ASCII, space, tab or any byte of UTF-8. */
static int is_vchar(char c)
{
    unsigned char u = (unsigned char)c;
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

static void skip_ows(struct cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

/* A run of token characters (may be empty). */
static struct mc_mp_view token(struct cursor *c)
{
    struct mc_mp_view v = {c->p, 0};
    while (c->p < c->end && is_tchar(*c->p))
        c->p++;
    v.len = (size_t)(c->p - v.ptr);
    return v;
}

/* A parameter value: a quoted string (taken literally: browsers escape '"'
 * as %22 and send backslashes as they are) or a token. 0 when malformed. */
static int param_value(struct cursor *c, struct mc_mp_view *value)
{
    if (c->p == c->end || *c->p != '"') {
        *value = token(c);
        return value->len > 0;
    }
    value->ptr = ++c->p;
    while (c->p < c->end && *c->p != '"') {
        if (!is_vchar(*c->p))
            return 0;
        c->p++;
    }
    if (c->p == c->end)
        return 0;
    value->len = (size_t)(c->p++ - value->ptr);
    return 1;
}

/* Reads "; name=value": 1 with a parameter, 0 at the end, -1 malformed. */
static int next_param(struct cursor *c, struct mc_mp_view *name, struct mc_mp_view *value)
{
    skip_ows(c);
    if (c->p == c->end)
        return 0;
    if (*c->p != ';')
        return -1;
    c->p++;
    skip_ows(c);
    *name = token(c);
    if (!name->len || c->p == c->end || *c->p != '=')
        return -1;
    c->p++;
    return param_value(c, value) ? 1 : -1;
}

mc_err mc_multipart_boundary(const char *ct, size_t ctlen, struct mc_mp_view *boundary, struct mc_error *err)
{
    struct cursor c = {ct, ct + ctlen};
    struct mc_mp_view type, name, value;
    int found = 0, k;
    skip_ows(&c);
    type.ptr = c.p;
    while (c.p < c.end && *c.p != ';' && *c.p != ' ' && *c.p != '\t')
        c.p++;
    type.len = (size_t)(c.p - type.ptr);
    if (!mc_mp_view_is(type, "multipart/form-data"))
        return refuse(err, "not_multipart", -1);
    while ((k = next_param(&c, &name, &value)) == 1) {
        if (!mc_mp_view_is(name, "boundary"))
            continue;
        if (found++)
            return refuse(err, "bad_boundary", -1);
        *boundary = value;
    }
    if (k < 0)
        return refuse(err, "bad_boundary", -1);
    if (!found)
        return refuse(err, "no_boundary", -1);
    if (boundary->len < 1 || boundary->len > MC_MP_MAX_BOUNDARY || boundary->ptr[boundary->len - 1] == ' ')
        return refuse(err, "bad_boundary", -1);
    for (size_t i = 0; i < boundary->len; i++) {
        char b = boundary->ptr[i];
        if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || strchr("'()+_,-./:=? ", b)))
            return refuse(err, "bad_boundary", -1);
    }
    return MC_OK;
}

/* Content-Disposition: form-data; name=...; filename=... */
static mc_err disposition(struct cursor *c, struct mc_mp_part *part, int idx, struct mc_error *err)
{
    struct mc_mp_view type = token(c), name, value;
    int k, has_name = 0;
    if (!mc_mp_view_is(type, "form-data"))
        return refuse(err, "not_form_data", idx);
    while ((k = next_param(c, &name, &value)) == 1) {
        if (mc_mp_view_is(name, "name")) {
            if (has_name++)
                return refuse(err, "duplicate_parameter", idx);
            part->name = value;
        } else if (mc_mp_view_is(name, "filename")) {
            if (part->has_filename++)
                return refuse(err, "duplicate_parameter", idx);
            part->filename = value;
        }
    }
    if (k < 0)
        return refuse(err, "bad_disposition", idx);
    if (!has_name || !part->name.len || part->name.len > MC_MP_MAX_NAME)
        return refuse(err, "bad_name", idx);
    if (part->filename.len > MC_MP_MAX_FILENAME)
        return refuse(err, "filename_too_long", idx);
    return MC_OK;
}

/* Content-Type: type/subtype[; parameters] (parameters are not kept). */
static mc_err content_type(struct cursor *c, struct mc_mp_part *part, int idx, struct mc_error *err)
{
    const char *start = c->p;
    while (c->p < c->end && (is_tchar(*c->p) || *c->p == '/'))
        c->p++;
    part->content_type.ptr = start;
    part->content_type.len = (size_t)(c->p - start);
    skip_ows(c);
    if (!part->content_type.len || !memchr(start, '/', part->content_type.len) || (c->p < c->end && *c->p != ';'))
        return refuse(err, "bad_content_type", idx);
    return MC_OK;
}

/* One header line (without its CRLF). */
static mc_err header_line(struct cursor line, struct mc_mp_part *part, int idx, int *seen, struct mc_error *err)
{
    for (const char *q = line.p; q < line.end; q++)
        if (!is_vchar(*q))
            return refuse(err, "bad_header", idx);
    struct mc_mp_view name = token(&line);
    if (!name.len || line.p == line.end || *line.p != ':')
        return refuse(err, "bad_header", idx);
    line.p++;
    skip_ows(&line);
    if (mc_mp_view_is(name, "content-disposition")) {
        if (*seen & 1)
            return refuse(err, "duplicate_header", idx);
        *seen |= 1;
        return disposition(&line, part, idx, err);
    }
    if (mc_mp_view_is(name, "content-type")) {
        if (*seen & 2)
            return refuse(err, "duplicate_header", idx);
        *seen |= 2;
        return content_type(&line, part, idx, err);
    }
    return MC_OK;
}

/* The header block at *pos, up to and including its blank line. */
static mc_err part_headers(const char *body, size_t len, size_t *pos, struct mc_mp_part *part, int idx,
                           struct mc_error *err)
{
    size_t avail = len - *pos, window = avail < MC_MP_MAX_HEADERS + 4 ? avail : MC_MP_MAX_HEADERS + 4;
    const char *start = body + *pos, *blank;
    int seen = 0;
    if (window >= 2 && start[0] == '\r' && start[1] == '\n')
        return refuse(err, "no_disposition", idx);
    blank = memmem(start, window, "\r\n\r\n", 4);
    if (!blank)
        return refuse(err, window < avail ? "headers_too_large" : "truncated", idx);
    for (const char *p = start; p <= blank;) {
        const char *eol = memmem(p, (size_t)(blank + 2 - p), "\r\n", 2);
        struct cursor line = {p, eol};
        if (*p == ' ' || *p == '\t')
            return refuse(err, "folded_header", idx);
        mc_err rc = header_line(line, part, idx, &seen, err);
        if (rc)
            return rc;
        p = eol + 2;
    }
    if (!(seen & 1))
        return refuse(err, "no_disposition", idx);
    *pos = (size_t)(blank + 4 - body);
    return MC_OK;
}

/* After a delimiter at *pos: "--" closes the body (then nothing but an
 * optional CRLF), CRLF starts a part. Returns 1 for a part, 0 at the end. */
static int after_delimiter(const char *body, size_t len, size_t *pos, int idx, mc_err *rc, struct mc_error *err)
{
    size_t rest = len - *pos;
    const char *p = body + *pos;
    *rc = MC_OK;
    if (rest >= 2 && p[0] == '-' && p[1] == '-') {
        if (rest != 2 && !(rest == 4 && p[2] == '\r' && p[3] == '\n'))
            *rc = refuse(err, "data_after_end", idx);
        return 0;
    }
    if (rest >= 2 && p[0] == '\r' && p[1] == '\n') {
        *pos += 2;
        return 1;
    }
    *rc = refuse(err, rest < 2 ? "truncated" : "bad_delimiter", idx);
    return 0;
}

mc_err mc_multipart_parse(const char *ct, size_t ctlen, const char *body, size_t len, struct mc_multipart *out,
                          struct mc_error *err)
{
    struct mc_mp_view b;
    char delim[MC_MP_MAX_BOUNDARY + 4] = "\r\n--";
    mc_err rc = mc_multipart_boundary(ct, ctlen, &b, err);
    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    memcpy(delim + 4, b.ptr, b.len);
    size_t dlen = b.len + 4, pos = dlen - 2;
    if (len < pos || memcmp(body, delim + 2, pos))
        return refuse(err, "no_first_boundary", -1);
    while (after_delimiter(body, len, &pos, out->nparts, &rc, err)) {
        if (out->nparts == MC_MP_MAX_PARTS)
            return refuse(err, "too_many_parts", out->nparts);
        struct mc_mp_part *part = &out->parts[out->nparts];
        rc = part_headers(body, len, &pos, part, out->nparts, err);
        if (rc)
            return rc;
        const char *end = memmem(body + pos, len - pos, delim, dlen);
        if (!end)
            return refuse(err, "truncated", out->nparts);
        part->data.ptr = body + pos;
        part->data.len = (size_t)(end - part->data.ptr);
        pos = (size_t)(end - body) + dlen;
        out->nparts++;
    }
    return rc;
}
