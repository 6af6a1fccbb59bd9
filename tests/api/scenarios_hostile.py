"""The hostile-input table (tests/api/hostile.json, docs/security.md): each row
is one abusive request or connection pattern sent to a live server, with the
answer it must get. After every row the server must still answer
/api/v1/health, and no row may ever get a 5xx.

A row has "name", "group", "expect" and one of:
  request      {"method", "path", "headers"?, "auth"?: "admin", and a body:
                "json" (any JSON value), "body_bytes" (a string whose characters
                U+0000-U+00FF are the bytes sent), "body_nested" N (N brackets
                open and closed), "body_repeat" [text, N], "body_gzip_zeros" N
                (gzip of N zero bytes); "send_body": false sends the headers only}
               "{n}" in the path or in JSON strings becomes a fresh number.
  raw          the bytes of the whole exchange (same character convention)
  raw_long_url N, raw_headers {"count", "size", "name_size"?, "name"?},
  raw_chunked {"path", "chunk", "count"}
  slowloris {"interval_s", "body"?}, idle {"count"}, burst {"factor"}
"expect" holds:
  status       the statuses allowed; "closed_ok": true also allows the server
               closing the connection without an answer (protocol abuse)
  code         the error code of the JSON answer (code_if_400: when it is a 400)
  echo         {"dotted.path": value}: the answer holds the value verbatim
  no_body      a string the answer must not contain
  within_s     the answer (or the close) comes within that many seconds
  closed_within_s, health_ms, max_rss_mb, max_rss_growth_mb: see the kinds.

New route families add rows (their text fields with the injection strings);
the runner needs no change."""
import gzip
import itertools
import json
import os
import socket
import subprocess
import threading
import time

import accounts
import lib

HERE = os.path.dirname(os.path.abspath(__file__))
_counter = itertools.count(int(time.time()) % 100000 * 100)


def fresh(value):
    if isinstance(value, str):
        return value.replace("{n}", str(next(_counter))) if "{n}" in value else value
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    return value


def is_asan():
    try:
        out = subprocess.run(["ldd", lib.BINARY], capture_output=True, text=True).stdout
    except OSError:
        return False
    return "libasan" in out


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


class Target:
    """The server under attack and an admin session on it."""

    def __init__(self, srv):
        self.srv = srv
        self.admin = accounts.Session(srv, "admin")

    def pid(self):
        return self.srv.proc.pid


def build_request(t, req):
    method, path = req["method"], fresh(req["path"])
    headers = dict(req.get("headers", {}))
    if "json" in req:
        body = json.dumps(fresh(req["json"]), ensure_ascii=False).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "body_bytes" in req:
        body = fresh(req["body_bytes"]).encode("latin-1")
    elif "body_nested" in req:
        body = b"[" * req["body_nested"] + b"]" * req["body_nested"]
    elif "body_repeat" in req:
        text, n = req["body_repeat"]
        body = text.encode() * n
    elif "body_gzip_zeros" in req:
        body = gzip.compress(bytes(req["body_gzip_zeros"]), 9)
    else:
        body = b""
    if req.get("auth") == "admin":
        headers["Cookie"] = t.admin.cookie
        headers["X-CSRF-Token"] = t.admin.csrf
    if "Content-Length" not in headers and (body or method in ("POST", "PUT", "PATCH")):
        headers["Content-Length"] = str(len(body))
    headers.setdefault("Host", "127.0.0.1")
    headers["Connection"] = "close"
    head = "%s %s HTTP/1.1\r\n" % (method, path) + "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
    return head.encode("latin-1") + (body if req.get("send_body", True) else b"")


def raw_bytes(case):
    if "raw" in case:
        return case["raw"].encode("latin-1")
    if "raw_long_url" in case:
        return b"GET /api/v1/health?" + b"a" * case["raw_long_url"] + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    if "raw_headers" in case:
        h = case["raw_headers"]
        name = h.get("name") or "X-" + "n" * h.get("name_size", 4)
        lines = "".join("%s%s: %s\r\n" % (name, "" if h.get("name") else i, "v" * h["size"]) for i in range(h["count"]))
        return ("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n" % lines).encode()
    if "raw_chunked" in case:
        c = case["raw_chunked"]
        head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                "Connection: close\r\n\r\n" % c["path"]).encode()
        chunk = b"%x\r\n" % c["chunk"] + b" " * c["chunk"] + b"\r\n"
        return head + chunk * c["count"] + b"0\r\n\r\n"
    return None


