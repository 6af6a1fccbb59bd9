/* oidc.c - OpenID Connect relying party: discovery, keys, authorization
 * request with PKCE, code exchange, ID token verification (oidc.h). */
#include "integrate/oidc.h"

#include <curl/curl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/config.h"
#include "store/store.h"
#include "core/banned.h"

#define CALLBACK_PATH "/api/v1/auth/oidc/callback"

/* ---- errors ---- */

static mc_err unavailable(struct mc_error *err, const char *what)
{
    mc_error_set(err, MC_ERR_IO, 503, "oidc_unavailable", "Không kết nối được nhà cung cấp định danh",
                 "The identity provider cannot be reached");
    mc_error_detail_str(err, "reason", what);
    return MC_ERR_IO;
}

static mc_err token_error(struct mc_error *err, const char *code, const char *vi, const char *en)
{
    return mc_error_set(err, MC_ERR_UNAUTHORIZED, 401, code, vi, en);
}

static mc_err bad_token(struct mc_error *err, const char *what)
{
    token_error(err, "invalid_token", "Mã định danh (ID token) không hợp lệ", "The ID token is not valid");
    mc_error_detail_str(err, "reason", what);
    return MC_ERR_UNAUTHORIZED;
}

static mc_err bad_signature(struct mc_error *err)
{
    return token_error(err, "invalid_signature", "Chữ ký của mã định danh không hợp lệ",
                       "The ID token signature does not verify");
}

/* ---- configuration ---- */

int mc_oidc_client_from_config(const struct mc_config *cfg, struct mc_oidc_client *client, char *redirect_buf,
                               size_t cap)
{
    memset(client, 0, sizeof(*client));
    if (!cfg->oidc_issuer || !*cfg->oidc_issuer)
        return 0;
    client->issuer = cfg->oidc_issuer;
    client->client_id = cfg->oidc_client_id;
    client->client_secret = cfg->oidc_client_secret;
    client->scopes = cfg->oidc_scopes;
    if (*cfg->oidc_redirect_uri) {
        client->redirect_uri = cfg->oidc_redirect_uri;
        return 1;
    }
    size_t n = strlen(cfg->public_url);
    while (n && cfg->public_url[n - 1] == '/')
        n--;
    snprintf(redirect_buf, cap, "%.*s%s", (int)n, cfg->public_url, CALLBACK_PATH);
    client->redirect_uri = redirect_buf;
    return 1;
}

/* ---- HTTP (blocking, worker threads only) ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
    struct mc_buf *b = user;
    return mc_buf_add(b, data, size * n) ? 0 : size * n;
}

/* One request: GET url, or POST form with an Authorization header when form
 * is set. *status gets the HTTP status; the body goes to out. */
static mc_err http_call(const char *url, const char *form, const char *authz, struct mc_buf *out, long *status,
                        struct mc_error *err)
{
    pthread_once(&curl_once, curl_setup);
    CURL *c = curl_easy_init();
    if (!c)
        return unavailable(err, "curl_easy_init");
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    if (authz)
        h = curl_slist_append(h, authz);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    if (form)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    CURLcode cc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return cc == CURLE_OK ? MC_OK : unavailable(err, curl_easy_strerror(cc));
}

static mc_err parse_json(const struct mc_buf *b, json_t **out, struct mc_error *err)
{
    *out = json_loadb(b->buf, b->len, JSON_REJECT_DUPLICATES, NULL);
    if (*out && json_is_object(*out))
        return MC_OK;
    json_decref(*out);
    *out = NULL;
    return unavailable(err, "the answer is not a JSON object");
}

/* GET url and parse the JSON object it answers with (200 only). */
static mc_err get_json(const char *url, json_t **out, struct mc_error *err)
{
    struct mc_buf b;
    long status = 0;
    mc_buf_init(&b, MC_OIDC_MAX_DOC);
    mc_err rc = http_call(url, NULL, NULL, &b, &status, err);
    if (!rc && status != 200)
        rc = unavailable(err, "unexpected HTTP status");
    if (!rc)
        rc = parse_json(&b, out, err);
    mc_buf_release(&b);
    return rc;
}

