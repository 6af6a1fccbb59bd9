"""accounts.py - signing in as the demo accounts, for scenarios that need roles.

The demo seed (motcua serve --demo) has one account per role; LOGINS maps each
role to its login. Servers started here use cheap argon2id settings so that
tests do not spend their time hashing."""
import lib

PASSWORD = "Motcua@2026"
CHEAP_HASH = ["--pwhash-ops", "1", "--pwhash-mem", "8"]
LOGINS = {
    "system_admin": "admin",
    "agency_admin": "qtdonvi",
    "desk_officer": "motcua",
    "specialist": "chuyenvien",
    "leader": "lanhdao",
    "clerk": "vanthu",
    "editor": "bientap",
    "citizen": "congdan@example.vn",
    "business": "doanhnghiep@example.vn",
}


def demo_server(ctx, extra=()):
    return ctx.new_server(args=["--demo"] + CHEAP_HASH + list(extra)).start()


class Session:
    """A signed-in client: keeps the cookie and sends the CSRF token."""

    def __init__(self, server, login=None, password=PASSWORD, token=None):
        self.server = server
        self.cookie = None
        self.csrf = None
        self.token = token
        self.login_status = None
        if login:
            st, h, body = server.request("POST", "/api/v1/auth/login", {"login": login, "password": password})
            self.login_status = st
            if st == 200:
                self.cookie = h["set-cookie"].split(";", 1)[0]
                self.csrf = body["csrf_token"]

    def request(self, method, path, body=None, headers=None, csrf=True):
        hdrs = dict(headers or {})
        if self.cookie:
            hdrs["Cookie"] = self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                hdrs["X-CSRF-Token"] = self.csrf
        if self.token:
            hdrs["Authorization"] = "Bearer " + self.token
        return self.server.request(method, path, body, hdrs)


def sessions_by_role(server):
    out = {role: Session(server, login) for role, login in LOGINS.items()}
    admin = out["system_admin"]
    st, _, body = admin.request("POST", "/api/v1/tokens", {"login": "lgsp", "name": "matrix",
                                                           "scopes": ["events.read"]})
    if st != 201:
        raise RuntimeError("token for the client: %s %r" % (st, body))
    out["client"] = Session(server, token=body["token"])
    out["anonymous"] = Session(server)
    return out
