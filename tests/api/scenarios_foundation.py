"""Scenarios of the platform foundation that data cases cannot express:
keep-alive, concurrency, graceful shutdown, limits at the byte, timeouts,
static files, TLS with HTTP/2, configuration precedence."""
import gzip
import json
import os
import signal
import subprocess
import threading
import time

import lib


def test_keep_alive_serves_many_requests_on_one_connection(ctx):
    c = ctx.server.connect()
    errs = []
    for i in range(50):
        st, h, _ = ctx.server.request("GET", "/api/v1/health", conn=c)
        if st != 200 or h.get("connection", "keep-alive").lower() == "close":
            errs.append("request %d: status %s, connection %s" % (i, st, h.get("connection")))
            break
    # an error answer keeps the connection too
    st, h, _ = ctx.server.request("GET", "/api/v1/nope", conn=c)
    st2, _, _ = ctx.server.request("GET", "/api/v1/health", conn=c)
    if (st, st2) != (404, 200):
        errs.append("after a 404 the connection did not serve: %s %s" % (st, st2))
    c.close()
    return errs


def test_concurrent_requests_all_answered_with_unique_ids(ctx):
    ids, errs, lock = set(), [], threading.Lock()

    def worker():
        c = ctx.server.connect()
        for _ in range(40):
            st, h, body = ctx.server.request("GET", "/api/v1/health", conn=c)
            with lock:
                if st != 200 or body.get("status") != "ok":
                    errs.append("status %s" % st)
                ids.add(h.get("x-request-id"))
        c.close()

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if len(ids) != 32 * 40:
        errs.append("want %d distinct request ids, got %d" % (32 * 40, len(ids)))
    return errs[:5]


def test_graceful_shutdown_finishes_requests_in_flight(ctx):
    srv = ctx.new_server().start()
    results, errs = [], []

    def slow():
        try:
            results.append(srv.request("GET", "/api/v1/_test/sleep?ms=1500")[0])
        except Exception as e:  # noqa: BLE001
            results.append(repr(e))

    threads = [threading.Thread(target=slow) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.4)
    t0 = time.time()
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    try:  # new connections are refused once stopping
        srv.request("GET", "/api/v1/health")
        errs.append("a new connection was served after SIGTERM")
    except OSError:
        pass
    for t in threads:
        t.join()
    rc = srv.proc.wait(15)
    if results != [200] * 8:
        errs.append("in-flight requests: %r" % results)
    if rc != 0:
        errs.append("exit status %s" % rc)
    if time.time() - t0 > 10:
        errs.append("shutdown took %.1f s" % (time.time() - t0))
    srv.cleanup()
    return errs


def test_upload_over_limit_by_one_byte_gets_413_before_the_body(ctx):
    head = ("POST /api/v1/_test/upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
            "Content-Length: %d\r\n\r\n" % (25 * 1024 * 1024 + 1)).encode()
    resp = lib.raw_exchange(ctx.server.port, head, timeout=5)
    errs = []
    if not resp.startswith(b"HTTP/1.1 413"):
        errs.append("want 413, got %r" % resp[:80])
    body = resp.split(b"\r\n\r\n", 1)[-1]
    if b'"payload_too_large"' not in body or b"x-request-id" not in resp.lower():
        errs.append("413 not in the error format: %r" % resp[:400])
    return errs


def header_cost(method, path, host, headers):
    """What the server counts against --max-headers."""
    return len(method) + len(path) + len(host) + sum(len(k) + len(v) + 4 for k, v in headers)