/* ---- discovery and keys ---- */

static int same_issuer(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    na -= na && a[na - 1] == '/';
    nb -= nb && b[nb - 1] == '/';
    return na == nb && !memcmp(a, b, na);
}

static int is_loopback_http(const char *url)
{
    static const char *const ok[] = {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
                                     "http://[::1]:"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (!strncmp(url, ok[i], strlen(ok[i])))
            return 1;
    return 0;
}

/* An endpoint must be https, unless the issuer itself is on loopback http. */
static int endpoint_ok(const json_t *doc, const char *key, const char *issuer)
{
    const char *v = json_string_value(json_object_get(doc, key));
    return v && (!strncmp(v, "https://", 8) || (is_loopback_http(issuer) && is_loopback_http(v)));
}

mc_err mc_oidc_discover(const struct mc_oidc_client *client, json_t **doc, struct mc_error *err)
{
    char url[1024];
    size_t n = strlen(client->issuer);
    n -= n && client->issuer[n - 1] == '/';
    if (snprintf(url, sizeof(url), "%.*s/.well-known/openid-configuration", (int)n, client->issuer) >= (int)sizeof(url))
        return unavailable(err, "issuer URL too long");
    mc_err rc = get_json(url, doc, err);
    if (rc)
        return rc;
    const char *iss = json_string_value(json_object_get(*doc, "issuer"));
    const char *bad = !iss || !same_issuer(iss, client->issuer) ? "discovery issuer differs from the configured one"
                      : !endpoint_ok(*doc, "authorization_endpoint", iss) ? "bad authorization_endpoint"
                      : !endpoint_ok(*doc, "token_endpoint", iss)         ? "bad token_endpoint"
                      : !endpoint_ok(*doc, "jwks_uri", iss)               ? "bad jwks_uri"
                      : json_object_get(*doc, "userinfo_endpoint") && !endpoint_ok(*doc, "userinfo_endpoint", iss)
                          ? "bad userinfo_endpoint"
                          : NULL;
    if (!bad)
        return MC_OK;
    json_decref(*doc);
    *doc = NULL;
    return unavailable(err, bad);
}

mc_err mc_oidc_fetch_jwks(const json_t *doc, json_t **jwks, struct mc_error *err)
{
    mc_err rc = get_json(json_string_value(json_object_get(doc, "jwks_uri")), jwks, err);
    if (rc || json_is_array(json_object_get(*jwks, "keys")))
        return rc;
    json_decref(*jwks);
    *jwks = NULL;
    return unavailable(err, "the key set has no keys array");
}

/* ---- base64url ---- */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

mc_err mc_oidc_b64url_encode(const void *in, size_t len, struct mc_buf *out)
{
    const unsigned char *p = in;
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < len ? p[i + 2] : 0);
        char q[4] = {b64url[v >> 18 & 63], b64url[v >> 12 & 63], b64url[v >> 6 & 63], b64url[v & 63]};
        rc = mc_buf_add(out, q, i + 2 < len ? 4 : i + 1 < len ? 3 : 2);
    }
    return rc;
}

static int b64url_value(char c)
{
    const char *p = c ? strchr(b64url, c) : NULL;
    return p ? (int)(p - b64url) : -1;
}

mc_err mc_oidc_b64url_decode(const char *in, size_t len, struct mc_buf *out)
{
    if (len % 4 == 1)
        return MC_ERR_INVALID;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64url_value(in[i]);
        if (v < 0)
            return MC_ERR_INVALID;
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (mc_buf_addch(out, (char)(acc >> bits & 0xff)))
                return MC_ERR_TOO_LARGE;
        }
    }
    /* the unused low bits of the last character must be zero (canonical form) */
    return bits && (acc & ((1u << bits) - 1)) ? MC_ERR_INVALID : MC_OK;
}

