"""Accounts, sessions and the security baseline: the authorization matrix,
sign-in throttling and lockout, session expiry, CSRF, token scopes,
registration with verification, password reset, the audit chain."""
import itertools
import json
import os
import subprocess
import time

import accounts
import lib

HERE = os.path.dirname(os.path.abspath(__file__))
ROLES = list(accounts.LOGINS) + ["client"]
_unique = itertools.count(int(time.time()) % 100000 * 1000)


def fill(value):
    if isinstance(value, str):
        return value.replace("{unique}", str(next(_unique)))
    if isinstance(value, dict):
        return {k: fill(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v) for v in value]
    return value


def expected_allowed(row, role):
    allow = row["allow"]
    if allow == "public":
        return True
    if role == "anonymous":
        return False
    if allow == "signed_in":
        return True
    return role in allow


def test_authorization_matrix(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        with open(os.path.join(HERE, "matrix.json"), encoding="utf-8") as f:
            rows = json.load(f)
        routes = srv.request("GET", "/api/v1/_test/routes")[2]["items"]
        covered = {r["route"] for r in rows}
        for rt in routes:
            key = "%s %s" % (rt["method"], rt["pattern"])
            if "/_test/" not in key and key not in covered:
                errs.append("route without a matrix row: " + key)
        sessions = accounts.sessions_by_role(srv)
        for row in rows:
            method = row["route"].split(" ", 1)[0]
            for role in ROLES + ["anonymous"]:
                s = sessions[role]
                if row.get("fresh_session") and s.cookie:
                    s = accounts.Session(srv, accounts.LOGINS[role])
                st, _, body = s.request(method, fill(row["path"]), fill(row.get("body")))
                want_ok = expected_allowed(row, role)
                ok_codes = row.get("ok", [200])
                if want_ok and st not in ok_codes:
                    errs.append("%s as %s: want %s, got %s %r" % (row["route"], role, ok_codes, st, body))
                if not want_ok and st != (401 if role == "anonymous" else 403):
                    errs.append("%s as %s: want %s, got %s" % (row["route"], role,
                                                               401 if role == "anonymous" else 403, st))
    finally:
        srv.cleanup()
    return errs[:20]


def test_login_lockout_and_ip_throttle(ctx):
    srv = accounts.demo_server(ctx, ["--login-failures", "3", "--lockout", "2", "--ip-rate", "12"])
    errs = []
    try:
        codes = [srv.request("POST", "/api/v1/auth/login", {"login": "vanthu", "password": "wrong-pass-1"})[0]
                 for _ in range(3)]
        st, h, body = srv.request("POST", "/api/v1/auth/login", {"login": "vanthu", "password": accounts.PASSWORD})
        if codes != [401, 401, 401] or st != 429 or body["error"]["code"] != "account_locked":
            errs.append("lockout: %r then %s %r" % (codes, st, body))
        if "retry-after" not in h:
            errs.append("429 without Retry-After")
        time.sleep(2.2)
        if accounts.Session(srv, "vanthu").login_status != 200:
            errs.append("account still locked after the lockout")
        seen = [srv.request("POST", "/api/v1/auth/login", {"login": "x@example.vn", "password": "nope-1234"})[0]
                for _ in range(10)]
        if 429 not in seen:
            errs.append("per-IP throttle never answered 429: %r" % seen)
        st, _, body = srv.request("POST", "/api/v1/auth/login", {"login": "admin"})
        if st != 400 or body["error"]["details"].get("field") != "password":
            errs.append("missing password: %s %r" % (st, body))
    finally:
        srv.cleanup()
    return errs


def test_session_idle_expiry_logout_and_revoke(ctx):
    srv = accounts.demo_server(ctx, ["--session-idle", "60"])
    errs = []
    try:
        a = accounts.Session(srv, "chuyenvien")
        b = accounts.Session(srv, "chuyenvien")
        st, _, body = a.request("GET", "/api/v1/auth/sessions")
        ids = [s["id"] for s in body["items"]]
        if st != 200 or len(ids) < 2 or sum(s["current"] for s in body["items"]) != 1:
            errs.append("sessions list: %s %r" % (st, body))
        other = [s["id"] for s in body["items"] if not s["current"]][0]
        if a.request("DELETE", "/api/v1/auth/sessions/%d" % other)[0] != 200:
            errs.append("revoking my other session failed")
        if b.request("GET", "/api/v1/auth/me")[0] != 401:
            errs.append("revoked session still works")
        st, h, _ = a.request("POST", "/api/v1/auth/logout", {})
        if st != 200 or "Max-Age=0" not in h.get("set-cookie", ""):
            errs.append("logout: %s %r" % (st, h.get("set-cookie")))
        if a.request("GET", "/api/v1/auth/me")[0] != 401:
            errs.append("session works after logout")
        c = accounts.Session(srv, "lanhdao")
        srv.sql("UPDATE sessions SET last_seen = last_seen - 120")
        if c.request("GET", "/api/v1/auth/me")[0] != 401:
            errs.append("idle session not expired")
        if "HttpOnly" not in srv.request("POST", "/api/v1/auth/login",
                                         {"login": "lanhdao", "password": accounts.PASSWORD})[1]["set-cookie"]:
            errs.append("cookie not HttpOnly")
    finally:
        srv.cleanup()
    return errs


def test_csrf_required_for_cookie_writes(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        s = accounts.Session(srv, "admin")
        body = {"login": "lgsp", "scopes": ["events.read"]}
        st, _, b = s.request("POST", "/api/v1/tokens", body, csrf=False)
        if st != 403 or b["error"]["code"] != "csrf_failed":
            errs.append("no CSRF token: %s %r" % (st, b))
        st, _, _ = s.request("POST", "/api/v1/tokens", body, headers={"X-CSRF-Token": "forged"}, csrf=False)
        if st != 403:
            errs.append("forged CSRF token: %s" % st)
        if s.request("POST", "/api/v1/tokens", body)[0] != 201:
            errs.append("right CSRF token refused")
        if s.request("GET", "/api/v1/auth/me", csrf=False)[0] != 200:
            errs.append("GET should not need a CSRF token")
    finally:
        srv.cleanup()
    return errs


def test_token_scopes_and_bearer(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        st, _, b = admin.request("POST", "/api/v1/tokens", {"login": "admin", "scopes": ["users.read"]})
        tok = accounts.Session(srv, token=b["token"])
        if tok.request("GET", "/api/v1/users")[0] != 200:
            errs.append("token with users.read refused")
        if tok.request("POST", "/api/v1/tokens", {"login": "lgsp", "scopes": ["events.read"]})[0] != 403:
            errs.append("token used beyond its scopes")
        if accounts.Session(srv, token="not-a-token").request("GET", "/api/v1/auth/me")[0] != 401:
            errs.append("bad bearer token accepted")
        st, _, b = admin.request("POST", "/api/v1/tokens", {"login": "admin", "scopes": ["fly"]})
        if st != 400:
            errs.append("unknown scope accepted: %s" % st)
    finally:
        srv.cleanup()
    return errs


def code_for(srv, login):
    st, _, b = srv.request("GET", "/api/v1/_test/notifications?recipient=" + login)
    return b["body"].split(": ")[-1][:6] if st == 200 else None


def test_register_verify_and_password_reset(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        login = "dan%d@example.vn" % next(_unique)
        st, _, b = srv.request("POST", "/api/v1/auth/register",
                               {"login": login.upper(), "password": "Matkhau123", "full_name": "Trần Thị Bình"})
        if st != 201 or b["status"] != "pending" or b["login"] != login:
            errs.append("register: %s %r" % (st, b))
        if accounts.Session(srv, login, "Matkhau123").login_status != 403:
            errs.append("unverified account could sign in")
        if srv.request("POST", "/api/v1/auth/verify", {"login": login, "code": "999999"})[0] != 400:
            errs.append("wrong code accepted")
        code = code_for(srv, login)
        st, _, b = srv.request("POST", "/api/v1/auth/verify", {"login": login, "code": code})
        if st != 200 or b["status"] != "active":
            errs.append("verify: %s %r" % (st, b))
        if accounts.Session(srv, login, "Matkhau123").login_status != 200:
            errs.append("verified account cannot sign in")
        st, _, b = srv.request("POST", "/api/v1/auth/register",
                               {"login": login, "password": "Matkhau123", "full_name": "X"})
        if st != 409 or b["error"]["code"] != "account_exists":
            errs.append("duplicate registration: %s %r" % (st, b))
        for bad, field in (({"login": "0912345678", "password": "short1", "full_name": "X"}, "password"),
                           ({"login": "12ab", "password": "Matkhau123", "full_name": "X"}, "login"),
                           ({"login": "0912345678", "password": "onlyletters", "full_name": "X"}, "password")):
            st, _, b = srv.request("POST", "/api/v1/auth/register", bad)
            if st != 400 or b["error"]["details"].get("field") != field:
                errs.append("register %r: %s %r" % (bad, st, b))
        # phone registration normalises +84
        st, _, b = srv.request("POST", "/api/v1/auth/register",
                               {"login": "+84 912 345 678", "password": "Matkhau123", "full_name": "Lê Văn C"})
        if st != 201 or b["login"] != "0912345678" or b["verification_sent_to"] != "sms":
            errs.append("phone registration: %s %r" % (st, b))
        # reset: same answer for known and unknown logins
        st1 = srv.request("POST", "/api/v1/auth/password-reset", {"login": login})[0]
        st2 = srv.request("POST", "/api/v1/auth/password-reset", {"login": "nobody@example.vn"})[0]
        if (st1, st2) != (202, 202):
            errs.append("reset answers differ: %s %s" % (st1, st2))
        code = code_for(srv, login)
        st, _, b = srv.request("POST", "/api/v1/auth/password-reset/confirm",
                               {"login": login, "code": code, "password": "Moi2026abc"})
        if st != 200:
            errs.append("reset confirm: %s %r" % (st, b))
        if accounts.Session(srv, login, "Moi2026abc").login_status != 200:
            errs.append("new password does not work")
        if accounts.Session(srv, login, "Matkhau123").login_status != 401:
            errs.append("old password still works")
        st, _, _ = srv.request("POST", "/api/v1/auth/password-reset/confirm",
                               {"login": login, "code": code, "password": "Lan3nua2026"})
        if st != 400:
            errs.append("a reset code worked twice")
    finally:
        srv.cleanup()
    return errs


def test_audit_chain_verifies_and_detects_tampering(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        accounts.Session(srv, "admin")
        srv.request("POST", "/api/v1/auth/login", {"login": "admin", "password": "wrong-pass-9"})
        srv.stop()
        ok = subprocess.run([lib.BINARY, "audit", "verify", "--db", srv.db], capture_output=True, text=True)
        if ok.returncode != 0 or "intact" not in ok.stdout:
            errs.append("fresh chain: %s %r" % (ok.returncode, ok.stdout))
        actions = [r[0] for r in srv.sql("SELECT action FROM audit_log ORDER BY id")]
        if len(actions) < 3 or "login" not in actions or "login_failed" not in actions:
            errs.append("audit rows: %r" % actions)
        srv.sql("UPDATE audit_log SET ip = '10.0.0.66' WHERE id = 2")
        bad = subprocess.run([lib.BINARY, "audit", "verify", "--db", srv.db], capture_output=True, text=True)
        if bad.returncode == 0 or "entry 2" not in bad.stdout:
            errs.append("tampering not detected: %s %r" % (bad.returncode, bad.stdout))
    finally:
        srv.cleanup()
    return errs


def test_cli_user_add_disable_passwd_token(ctx):
    srv = ctx.new_server()
    db = srv.db
    errs = []
    run = lambda *a, **k: subprocess.run([lib.BINARY] + list(a) + ["--db", db] + accounts.CHEAP_HASH,
                                         capture_output=True, text=True, **k)
    try:
        run("seed")
        r = run("user", "add", "canbo.moi", "--name", "Cán bộ mới", "--role", "specialist", "--agency",
                "000.00.12.H56", "--password", "Matkhau123")
        if r.returncode != 0:
            errs.append("user add: %r" % r.stderr)
        r = run("user", "add", "x", "--name", "X", "--role", "king", "--agency", "000.00.12.H56",
                "--password", "Matkhau123")
        if r.returncode == 0:
            errs.append("unknown role accepted")
        r = run("user", "passwd", "canbo.moi", input="Matkhau456\n")
        if r.returncode != 0:
            errs.append("passwd: %r" % r.stderr)
        r = run("user", "token", "lgsp", "--scopes", "events.read")
        if r.returncode != 0 or len(r.stdout.strip()) != 43:
            errs.append("token: %r %r" % (r.stdout, r.stderr))
        srv.args += accounts.CHEAP_HASH
        srv.db = db
        srv.start()
        if accounts.Session(srv, "canbo.moi", "Matkhau456").login_status != 200:
            errs.append("CLI password not effective")
        srv.stop()
        if run("user", "disable", "canbo.moi").returncode != 0:
            errs.append("disable failed")
        srv.start()
        if accounts.Session(srv, "canbo.moi", "Matkhau456").login_status != 403:
            errs.append("disabled account signs in")
    finally:
        srv.cleanup()
    return errs