def exchange(port, data, timeout=10):
    """Sends data and reads until the server closes or the answer is complete.
    Returns (status or "closed", headers dict, body bytes, seconds)."""
    t0 = time.time()
    buf = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before taking everything
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                buf += b
                if b"\r\n\r\n" in buf:
                    head, _, rest = buf.partition(b"\r\n\r\n")
                    cl = [ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length:")]
                    if cl and len(rest) >= int(cl[0].split(b":")[1]):
                        break
        except ConnectionResetError:
            pass
        except socket.timeout:
            return "timeout", {}, buf, time.time() - t0
    took = time.time() - t0
    if not buf.startswith(b"HTTP/"):
        return "closed", {}, buf, took
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ")[1])
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(b":")
        hdrs[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
    return status, hdrs, body, took


def dig(data, dotted):
    for k in dotted.split("."):
        if not isinstance(data, dict) or k not in data:
            return None
        data = data[k]
    return data


def check_answer(case, got):
    exp = case["expect"]
    status, hdrs, body, took = got
    errs = []
    if status == "timeout":
        return ["no answer and no close within the client's timeout"]
    if status == "closed":
        if not exp.get("closed_ok"):
            errs.append("connection closed without an answer")
    else:
        if status >= 500:
            errs.append("got %s: %r" % (status, body[:300]))
        elif "status" in exp and status not in exp["status"]:
            errs.append("want %s, got %s: %r" % (exp["status"], status, body[:300]))
        data = None
        if hdrs.get("content-type", "").startswith("application/json"):
            try:
                data = json.loads(body)
            except ValueError:
                errs.append("answer is not JSON: %r" % body[:200])
        if status >= 400 and data is not None and not all(
                isinstance(dig(data, k), str) and dig(data, k) for k in ("error.code", "error.message",
                                                                          "error.message_en")):
            errs.append("error answer without a code or a message: %r" % body[:200])
        if "code_if_400" in exp and status == 400 and dig(data, "error.code") != exp["code_if_400"]:
            errs.append("want code %s, got %r" % (exp["code_if_400"], body[:300]))
        if "code" in exp and dig(data, "error.code") != exp["code"]:
            errs.append("want code %s, got %r" % (exp["code"], body[:300]))
        for path, want in exp.get("echo", {}).items():
            if dig(data, path) != want:
                errs.append("%s: want %r verbatim, got %r" % (path, want, dig(data, path)))
    if exp.get("no_body") and exp["no_body"].encode() in body:
        errs.append("answer contains %r" % exp["no_body"])
    if "within_s" in exp and took > exp["within_s"]:
        errs.append("took %.1f s (at most %s)" % (took, exp["within_s"]))
    return errs


def health_ms(port, timeout=5):
    t0 = time.time()
    st, _, _, _ = exchange(port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout)
    return st, (time.time() - t0) * 1000


def run_slowloris(t, case):
    spec, exp = case["slowloris"], case["expect"]
    port = t.srv.port
    if spec.get("body"):
        data = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
        data += b"{" + b" " * 499
        prefix, drip = data[:data.index(b"\r\n\r\n") + 4], data[data.index(b"\r\n\r\n") + 4:]
    else:
        prefix, drip = b"", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    errs, t0, closed_at = [], time.time(), None
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    try:
        s.sendall(prefix)
        for i, byte in enumerate(drip):
            try:
                s.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_at = time.time()
                break
            if i % 4 == 0:  # others are served meanwhile
                st, ms = health_ms(port)
                if st != 200 or ms > 1000:
                    errs.append("health during slowloris: %s in %.0f ms" % (st, ms))
                    break
            try:
                s.settimeout(spec["interval_s"])
                if s.recv(4096) == b"":
                    closed_at = time.time()
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed_at = time.time()
                break
            if time.time() - t0 > exp["closed_within_s"] + 5:
                break
    finally:
        s.close()
    if closed_at is None or closed_at - t0 > exp["closed_within_s"]:
        errs.append("slow client not closed within %s s" % exp["closed_within_s"])
    return errs


def run_idle(t, case):
    n, errs, socks = case["idle"]["count"], [], []
    try:
        for _ in range(n):
            socks.append(socket.create_connection(("127.0.0.1", t.srv.port), timeout=5))
        time.sleep(0.2)
        st, ms = health_ms(t.srv.port)
        if st != 200 or ms > case["expect"]["health_ms"]:
            errs.append("with %d idle connections health answered %s in %.0f ms" % (n, st, ms))
    except OSError as e:
        errs.append("opening %d connections: %r (after %d)" % (n, e, len(socks)))
    finally:
        for s in socks:
            s.close()
    return errs


def run_burst(t, case, ctx):
    """A server limited to 512 descriptors (what this 'machine' can serve)
    gets twice as many concurrent clients, each sending requests until the
    burst ends. Latency may grow; every answer must be a 2xx/4xx/503 or a
    refused/closed connection; memory stays bounded; it keeps serving."""
    limit, factor = 512, case["burst"]["factor"]
    srv = ctx.new_server(args=["--demo"] + accounts.CHEAP_HASH + ["--ip-rate", "100000", "--access-log", "off"])
    wrapper = os.path.join(srv.tmp, "limited.sh")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nulimit -n %d\nexec %s \"$@\"\n" % (limit, lib.BINARY))
    os.chmod(wrapper, 0o755)
    saved, lib.BINARY = lib.BINARY, wrapper
    try:
        srv.start()
    finally:
        lib.BINARY = saved
    errs, lock, peak = [], threading.Lock(), [0.0]
    counts = {"ok": 0, "refused": 0, "bad": 0}
    stop = time.time() + 8
    bodies = [b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
              b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 41\r\n\r\n"
              b'{"login":"admin","password":"wrong-pass"}',
              b"GET /api/v1/no-such HTTP/1.1\r\nHost: x\r\n\r\n"]

    def client(i):
        while time.time() < stop:
            try:
                with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
                    for k in range(20):
                        s.sendall(bodies[(i + k) % len(bodies)])
                        got = s.recv(65536)
                        if not got:
                            raise ConnectionResetError
                        code = int(got.split(b" ", 2)[1])
                        with lock:
                            counts["ok" if code < 500 or code == 503 else "bad"] += 1
                            if code >= 500 and code != 503:
                                errs.append("burst answer %s: %r" % (code, got[:200]))
                        if time.time() > stop:
                            break
            except (OSError, ValueError, IndexError):
                with lock:
                    counts["refused"] += 1
                time.sleep(0.05)

    def sampler():
        while time.time() < stop + 1:
            peak[0] = max(peak[0], rss_mb(srv.proc.pid))
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(limit * factor)]
    threads.append(threading.Thread(target=sampler))
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        if os.environ.get("MOTCUA_HOSTILE_VERBOSE"):
            print("  burst: %d clients, %r, peak RSS %.0f MB" % (limit * factor, counts, peak[0]))
        bound = float(os.environ.get("MOTCUA_RSS_LIMIT_MB", case["expect"]["max_rss_mb"] * (4 if is_asan() else 1)))
        if peak[0] > bound:
            errs.append("peak RSS %.0f MB over %.0f MB" % (peak[0], bound))
        if srv.proc.poll() is not None:
            errs.append("server died during the burst: exit %s\n%s" % (srv.proc.returncode, srv.read_log()[-2000:]))
        elif counts["ok"] == 0:
            errs.append("nothing was served during the burst: %r" % counts)
        else:
            time.sleep(1)
            st, ms = health_ms(srv.port, timeout=20)
            if st != 200:
                errs.append("after the burst health answered %s" % st)
    finally:
        rc = srv.stop()
        if rc not in (0, None):
            errs.append("server exit status %s after the burst\n%s" % (rc, srv.read_log()[-2000:]))
        srv.cleanup()
    return errs[:10]