/* ---- the authorization request ---- */

static void sha256_b64url(const char *s, struct mc_buf *out)
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL);
    mc_oidc_b64url_encode(md, n, out);
}

void mc_oidc_login_new(struct mc_oidc_login *login)
{
    mc_random_token(login->state);
    mc_random_token(login->nonce);
    mc_random_token(login->verifier);
}

/* Appends s percent-encoded (everything but the RFC 3986 unreserved set). */
static mc_err add_encoded(struct mc_buf *b, const char *s)
{
    mc_err rc = MC_OK;
    for (; !rc && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~", c))
            rc = mc_buf_addch(b, (char)c);
        else
            rc = mc_buf_addf(b, "%%%02X", c);
    }
    return rc;
}

/* Appends "&name=value" (or "name=value" for the first pair) encoded. */
static mc_err add_param(struct mc_buf *b, const char *name, const char *value)
{
    mc_err rc = mc_buf_addf(b, "%s%s=", b->len && b->buf[b->len - 1] != '?' ? "&" : "", name);
    return rc ? rc : add_encoded(b, value);
}

mc_err mc_oidc_auth_url(const json_t *doc, const struct mc_oidc_client *client, const struct mc_oidc_login *login,
                        struct mc_buf *out)
{
    const char *ep = json_string_value(json_object_get(doc, "authorization_endpoint"));
    struct mc_buf challenge;
    mc_buf_init(&challenge, 64);
    sha256_b64url(login->verifier, &challenge);
    mc_err rc = mc_buf_adds(out, ep ? ep : "");
    if (!rc)
        rc = mc_buf_addch(out, strchr(out->buf, '?') ? '&' : '?');
    if (!rc)
        rc = add_param(out, "response_type", "code");
    if (!rc)
        rc = add_param(out, "client_id", client->client_id);
    if (!rc)
        rc = add_param(out, "redirect_uri", client->redirect_uri);
    if (!rc)
        rc = add_param(out, "scope", client->scopes);
    if (!rc)
        rc = add_param(out, "state", login->state);
    if (!rc)
        rc = add_param(out, "nonce", login->nonce);
    if (!rc)
        rc = add_param(out, "code_challenge", challenge.buf);
    if (!rc)
        rc = add_param(out, "code_challenge_method", "S256");
    mc_buf_release(&challenge);
    return rc;
}

/* ---- the code exchange ---- */

/* "Authorization: Basic base64(urlenc(id):urlenc(secret))" (RFC 6749 2.3.1). */
static mc_err basic_auth(const struct mc_oidc_client *client, struct mc_buf *out)
{
    struct mc_buf raw;
    mc_buf_init(&raw, 4096);
    mc_err rc = add_encoded(&raw, client->client_id);
    if (!rc)
        rc = mc_buf_addch(&raw, ':');
    if (!rc)
        rc = add_encoded(&raw, client->client_secret);
    if (!rc)
        rc = mc_buf_adds(out, "Authorization: Basic ");
    if (!rc)
        rc = mc_buf_grow(out, (raw.len + 2) / 3 * 4 + 1);
    if (!rc) {
        int n = EVP_EncodeBlock((unsigned char *)out->buf + out->len, (const unsigned char *)raw.buf, (int)raw.len);
        out->len += (size_t)n;
        out->buf[out->len] = '\0';
    }
    mc_buf_release(&raw);
    return rc;
}

static mc_err token_form(const struct mc_oidc_client *client, const char *code, const char *verifier,
                         struct mc_buf *form)
{
    mc_err rc = add_param(form, "grant_type", "authorization_code");
    if (!rc)
        rc = add_param(form, "code", code);
    if (!rc)
        rc = add_param(form, "redirect_uri", client->redirect_uri);
    if (!rc)
        rc = add_param(form, "code_verifier", verifier);
    return rc;
}

