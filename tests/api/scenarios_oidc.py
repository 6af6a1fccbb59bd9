"""Sign-in with OpenID Connect (issue 3).

The happy path runs against a certified provider (npm oidc-provider, started
from tests/oidc/provider.js on loopback) driven with plain HTTP and a cookie
jar kept by hand. The token-content tampering cases (wrong audience, expired,
bad signature, bad nonce...) need a provider that misbehaves on purpose: a
small fake one (http.server) serves discovery, a key set and crafted ID tokens
signed with the `openssl` command line. node, npm's packages and openssl are
required: when missing, these scenarios fail, they do not skip."""
import base64
import hashlib
import http.client
import http.server
import json
import os
import select
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse

import lib

HERE = os.path.dirname(os.path.abspath(__file__))
PROVIDER_DIR = os.path.join(lib.ROOT, "tests", "oidc")
CLIENT_ID, CLIENT_SECRET = "motcua-test", "motcua-test-secret"
CALLBACK = "/api/v1/auth/oidc/callback"


# ---- HTTP with a cookie jar kept by hand ----

class Jar:
    """Cookies of one origin (name -> value); Max-Age=0 deletes."""

    def __init__(self):
        self.cookies = {}

    def header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def update(self, set_cookies):
        for sc in set_cookies:
            first, _, attrs = sc.partition(";")
            name, _, value = first.strip().partition("=")
            if "max-age=0" in attrs.lower().replace(" ", "") or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