def test_headers_limit_crossed_by_one_byte(ctx):
    errs = []
    base = [("user-agent", "t"), ("accept-encoding", "identity")]
    fixed = header_cost("GET", "/api/v1/health", "127.0.0.1", base) + len("x-pad") + 4
    for pad, want in ((16384 - fixed, 200), (16384 - fixed + 1, 431)):
        req = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: t\r\nAccept-Encoding: identity\r\n" \
              "X-Pad: %s\r\nConnection: close\r\n\r\n" % ("p" * pad)
        # Connection: close is a header too
        req = req.replace("X-Pad: " + "p" * pad, "X-Pad: " + "p" * (pad - len("connection") - len("close") - 4))
        resp = lib.raw_exchange(ctx.server.port, req.encode())
        got = int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/1.1") else resp[:40]
        if got != want:
            errs.append("pad %d: want %s, got %r" % (pad, want, got))
        if want == 431 and b'"headers_too_large"' not in resp:
            errs.append("431 without the error code: %r" % resp[-300:])
    return errs


def test_request_timeout_closes_a_silent_connection(ctx):
    srv = ctx.new_server(args=["--request-timeout", "500"]).start()
    errs = []
    t0 = time.time()
    resp = lib.raw_exchange(srv.port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", timeout=5)
    took = time.time() - t0
    if took > 3:
        errs.append("connection held %.1f s with a 0.5 s timeout" % took)
    if resp and b"200" in resp.split(b"\r\n", 1)[0]:
        errs.append("an incomplete request was answered: %r" % resp[:60])
    st, _, _ = srv.request("GET", "/api/v1/health")
    if st != 200:
        errs.append("server stopped answering: %s" % st)
    srv.cleanup()
    return errs


def test_static_files_etag_gzip_cache_and_app_fallback(ctx):
    errs = []
    srv = ctx.new_server()
    web = os.path.join(srv.tmp, "web")
    os.makedirs(os.path.join(web, "assets"))
    with open(os.path.join(web, "index.html"), "w") as f:
        f.write("<!doctype html><title>Một cửa</title>")
    js = b"console.log('xin chao');" * 50
    with open(os.path.join(web, "assets", "app-1a2b.js"), "wb") as f:
        f.write(js)
    with open(os.path.join(web, "assets", "app-1a2b.js.gz"), "wb") as f:
        f.write(gzip.compress(js))
    srv.args += ["--web", web]
    srv.start()
    st, h, body = srv.request("GET", "/assets/app-1a2b.js", headers={"Accept-Encoding": "identity"})
    if st != 200 or body != js or "immutable" not in h.get("cache-control", ""):
        errs.append("asset: %s %r" % (st, h))
    etag = h.get("etag")
    st, h, body = srv.request("GET", "/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip, br"})
    if h.get("content-encoding") != "gzip" or gzip.decompress(body) != js or h.get("vary") != "Accept-Encoding":
        errs.append("gzip variant not served: %r" % h)
    st, _, _ = srv.request("GET", "/assets/app-1a2b.js", headers={"If-None-Match": etag})
    if st != 304:
        errs.append("If-None-Match: want 304, got %s" % st)
    st, h, body = srv.request("GET", "/tra-cuu/000.00.06.H56-231027-0361")
    if st != 200 or b"M\xe1\xbb\x99t c\xe1\xbb\xada" not in body or h.get("cache-control") != "no-cache":
        errs.append("app fallback: %s %r %r" % (st, h, body[:80]))
    st, _, _ = srv.request("GET", "/")
    if st != 200:
        errs.append("/ -> %s" % st)
    srv.cleanup()
    return errs