/* The token endpoint's answer: 200 with an id_token, or its refusal. */
static mc_err token_answer(const struct mc_buf *body, long status, char **id_token, char **access_token,
                           struct mc_error *err)
{
    json_t *o = json_loadb(body->buf, body->len, JSON_REJECT_DUPLICATES, NULL);
    const char *tok = json_string_value(json_object_get(o, "id_token"));
    const char *at = json_string_value(json_object_get(o, "access_token"));
    mc_err rc = MC_OK;
    if (status == 200 && tok) {
        *id_token = mc_strdup(tok);
        *access_token = at ? mc_strdup(at) : NULL;
    } else if (status == 400 || status == 401) {
        const char *e = json_string_value(json_object_get(o, "error"));
        rc = mc_error_set(err, MC_ERR_INVALID, 400, "oidc_token_rejected",
                          "Nhà cung cấp định danh từ chối mã đăng nhập", "The identity provider refused the code");
        mc_error_detail_str(err, "provider_error", e ? e : "");
    } else {
        rc = unavailable(err, status == 200 ? "no id_token in the token answer" : "unexpected HTTP status");
    }
    json_decref(o);
    return rc;
}

mc_err mc_oidc_exchange(const json_t *doc, const struct mc_oidc_client *client, const char *code, const char *verifier,
                        char **id_token, char **access_token, struct mc_error *err)
{
    struct mc_buf form, authz, body;
    long status = 0;
    mc_buf_init(&form, 16384);
    mc_buf_init(&authz, 8192);
    mc_buf_init(&body, MC_OIDC_MAX_DOC);
    mc_err rc = token_form(client, code, verifier, &form);
    if (!rc)
        rc = basic_auth(client, &authz);
    if (rc)
        rc = mc_error_set(err, MC_ERR_INVALID, 400, "invalid_request", "Yêu cầu quá dài", "The request is too long");
    if (!rc)
        rc = http_call(json_string_value(json_object_get(doc, "token_endpoint")), form.buf, authz.buf, &body, &status,
                       err);
    if (!rc)
        rc = token_answer(&body, status, id_token, access_token, err);
    mc_buf_release(&form);
    mc_buf_release(&authz);
    mc_buf_release(&body);
    return rc;
}

/* ---- ID token: keys ---- */

struct alg {
    const char *name;
    const char *kty;
    const char *md;
};

static const struct alg algs[] = {
    {"RS256", "RSA", "SHA256"},
    {"RS384", "RSA", "SHA384"},
    {"RS512", "RSA", "SHA512"},
    {"ES256", "EC", "SHA256"},
};

static const struct alg *find_alg(const char *name)
{
    for (size_t i = 0; name && i < sizeof(algs) / sizeof(algs[0]); i++)
        if (!strcmp(algs[i].name, name))
            return &algs[i];
    return NULL;
}

static int str_is(const json_t *o, const char *key, const char *want)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v && !strcmp(v, want);
}

/* A key fits when kty matches, use and alg (when given) allow the signature
 * and, when the token names a kid, the kid is the same. */
static int key_fits(const json_t *k, const struct alg *a, const char *kid)
{
    if (!str_is(k, "kty", a->kty))
        return 0;
    if (json_object_get(k, "use") && !str_is(k, "use", "sig"))
        return 0;
    if (json_object_get(k, "alg") && !str_is(k, "alg", a->name))
        return 0;
    if (!strcmp(a->kty, "EC") && !str_is(k, "crv", "P-256"))
        return 0;
    return !kid || str_is(k, "kid", kid);
}

static const json_t *find_key(const json_t *jwks, const struct alg *a, const char *kid)
{
    const json_t *keys = json_object_get(jwks, "keys"), *found = NULL;
    size_t i, nfit = 0;
    json_t *k;
    json_array_foreach(keys, i, k)
    {
        if (key_fits(k, a, kid)) {
            found = found ? found : k;
            nfit++;
        }
    }
    /* without a kid the key must be unambiguous */
    return kid || nfit == 1 ? found : NULL;
}