def run_case(t, case, ctx):
    if "slowloris" in case:
        return run_slowloris(t, case)
    if "idle" in case:
        return run_idle(t, case)
    if "burst" in case:
        return run_burst(t, case, ctx)
    data = raw_bytes(case)
    if data is None:
        data = build_request(t, case["request"])
    before = rss_mb(t.pid())
    got = exchange(t.srv.port, data, timeout=15)
    errs = check_answer(case, got)
    growth = case["expect"].get("max_rss_growth_mb")
    if growth is not None and rss_mb(t.pid()) - before > growth * (3 if is_asan() else 1):
        errs.append("RSS grew by %.0f MB" % (rss_mb(t.pid()) - before))
    return errs


def test_hostile_table(ctx):
    with open(os.path.join(HERE, "hostile.json"), encoding="utf-8") as f:
        cases = json.load(f)
    srv = ctx.new_server(args=["--demo"] + accounts.CHEAP_HASH +
                         ["--ip-rate", "100000", "--login-failures", "1000", "--request-timeout", "2000"]).start()
    t = Target(srv)
    errs = []
    try:
        if len(cases) < 80:
            errs.append("the table has %d rows, fewer than 80" % len(cases))
        for case in cases:
            try:
                case_errs = run_case(t, case, ctx)
            except Exception as e:  # noqa: BLE001
                case_errs = ["%s: %r" % (type(e).__name__, e)]
            if srv.proc.poll() is not None:
                errs.append("%s: the server died (exit %s)\n%s" % (case["name"], srv.proc.returncode,
                                                                  srv.read_log()[-3000:]))
                break
            st, ms = health_ms(srv.port)
            if st != 200:
                case_errs.append("health afterwards: %s" % st)
            errs += ["%s [%s]: %s" % (case["name"], case["group"], e) for e in case_errs]
            if os.environ.get("MOTCUA_HOSTILE_VERBOSE"):
                print("  %-60s %s" % (case["name"][:60], "FAIL" if case_errs else "ok"))
    finally:
        rc = srv.stop()
        if rc not in (0, None):
            errs.append("hostile server exit status %s\n%s" % (rc, srv.read_log()[-3000:]))
        srv.cleanup()
    return errs
