#!/usr/bin/env python3
"""client.py - the load and the verdict of tests/ha/failover.sh.

Submits dossiers through the HTTP front as the demo citizen from several
threads. Each submission has its own Idempotency-Key and applicant id number
and is retried with the same key until it is answered 201 (connection errors,
5xx and 429 are retried, as a real client would). After a few seconds it runs
the --kill command (the primary's node dies), keeps submitting until 201s come
back, goes on a little longer, then checks in the database (the new primary):

  - every code answered 201 is there exactly once, with its applicant;
  - no submission (applicant id number) was stored twice;
  - the first 201 for a submission sent after the kill came within --bound s.
Exit 0 when all hold."""
import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse

PROC = "1.009374"
AGENCY = "000.00.06.H56"


def body(worker, seq):
    return {"procedure_code": PROC, "agency": AGENCY, "channel": 2,
            "applicant": {"name": "Thử Chuyển Đổi", "id_kind": "cccd", "id_number": "0%02d%09d" % (worker, seq),
                          "phone": "0912345678", "address": "Số 1 Lê Lợi"},
            "components": [{"name": "Đơn đề nghị", "originals": 1}]}


class Front:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.cookie = self.csrf = None

    def request(self, method, path, payload=None, headers=None, timeout=10):
        c = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            h = {"Content-Type": "application/json"}
            if self.cookie:
                h["Cookie"] = self.cookie
                h["X-CSRF-Token"] = self.csrf
            h.update(headers or {})
            c.request(method, path, json.dumps(payload, ensure_ascii=False).encode() if payload else None, h)
            r = c.getresponse()
            raw = r.read()
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                data = None
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
        finally:
            c.close()

    def login(self, deadline):
        while time.time() < deadline:
            try:
                st, h, d = self.request("POST", "/api/v1/auth/login",
                                        {"login": "congdan@example.vn", "password": "Motcua@2026"})
                if st == 200:
                    self.cookie = h["set-cookie"].split(";", 1)[0]
                    self.csrf = d["csrf_token"]
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False


class Load:
    def __init__(self, front, workers):
        self.front = front
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked = []     # (key, code, id_number, started, answered)
        self.failures = {}  # status or error name -> count
        self.threads = [threading.Thread(target=self.run, args=(w,), daemon=True) for w in range(workers)]

    def run(self, worker):
        seq = 0
        while not self.stop.is_set():
            seq += 1
            key = "ha-%d-%d" % (worker, seq)
            b = body(worker, seq)
            while not self.stop.is_set():
                started = time.time()
                try:
                    st, _, d = self.front.request("POST", "/api/v1/dossiers", b, {"Idempotency-Key": key})
                    what = st
                except (OSError, http.client.HTTPException) as e:
                    st, d, what = 0, None, type(e).__name__
                if st == 201:
                    with self.lock:
                        self.acked.append((key, d["code"], b["applicant"]["id_number"], started, time.time()))
                    break
                with self.lock:
                    self.failures[what] = self.failures.get(what, 0) + 1
                if st and st < 500 and st != 429:
                    print("ha client: %s answered %s %r" % (key, st, d), file=sys.stderr)
                    self.stop.set()
                    return
                time.sleep(0.1)

    def acked_since(self, t):
        with self.lock:
            return [a for a in self.acked if a[3] >= t]


def psql(db, query):
    out = subprocess.run(["psql", "-qAt", "-F", "\t", db, "-c", query], check=True, capture_output=True,
                         text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--kill", required=True, help="bash command that kills the primary")
    ap.add_argument("--bound", type=float, default=30)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--before", type=float, default=5, help="seconds of load before the kill")
    ap.add_argument("--after", type=float, default=5, help="seconds of load after service is back")
    ap.add_argument("--standby-rest", help="Patroni REST URL of the standby (to time the promotion)")
    a = ap.parse_args()

    front = Front(a.url)
    if not front.login(time.time() + 20):
        print("ha client: cannot sign in")
        return 1
    load = Load(front, a.workers)
    for t in load.threads:
        t.start()
    time.sleep(a.before)
    before = len(load.acked)
    t_kill = time.time()
    subprocess.run(["bash", "-c", a.kill], check=True)
    print("ha client: %d dossiers acknowledged in %.0f s before the kill; primary killed" % (before, a.before))
    promoted = None
    deadline = t_kill + max(3 * a.bound, 60)
    while time.time() < deadline and not load.stop.is_set():
        if promoted is None and a.standby_rest:
            try:
                c = http.client.HTTPConnection(urllib.parse.urlparse(a.standby_rest).hostname,
                                               urllib.parse.urlparse(a.standby_rest).port, timeout=1)
                c.request("GET", "/primary")
                if c.getresponse().status == 200:
                    promoted = time.time() - t_kill
                c.close()
            except OSError:
                pass
        if load.acked_since(t_kill):
            break
        time.sleep(0.05)
    back = load.acked_since(t_kill)
    recovery = min(x[4] for x in back) - t_kill if back else None
    if back:
        time.sleep(a.after)
    load.stop.set()
    for t in load.threads:
        t.join(15)

    errs = []
    acked = list(load.acked)
    if recovery is None:
        errs.append("no 201 within %.0f s of the kill" % (deadline - t_kill))
    elif recovery > a.bound:
        errs.append("service back after %.1f s, bound %.0f s" % (recovery, a.bound))
    rows = psql(a.db, "SELECT code, applicant_id FROM dossiers WHERE applicant_name = 'Thử Chuyển Đổi'")
    stored = {}
    per_applicant = {}
    for code, ident in rows:
        stored[code] = stored.get(code, 0) + 1
        per_applicant[ident] = per_applicant.get(ident, 0) + 1
    missing = [c for _, c, _, _, _ in acked if stored.get(c, 0) != 1]
    if missing:
        errs.append("%d acknowledged code(s) not stored exactly once: %s" % (len(missing), missing[:5]))
    holder = dict(rows)
    wrong = [c for _, c, ident, _, _ in acked if c in holder and holder[c] != ident][:5]
    if wrong:
        errs.append("acknowledged codes holding another submission: %s" % wrong)
    twice = [i for i, n in per_applicant.items() if n > 1]
    if twice:
        errs.append("%d submission(s) stored twice (Idempotency-Key not honoured): %s" % (len(twice), twice[:5]))
    codes = [c for _, c, _, _, _ in acked]
    if len(set(codes)) != len(codes):
        errs.append("one code acknowledged for two submissions")
    print("ha client: %d acknowledged (201), %d stored, retried answers: %s" %
          (len(acked), len(rows), json.dumps(load.failures, sort_keys=True)))
    if promoted is not None:
        print("ha client: standby promoted (Patroni /primary 200) %.1f s after the kill" % promoted)
    if recovery is not None:
        print("ha client: first 201 after the kill: %.1f s (bound %.0f s)" % (recovery, a.bound))
    for e in errs:
        print("ha client: FAIL: " + e)
    if not errs:
        print("ha client: every acknowledged dossier is stored exactly once, none twice")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