/* Decodes the base64url member key of jwk into out. */
static int member_bytes(const json_t *jwk, const char *key, struct mc_buf *out)
{
    const char *v = json_string_value(json_object_get(jwk, key));
    return v && !mc_oidc_b64url_decode(v, strlen(v), out) && out->len > 0;
}

static EVP_PKEY *pkey_from_params(const char *type, OSSL_PARAM_BLD *bld)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    EVP_PKEY *pkey = NULL;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

/* An RSA public key of at least 2048 bits from the JWK's n and e. */
static EVP_PKEY *rsa_key(const json_t *jwk)
{
    struct mc_buf n, e;
    mc_buf_init(&n, 2048);
    mc_buf_init(&e, 16);
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn = NULL, *be = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (!bld || !member_bytes(jwk, "n", &n) || !member_bytes(jwk, "e", &e))
        goto out;
    bn = BN_bin2bn((const unsigned char *)n.buf, (int)n.len, NULL);
    be = BN_bin2bn((const unsigned char *)e.buf, (int)e.len, NULL);
    if (!bn || !be || BN_num_bits(bn) < 2048 || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
        goto out;
    pkey = pkey_from_params("RSA", bld);
out:
    BN_free(bn);
    BN_free(be);
    OSSL_PARAM_BLD_free(bld);
    mc_buf_release(&n);
    mc_buf_release(&e);
    return pkey;
}

/* A P-256 public key from the JWK's x and y (32 bytes each). */
static EVP_PKEY *ec_key(const json_t *jwk)
{
    struct mc_buf pt;
    mc_buf_init(&pt, 65);
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    mc_buf_addch(&pt, 4); /* uncompressed point: 04 || x || y */
    if (!bld || !member_bytes(jwk, "x", &pt) || pt.len != 33 || !member_bytes(jwk, "y", &pt) || pt.len != 65)
        goto out;
    if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt.buf, pt.len))
        pkey = pkey_from_params("EC", bld);
out:
    OSSL_PARAM_BLD_free(bld);
    mc_buf_release(&pt);
    return pkey;
}

/* JWS ES256 signatures are r || s (32 bytes each); OpenSSL wants DER. */
static int ecdsa_der(const struct mc_buf *raw, struct mc_buf *der)
{
    if (raw->len != 64)
        return 0;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn((const unsigned char *)raw->buf, 32, NULL);
    BIGNUM *s = BN_bin2bn((const unsigned char *)raw->buf + 32, 32, NULL);
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return 0;
    }
    unsigned char *p = NULL;
    int n = i2d_ECDSA_SIG(sig, &p);
    int ok = n > 0 && !mc_buf_add(der, p, (size_t)n);
    OPENSSL_free(p);
    ECDSA_SIG_free(sig);
    return ok;
}

/* 1 when sig is a valid signature of data by jwk under a. */
static int signature_ok(const json_t *jwk, const struct alg *a, const char *data, size_t len, const struct mc_buf *sig)
{
    int ec = !strcmp(a->kty, "EC");
    EVP_PKEY *pkey = ec ? ec_key(jwk) : rsa_key(jwk);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    struct mc_buf der;
    mc_buf_init(&der, 160);
    int ok = pkey && md && (!ec || ecdsa_der(sig, &der)) &&
             EVP_DigestVerifyInit_ex(md, NULL, a->md, NULL, NULL, pkey, NULL) == 1;
    const struct mc_buf *s = ec ? &der : sig;
    ok = ok && EVP_DigestVerify(md, (const unsigned char *)s->buf, s->len, (const unsigned char *)data, len) == 1;
    mc_buf_release(&der);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pkey);
    return ok;
}

/* ---- ID token: structure and claims ---- */