def call(port, method, path, jar=None, body=None, headers=None):
    """(status, headers dict (lower-case; Set-Cookie applied to jar), body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    if jar and jar.cookies:
        h["Cookie"] = jar.header()
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    raw = r.read()
    if jar is not None:
        jar.update([v for k, v in r.getheaders() if k.lower() == "set-cookie"])
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    if hdrs.get("content-type", "").startswith("application/json") and raw:
        raw = json.loads(raw)
    return r.status, hdrs, raw


def split(url):
    u = urllib.parse.urlsplit(url)
    return u.port, u.path + ("?" + u.query if u.query else "")


# ---- the certified provider ----

class NodeProvider:
    """tests/oidc/provider.js on a free loopback port."""

    def __init__(self, redirect_uri):
        if not shutil.which("node"):
            raise RuntimeError("node is not installed: OIDC tests need it (scripts/deps.sh)")
        if not os.path.isdir(os.path.join(PROVIDER_DIR, "node_modules", "oidc-provider")):
            raise RuntimeError("tests/oidc/node_modules is missing: run scripts/deps.sh (npm ci in tests/oidc)")
        self.port = lib.free_port()
        self.issuer = "http://127.0.0.1:%d" % self.port
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(["node", "provider.js", str(self.port), redirect_uri], cwd=PROVIDER_DIR,
                                     stdout=subprocess.PIPE, stderr=self.log)
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline().decode() if ready else "(nothing within 60 s)"
        if not line.startswith("ready "):
            self.stop()
            self.log.seek(0)
            raise RuntimeError("oidc-provider did not start: %r %s" % (line, self.log.read().decode()[-2000:]))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdout.close()
        self.log.close()


def oidc_server(ctx, issuer, extra=()):
    srv = ctx.new_server()
    srv.args += ["--public-url", "http://127.0.0.1:%d" % srv.port, "--oidc-issuer", issuer,
                 "--oidc-client-id", CLIENT_ID, "--oidc-client-secret", CLIENT_SECRET] + list(extra)
    return srv


def provider_login(provider, auth_url, pjar, login="citizen1", password="pw-citizen1"):
    """Follows the provider's redirects and forms until it sends the browser
    back to the callback; returns that callback URL."""
    port, path = split(auth_url)
    for _ in range(12):
        st, h, body = call(port, "GET", path, pjar)
        if st == 200 and isinstance(body, dict) and body.get("prompt") == "login":
            form = urllib.parse.urlencode({"login": login, "password": password})
            st, h, body = call(port, "POST", path + "/login", pjar, form,
                               {"Content-Type": "application/x-www-form-urlencoded"})
        if st not in (302, 303):
            raise RuntimeError("provider answered %s %r" % (st, body))
        loc = urllib.parse.urljoin("http://127.0.0.1:%d%s" % (port, path), h["location"])
        if CALLBACK in loc:
            return loc
        port, path = split(loc)
    raise RuntimeError("too many redirects at the provider")


def full_login(srv, provider, pjar):
    """start -> provider -> callback; returns (status, headers, body, jar, callback path)."""
    jar = Jar()
    st, h, body = call(srv.port, "GET", "/api/v1/auth/oidc/start", jar)
    if st != 302 or not h.get("location", "").startswith(provider.issuer):
        raise RuntimeError("start: %s %r %r" % (st, h.get("location"), body))
    cb = provider_login(provider, h["location"], pjar)
    cb_path = split(cb)[1]
    st, h, body = call(srv.port, "GET", cb_path, jar)
    return st, h, body, jar, cb_path


def audit_actions(srv):
    if "://" in srv.db:
        return None
    with sqlite3.connect(srv.db) as db:
        return [r[0] + (":" + r[1] if r[1] else "") for r in
                db.execute("SELECT action, details FROM audit_log ORDER BY id")]


def error_code(body):
    return body.get("error", {}).get("code") if isinstance(body, dict) else body


def test_oidc_certified_provider_sign_in_links_account(ctx):
    errs = []
    srv = oidc_server(ctx, "http://127.0.0.1:0")  # the issuer is set once the provider's port is known
    provider = NodeProvider("http://127.0.0.1:%d%s" % (srv.port, CALLBACK))
    srv.args[srv.args.index("--oidc-issuer") + 1] = provider.issuer
    try:
        srv.start()
        pjar = Jar()
        st, h, body, jar, cb_path = full_login(srv, provider, pjar)
        if st != 302 or h.get("location") != "/" or "mc_session" not in jar.cookies:
            return ["callback: %s %r %r" % (st, h.get("location"), body)]
        if "mc_oidc_state" in jar.cookies:
            errs.append("the state cookie survived the callback")
        st, _, me = call(srv.port, "GET", "/api/v1/auth/me", jar)
        user = me.get("user", {}) if st == 200 else {}
        if st != 200 or user.get("login") != "citizen1@example.vn" or user.get("kind") != "citizen" or \
                user.get("full_name") != "Nguyễn Văn Một":
            errs.append("me after sign-in: %s %r" % (st, me))
        # the same callback again: the state is spent
        replay = Jar()
        replay.cookies["mc_oidc_state"] = urllib.parse.parse_qs(urllib.parse.urlsplit(cb_path).query)["state"][0]
        st, _, body = call(srv.port, "GET", cb_path, replay)
        if st != 400 or error_code(body) != "invalid_state":
            errs.append("replayed callback: %s %r" % (st, body))
        # a second sign-in (the provider remembers the person) links to the same account
        st, h, body, jar2, _ = full_login(srv, provider, pjar)
        st2, _, me2 = call(srv.port, "GET", "/api/v1/auth/me", jar2)
        if st != 302 or st2 != 200 or me2["user"]["id"] != user.get("id"):
            errs.append("second sign-in: %s %r / %s %r" % (st, body, st2, me2))
        # ?json=1 answers with the sign-in body instead of a redirect
        jar3 = Jar()
        st, _, body = call(srv.port, "GET", "/api/v1/auth/oidc/start?json=1", jar3)
        cb = provider_login(provider, body["authorization_url"], pjar)
        st, h, body = call(srv.port, "GET", split(cb)[1] + "&json=1", jar3)
        if st != 200 or body.get("user", {}).get("id") != user.get("id") or not body.get("csrf_token"):
            errs.append("callback ?json=1: %s %r" % (st, body))
        acts = audit_actions(srv)
        if acts is not None and (acts.count("login_oidc") != 3 or acts.count("register_oidc:" + provider.issuer) != 1
                                 or "oidc_failed:invalid_state" not in acts):
            errs.append("audit: %r" % acts)
    finally:
        srv.cleanup()
        provider.stop()
    return errs


def test_oidc_state_tampering(ctx):
    errs = []
    srv = oidc_server(ctx, "http://127.0.0.1:0")
    provider = NodeProvider("http://127.0.0.1:%d%s" % (srv.port, CALLBACK))
    srv.args[srv.args.index("--oidc-issuer") + 1] = provider.issuer
    try:
        srv.start()
        pjar = Jar()

        def fresh_callback():
            jar = Jar()
            st, h, _ = call(srv.port, "GET", "/api/v1/auth/oidc/start", jar)
            cb = provider_login(provider, h["location"], pjar)
            q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(cb).query))
            return jar, q

        def expect(name, jar, q, status, code):
            st, _, body = call(srv.port, "GET", CALLBACK + "?" + urllib.parse.urlencode(q), jar)
            if st != status or error_code(body) != code:
                errs.append("%s: want %s %s, got %s %r" % (name, status, code, st, body))

        jar, q = fresh_callback()
        expect("changed state", jar, dict(q, state=q["state"][:-2] + "xy"), 400, "invalid_state")
        jar, q = fresh_callback()
        forged = "A" * 43
        jar.cookies["mc_oidc_state"] = forged
        expect("unknown state (cookie agrees)", jar, dict(q, state=forged), 400, "invalid_state")
        jar, q = fresh_callback()
        expect("no state cookie (login CSRF)", Jar(), q, 400, "invalid_state")
        jar, q = fresh_callback()
        expect("code of another sign-in", jar, dict(q, code="not-the-code"), 400, "oidc_token_rejected")
        expect("state reused after a failure", jar, q, 400, "invalid_state")
        jar, q = fresh_callback()
        expect("provider refused", jar, {"error": "access_denied", "state": q["state"]}, 400, "oidc_denied")
        acts = audit_actions(srv) or []
        if acts and len([a for a in acts if a.startswith("oidc_failed")]) != 6:
            errs.append("audit rows: %r" % acts)
    finally:
        srv.cleanup()
        provider.stop()
    return errs


def test_oidc_not_configured_and_unavailable(ctx):
    errs = []
    for path in ("/api/v1/auth/oidc/start", CALLBACK + "?code=x&state=y"):
        st, _, body = ctx.server.request("GET", path)
        if st != 404 or error_code(body) != "oidc_not_configured":
            errs.append("%s without a provider: %s %r" % (path, st, body))
    srv = oidc_server(ctx, "http://127.0.0.1:%d" % lib.free_port()).start()  # nobody listens there
    try:
        st, h, body = call(srv.port, "GET", "/api/v1/auth/oidc/start?json=1")
        if st != 503 or error_code(body) != "oidc_unavailable" or "retry-after" not in h:
            errs.append("unreachable provider: %s %r" % (st, body))
    finally:
        srv.cleanup()
    return errs


# ---- a fake provider that signs what the test asks for ----

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Key:
    """An RSA key made with the openssl command line."""

    def __init__(self, tmp, kid, name):
        self.kid = kid
        self.path = os.path.join(tmp, name + ".pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", self.path], check=True, capture_output=True)
        out = subprocess.run(["openssl", "rsa", "-in", self.path, "-noout", "-modulus"], check=True,
                             capture_output=True).stdout.decode()
        n = bytes.fromhex(out.strip().split("=", 1)[1])
        self.jwk = {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": b64url(n),
                    "e": b64url((65537).to_bytes(3, "big"))}

    def sign(self, data):
        return subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.path], input=data, check=True,
                              capture_output=True).stdout


class FakeProvider:
    """Discovery, JWKS and a token endpoint answering crafted ID tokens; the
    code names the case. The PKCE verifier is checked like a real provider."""

    def __init__(self):
        if not shutil.which("openssl"):
            raise RuntimeError("the openssl command is needed to sign test tokens")
        self.tmp = tempfile.mkdtemp(prefix="motcua-oidc-")
        self.key, self.other, self.rotated = Key(self.tmp, "k1", "a"), Key(self.tmp, "k1", "b"), \
            Key(self.tmp, "k2", "c")
        self.keys = [self.key.jwk]
        self.pending = {}  # code -> {"nonce", "challenge"}
        self.port = lib.free_port()
        self.issuer = "http://127.0.0.1:%d" % self.port
        self.jwks_fetches = 0
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def answer(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    return self.answer(200, {"issuer": fake.issuer, "authorization_endpoint": fake.issuer + "/auth",
                                             "token_endpoint": fake.issuer + "/token",
                                             "jwks_uri": fake.issuer + "/jwks"})
                if self.path == "/jwks":
                    fake.jwks_fetches += 1
                    return self.answer(200, {"keys": fake.keys})
                self.answer(404, {"error": "not_found"})

            def do_POST(self):
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                want = "Basic " + base64.b64encode(("%s:%s" % (CLIENT_ID, CLIENT_SECRET)).encode()).decode()
                p = fake.pending.get(form.get("code"))
                if self.headers.get("Authorization") != want:
                    return self.answer(401, {"error": "invalid_client"})
                verifier = form.get("code_verifier", "").encode()
                if not p or b64url(hashlib.sha256(verifier).digest()) != p["challenge"]:
                    return self.answer(400, {"error": "invalid_grant"})
                self.answer(200, {"access_token": "at", "token_type": "Bearer",
                                  "id_token": fake.token(form["code"], p["nonce"])})

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def token(self, case, nonce):
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "fake-0042", "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": nonce, "email": "fake@example.vn", "email_verified": False}
        header, key = {"alg": "RS256", "kid": "k1", "typ": "JWT"}, self.key
        if case == "wrong_aud":
            claims["aud"] = "someone-else"
        elif case == "aud_list_no_azp":
            claims["aud"] = [CLIENT_ID, "someone-else"]
        elif case == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        elif case == "bad_nonce":
            claims["nonce"] = nonce[:-2] + "zz"
        elif case == "wrong_iss":
            claims["iss"] = "http://evil.example"
        elif case == "bad_sig":
            key = self.other  # same kid, another key
        elif case == "rotated":
            header["kid"], key = "k2", self.rotated
            self.keys = [self.key.jwk, self.rotated.jwk]
        signing = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        if case == "alg_none":
            return b64url(b'{"alg":"none"}') + "." + signing.split(".")[1] + "."
        return signing + "." + b64url(key.sign(signing.encode()))

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def fake_case(srv, fake, case):
    """start (?json=1) -> the fake token endpoint with code=case -> callback."""
    jar = Jar()
    st, _, body = call(srv.port, "GET", "/api/v1/auth/oidc/start?json=1", jar)
    if st != 200:
        raise RuntimeError("start: %s %r" % (st, body))
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(body["authorization_url"]).query))
    if q.get("code_challenge_method") != "S256" or q.get("client_id") != CLIENT_ID or "openid" not in q["scope"]:
        raise RuntimeError("authorization URL: %r" % q)
    fake.pending[case] = {"nonce": q["nonce"], "challenge": q["code_challenge"]}
    return call(srv.port, "GET", CALLBACK + "?" + urllib.parse.urlencode({"code": case, "state": q["state"],
                                                                        "json": "1"}), jar)


def run_fake_cases(ctx, cases):
    errs = []
    fake = FakeProvider()
    srv = oidc_server(ctx, fake.issuer).start()
    try:
        for case, status, code in cases:
            st, _, body = fake_case(srv, fake, case)
            got = error_code(body) if st >= 400 else None
            if st != status or got != code:
                errs.append("%s: want %s %s, got %s %r" % (case, status, code, st, body))
    finally:
        srv.cleanup()
        fake.stop()
    return errs, fake


def test_oidc_token_wrong_audience(ctx):
    return run_fake_cases(ctx, [("wrong_aud", 401, "invalid_audience"),
                                ("aud_list_no_azp", 401, "invalid_audience")])[0]


def test_oidc_token_expired(ctx):
    return run_fake_cases(ctx, [("expired", 401, "token_expired")])[0]


def test_oidc_token_bad_signature(ctx):
    return run_fake_cases(ctx, [("bad_sig", 401, "invalid_signature"), ("alg_none", 401, "invalid_token")])[0]


def test_oidc_token_bad_nonce(ctx):
    return run_fake_cases(ctx, [("bad_nonce", 401, "invalid_nonce"), ("wrong_iss", 401, "invalid_token")])[0]


def test_oidc_fake_provider_good_token_and_key_rotation(ctx):
    errs, fake = run_fake_cases(ctx, [("good", 200, None), ("good", 200, None), ("rotated", 200, None)])
    # keys cached after the first sign-in, fetched again once for the new kid
    if fake.jwks_fetches != 2:
        errs.append("JWKS fetched %d times, want 2" % fake.jwks_fetches)
    return errs