def test_https_with_http2(ctx):
    srv = ctx.new_server()
    cert, key = os.path.join(srv.tmp, "cert.pem"), os.path.join(srv.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    srv.args += ["--tls-cert", cert, "--tls-key", key]
    srv.proc = subprocess.Popen([lib.BINARY, "serve", "--listen", "127.0.0.1:%d" % srv.port, "--db",
                                 srv.db, "--tls-cert", cert, "--tls-key", key,
                                 "--access-log", "off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv.log = open(srv.log_path, "ab")
    errs, out = [], None
    for _ in range(100):
        r = subprocess.run(["curl", "-sk", "--max-time", "10", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                            "https://127.0.0.1:%d/api/v1/health" % srv.port], capture_output=True, text=True)
        out = r.stdout
        if out.endswith("200"):
            break
        time.sleep(0.05)
    if out != "2 200":
        errs.append("want HTTP/2 200 over TLS, got %r" % out)
    srv.cleanup()
    return errs


def test_configuration_precedence_flag_env_file(ctx):
    errs = []
    srv = ctx.new_server()
    p_file, p_env, p_flag = lib.free_port(), lib.free_port(), lib.free_port()
    conf = os.path.join(srv.tmp, "motcua.conf")
    with open(conf, "w") as f:
        f.write("# test\nlisten = 127.0.0.1:%d\nthreads = 1\naccess-log = off\n" % p_file)
    db = srv.db
    for env, args, port in (({}, [], p_file),
                            ({"MOTCUA_LISTEN": "127.0.0.1:%d" % p_env}, [], p_env),
                            ({"MOTCUA_LISTEN": "127.0.0.1:%d" % p_env}, ["--listen", "127.0.0.1:%d" % p_flag],
                             p_flag)):
        e = dict(os.environ)
        e.update(env)
        proc = subprocess.Popen([lib.BINARY, "serve", "--db", db] + args, cwd=srv.tmp, env=e,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        srv.port = port
        ok = False
        for _ in range(100):
            try:
                ok = srv.request("GET", "/api/v1/health")[0] == 200
                break
            except OSError:
                time.sleep(0.05)
        proc.terminate()
        proc.wait(10)
        if not ok:
            errs.append("not listening on the port from %s" % (args or env or "the file"))
    bad = subprocess.run([lib.BINARY, "serve", "--threads", "lots"], capture_output=True, text=True, cwd=srv.tmp)
    if bad.returncode != 2 or "threads" not in bad.stderr:
        errs.append("bad --threads: exit %s, %r" % (bad.returncode, bad.stderr))
    hlp = subprocess.run([lib.BINARY, "serve", "--help"], capture_output=True, text=True)
    for flag in ("--listen", "MOTCUA_LISTEN", "--db", "--files", "--threads", "--demo", "--max-json",
                 "--max-upload", "--max-headers", "--request-timeout"):
        if flag not in hlp.stdout:
            errs.append("serve --help lacks %s" % flag)
    srv.cleanup()
    return errs


def test_init_and_migrate_are_idempotent(ctx):
    srv = ctx.new_server()
    db = srv.db
    a = subprocess.run([lib.BINARY, "init", "--db", db], capture_output=True, text=True)
    b = subprocess.run([lib.BINARY, "migrate", "--db", db], capture_output=True, text=True)
    c = subprocess.run([lib.BINARY, "init", "--db", db], capture_output=True, text=True)
    errs = []
    if a.returncode or "applied" not in a.stdout:
        errs.append("init: %s %r %r" % (a.returncode, a.stdout, a.stderr))
    if b.returncode or "applied 0 migration" not in b.stdout:
        errs.append("migrate: %s %r" % (b.returncode, b.stdout))
    if c.returncode or "already initialised" not in c.stdout:
        errs.append("second init: %s %r" % (c.returncode, c.stdout))
    if srv.sql("SELECT count(*) FROM schema_migrations")[0][0] in ("", "0"):
        errs.append("schema_migrations is empty")
    u = subprocess.run([lib.BINARY, "no-such-command"], capture_output=True, text=True)
    if u.returncode != 2:
        errs.append("unknown command exit %s" % u.returncode)
    for cmd in ("serve", "init", "migrate", "calendar"):
        h = subprocess.run([lib.BINARY, cmd, "--help"], capture_output=True, text=True)
        if h.returncode != 0 or "Usage" not in h.stdout:
            errs.append("%s --help: exit %s" % (cmd, h.returncode))
    srv.cleanup()
    return errs