struct jwt {
    const char *signed_part; /* header.payload */
    size_t signed_len;
    json_t *header, *payload;
    struct mc_buf sig;
};

static json_t *decode_json(const char *p, size_t len)
{
    struct mc_buf b;
    mc_buf_init(&b, MC_OIDC_MAX_JWT);
    json_t *o = NULL;
    if (!mc_oidc_b64url_decode(p, len, &b))
        o = json_loadb(b.buf, b.len, JSON_REJECT_DUPLICATES, NULL);
    mc_buf_release(&b);
    if (o && !json_is_object(o)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

/* Splits "header.payload.signature" and decodes the three parts. */
static mc_err jwt_parse(const char *s, struct jwt *t, struct mc_error *err)
{
    memset(t, 0, sizeof(*t));
    mc_buf_init(&t->sig, 1024);
    size_t len = strlen(s);
    const char *d1 = memchr(s, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s)) : NULL;
    if (len > MC_OIDC_MAX_JWT || !d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - s)))
        return bad_token(err, "not a compact JWS");
    t->signed_part = s;
    t->signed_len = (size_t)(d2 - s);
    t->header = decode_json(s, (size_t)(d1 - s));
    t->payload = decode_json(d1 + 1, (size_t)(d2 - d1 - 1));
    if (!t->header || !t->payload || mc_oidc_b64url_decode(d2 + 1, len - (size_t)(d2 + 1 - s), &t->sig) || !t->sig.len)
        return bad_token(err, "undecodable part");
    return MC_OK;
}

static void jwt_release(struct jwt *t)
{
    json_decref(t->header);
    json_decref(t->payload);
    mc_buf_release(&t->sig);
}

static mc_err check_signature(const struct jwt *t, const json_t *jwks, struct mc_error *err)
{
    const struct alg *a = find_alg(json_string_value(json_object_get(t->header, "alg")));
    if (!a)
        return bad_token(err, "signature algorithm not allowed");
    if (json_object_get(t->header, "crit"))
        return bad_token(err, "unsupported critical header");
    const json_t *kid = json_object_get(t->header, "kid");
    if (kid && !json_is_string(kid))
        return bad_token(err, "kid is not a string");
    const json_t *jwk = find_key(jwks, a, json_string_value(kid));
    if (!jwk)
        return bad_signature(err), MC_ERR_NOT_FOUND;
    if (!signature_ok(jwk, a, t->signed_part, t->signed_len, &t->sig))
        return bad_signature(err);
    return MC_OK;
}

/* aud is the client id or an array holding it; azp, when present or when
 * there are several audiences, must be the client id. */
static int audience_ok(const json_t *payload, const char *client_id)
{
    const json_t *aud = json_object_get(payload, "aud"), *azp = json_object_get(payload, "azp");
    int found = json_is_string(aud) && !strcmp(json_string_value(aud), client_id);
    size_t i;
    json_t *v;
    json_array_foreach(aud, i, v)
    {
        found |= json_is_string(v) && !strcmp(json_string_value(v), client_id);
    }
    if (!found)
        return 0;
    if (azp || (json_is_array(aud) && json_array_size(aud) > 1))
        return json_is_string(azp) && !strcmp(json_string_value(azp), client_id);
    return 1;
}

static mc_err check_times(const json_t *payload, int64_t now, struct mc_error *err)
{
    const json_t *exp = json_object_get(payload, "exp"), *iat = json_object_get(payload, "iat");
    const json_t *nbf = json_object_get(payload, "nbf");
    if (!json_is_integer(exp) || !json_is_integer(iat) || (nbf && !json_is_integer(nbf)))
        return bad_token(err, "exp or iat missing");
    if (json_integer_value(exp) + MC_OIDC_LEEWAY < now)
        return token_error(err, "token_expired", "Mã định danh đã hết hạn", "The ID token has expired");
    if (json_integer_value(iat) > now + MC_OIDC_LEEWAY || (nbf && json_integer_value(nbf) > now + MC_OIDC_LEEWAY))
        return bad_token(err, "issued in the future");
    return MC_OK;
}

static int nonce_ok(const json_t *payload, const char *nonce)
{
    const char *v = json_string_value(json_object_get(payload, "nonce"));
    return v && mc_secure_equal(v, nonce);
}

static void copy_claim(const json_t *payload, const char *key, char *out, size_t cap)
{
    const char *v = json_string_value(json_object_get(payload, key));
    snprintf(out, cap, "%s", v && strlen(v) < cap ? v : "");
}

/* email, email_verified and name from o, each only where c has none. */
static void profile_claims(const json_t *o, struct mc_oidc_claims *c)
{
    if (!*c->email) {
        copy_claim(o, "email", c->email, sizeof(c->email));
        c->email_verified = json_is_true(json_object_get(o, "email_verified"));
    }
    if (!*c->name)
        copy_claim(o, "name", c->name, sizeof(c->name));
}

static mc_err check_claims(const json_t *payload, const json_t *doc, const struct mc_oidc_client *client,
                           const char *nonce, int64_t now, struct mc_oidc_claims *c, struct mc_error *err)
{
    const char *iss = json_string_value(json_object_get(doc, "issuer"));
    const char *sub = json_string_value(json_object_get(payload, "sub"));
    if (!iss || !str_is(payload, "iss", iss))
        return bad_token(err, "wrong issuer");
    if (!audience_ok(payload, client->client_id))
        return token_error(err, "invalid_audience", "Mã định danh không dành cho ứng dụng này",
                           "The ID token was issued for another client");
    mc_err rc = check_times(payload, now, err);
    if (rc)
        return rc;
    if (!nonce_ok(payload, nonce))
        return token_error(err, "invalid_nonce", "Mã định danh không khớp với lần đăng nhập này",
                           "The ID token nonce does not match this sign-in");
    if (!sub || !*sub || strlen(sub) > MC_OIDC_MAX_SUB)
        return bad_token(err, "bad sub");
    snprintf(c->iss, sizeof(c->iss), "%s", iss);
    snprintf(c->sub, sizeof(c->sub), "%s", sub);
    profile_claims(payload, c);
    return MC_OK;
}

mc_err mc_oidc_verify(const char *jwt, const json_t *jwks, const json_t *doc, const struct mc_oidc_client *client,
                      const char *nonce, int64_t now, struct mc_oidc_claims *claims, struct mc_error *err)
{
    struct jwt t;
    memset(claims, 0, sizeof(*claims));
    mc_err rc = jwt_parse(jwt, &t, err);
    if (!rc)
        rc = check_signature(&t, jwks, err);
    if (!rc)
        rc = check_claims(t.payload, doc, client, nonce, now, claims, err);
    jwt_release(&t);
    return rc;
}

/* ---- userinfo ---- */

mc_err mc_oidc_userinfo(const json_t *doc, const char *access_token, struct mc_oidc_claims *claims,
                        struct mc_error *err)
{
    const char *url = json_string_value(json_object_get(doc, "userinfo_endpoint"));
    if (!url || !access_token || (*claims->email && *claims->name))
        return MC_OK;
    struct mc_buf authz, body;
    json_t *o = NULL;
    long status = 0;
    mc_buf_init(&authz, 8192);
    mc_buf_init(&body, MC_OIDC_MAX_DOC);
    mc_err rc = mc_buf_addf(&authz, "Authorization: Bearer %s", access_token)
                    ? mc_error_set(err, MC_ERR_INVALID, 400, "invalid_token", "Mã truy cập quá dài",
                                   "The access token is too long")
                    : http_call(url, NULL, authz.buf, &body, &status, err);
    if (!rc && status != 200)
        rc = unavailable(err, "userinfo answered an unexpected HTTP status");
    if (!rc)
        rc = parse_json(&body, &o, err);
    if (!rc && !str_is(o, "sub", claims->sub))
        rc = bad_token(err, "userinfo sub differs from the ID token");
    if (!rc)
        profile_claims(o, claims);
    json_decref(o);
    mc_buf_release(&authz);
    mc_buf_release(&body);
    return rc;
}

/* ---- storage ---- */

mc_err mc_oidc_login_save(struct mc_db *db, const struct mc_oidc_login *login, int64_t now, struct mc_error *err)
{
    char hash[MC_SHA256_HEX];
    mc_sha256_hex(login->state, strlen(login->state), hash);
    mc_err rc = mc_db_do(db, err, "DELETE FROM oidc_logins WHERE created_at < $1", "i", now - 86400);
    return rc ? rc
              : mc_db_do(db, err,
                         "INSERT INTO oidc_logins (state_hash, verifier, nonce, created_at) VALUES ($1, $2, $3, $4)",
                         "sssi", hash, login->verifier, login->nonce, now);
}

mc_err mc_oidc_login_find(struct mc_db *db, const char *state, int64_t now, struct mc_oidc_login *login,
                          struct mc_error *err)
{
    char hash[MC_SHA256_HEX];
    struct mc_stmt *st;
    int row;
    mc_sha256_hex(state, strlen(state), hash);
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT verifier, nonce FROM oidc_logins WHERE state_hash = $1 AND used_at IS NULL "
                            "AND created_at > $2",
                            "si", hash, now - MC_OIDC_LOGIN_TTL);
    if (rc)
        return rc;
    if (row) {
        snprintf(login->state, sizeof(login->state), "%s", state);
        snprintf(login->verifier, sizeof(login->verifier), "%s", mc_stmt_text(st, 0, NULL));
        snprintf(login->nonce, sizeof(login->nonce), "%s", mc_stmt_text(st, 1, NULL));
    }
    mc_stmt_reset(st);
    return row ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_oidc_login_use(struct mc_db *db, const char *state, int64_t now, struct mc_error *err)
{
    char hash[MC_SHA256_HEX];
    mc_sha256_hex(state, strlen(state), hash);
    mc_err rc = mc_db_do(db, err, "UPDATE oidc_logins SET used_at = $1 WHERE state_hash = $2 AND used_at IS NULL", "is",
                         now, hash);
    return rc ? rc : mc_db_changes(db) == 1 ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_oidc_cache_get(struct mc_db *db, const char *issuer, json_t **doc, json_t **jwks, int64_t *fetched_at,
                         struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    *doc = *jwks = NULL;
    *fetched_at = 0;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT discovery, jwks, fetched_at FROM oidc_providers WHERE issuer = $1", "s", issuer);
    if (rc)
        return rc;
    if (row) {
        *doc = json_loads(mc_stmt_text(st, 0, NULL), 0, NULL);
        *jwks = json_loads(mc_stmt_text(st, 1, NULL), 0, NULL);
        *fetched_at = *doc && *jwks ? mc_stmt_int(st, 2) : 0;
    }
    mc_stmt_reset(st);
    return MC_OK;
}

mc_err mc_oidc_cache_put(struct mc_db *db, const char *issuer, const json_t *doc, const json_t *jwks, int64_t now,
                         struct mc_error *err)
{
    char *d = json_dumps(doc, JSON_COMPACT), *k = json_dumps(jwks, JSON_COMPACT);
    mc_err rc = mc_db_do(db, err,
                         "INSERT INTO oidc_providers (issuer, discovery, jwks, fetched_at) VALUES ($1, $2, $3, $4) "
                         "ON CONFLICT (issuer) DO UPDATE SET discovery = excluded.discovery, jwks = excluded.jwks, "
                         "fetched_at = excluded.fetched_at",
                         "sssi", issuer, d ? d : "{}", k ? k : "{}", now);
    free(d);
    free(k);
    return rc;
}
