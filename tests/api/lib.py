"""lib.py - the API test toolkit: start a live server, send requests, compare.

Used by tests/api/run.py. Only the Python standard library is needed."""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.abspath(os.environ.get("MOTCUA_BIN", os.path.join(ROOT, "build", "motcua")))
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Every external command a test runs ends within five minutes or fails the
# test (TimeoutExpired): a stuck child must not hold the run (tests may pass
# their own shorter timeout).
_subprocess_run = subprocess.run


def _bounded_run(*args, **kwargs):
    kwargs.setdefault("timeout", 300)
    return _subprocess_run(*args, **kwargs)


subprocess.run = _bounded_run

LIVE = set()  # servers started and not yet stopped (the watchdog of run.py inspects them)


def dump_threads(pid, why):
    """Prints `why` and where every thread of process `pid` is (gdb), for a
    server that stopped answering: the test log then shows a deadlock's
    stacks instead of only a timeout. test.sh prints from the first
    '---- STUCK' line on when a stage fails."""
    print("---- STUCK: %s; threads of pid %d:" % (why, pid))
    sys.stdout.flush()
    try:
        out = subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "thread apply all bt 12"],
                             capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError) as e:
        out = "gdb: %r" % e
    print("\n".join(ln for ln in out.splitlines() if ln.startswith(("#", "Thread "))))
    sys.stdout.flush()

PG_BASE = os.environ.get("MOTCUA_TEST_PG")  # set by tests/pg/with-postgres.sh
_db_counter = [0]


def fresh_database(tmp):
    """A new empty database: a SQLite file in tmp, or a new PostgreSQL database
    in the throwaway cluster when MOTCUA_TEST_PG is set."""
    if not PG_BASE:
        return os.path.join(tmp, "test.db")
    _db_counter[0] += 1
    name = "t%d_%d" % (os.getpid(), _db_counter[0])
    subprocess.run(["psql", "-q", PG_BASE + "/postgres", "-c", "CREATE DATABASE " + name], check=True,
                   capture_output=True)
    return "%s/%s" % (PG_BASE, name)


def sql(db, query):
    """Runs one SQL statement on a test database (SQLite path or PostgreSQL URL);
    returns the rows as lists of strings."""
    if db.startswith("postgres"):
        out = subprocess.run(["psql", "-qAt", "-F", "\t", db, "-c", query], check=True, capture_output=True,
                             text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]
    import sqlite3
    con = sqlite3.connect(db)
    rows = [[str(c) for c in r] for r in con.execute(query).fetchall()]
    con.commit()
    con.close()
    return rows


class Server:
    """A motcua server on a free loopback port with a throwaway database."""

    def __init__(self, db=None, args=(), env=None, threads=2):
        self.tmp = tempfile.mkdtemp(prefix="motcua-api-")
        self.port = free_port()
        self.db = db or fresh_database(self.tmp)
        self.args = list(args)
        self.env = env or {}
        self.threads = threads
        self.proc = None
        self.dumped = False
        self.log_path = os.path.join(self.tmp, "server.log")

    def start(self):
        cmd = [BINARY, "serve", "--listen", "127.0.0.1:%d" % self.port, "--db", self.db,
               "--files", os.path.join(self.tmp, "files"), "--threads", str(self.threads),
               "--test-hooks", "--access-log", os.path.join(self.tmp, "access.log")] + self.args
        env = dict(os.environ)
        env.update(self.env)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp)
        LIVE.add(self)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with %s:\n%s" % (self.proc.returncode, self.read_log()))
            try:
                st, _, _ = self.request("GET", "/api/v1/health")
                if st == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        # never leave a server that did not come up running (a sanitizer
        # runtime that fails to map its shadow memory may loop forever)
        self.proc.kill()
        self.proc.wait()
        LIVE.discard(self)
        raise RuntimeError("server did not answer within 20 s:\n" + self.read_log()[-3000:])

    def sql(self, query):
        return sql(self.db, query)

    def dump_once(self, why):
        """Prints where the running server's threads are, the first time it
        stops answering (later timeouts would only repeat it)."""
        if self.proc and self.proc.poll() is None and not self.dumped:
            self.dumped = True
            dump_threads(self.proc.pid, why)

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if not self.proc:
            return None
        if self.proc.poll() is not None and self.proc.returncode != 0:
            # it died on its own: show why (sanitizer reports, panics)
            print("server on port %d exited with %s; log tail:\n%s" % (self.port, self.proc.returncode,
                                                                          self.read_log()[-4000:]))
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        self.log.close()
        self.proc = None
        LIVE.discard(self)
        return rc

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def connect(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        """Returns (status, headers dict with lowercase names, parsed JSON or raw bytes)."""
        own = conn is None
        c = conn or self.connect()
        hdrs = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        try:
            c.request(method, path, body=body, headers=hdrs)
            r = c.getresponse()
        except socket.timeout:
            self.dump_once("no answer to %s %s within the client's timeout" % (method, path))
            raise
        raw = r.read()
        h = {k.lower(): v for k, v in r.getheaders()}
        if own:
            c.close()
        data = raw
        if h.get("content-type", "").startswith("application/json") and raw:
            data = json.loads(raw)
        return r.status, h, data


def match(expected, got, path="$"):
    """Checks that got contains expected (dict keys are a subset; lists equal
    in length). Markers: "$any", "$int", "$string", "$iso8601", "$null"."""
    if isinstance(expected, str) and expected.startswith("$"):
        ok = {
            "$any": lambda v: True,
            "$int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "$string": lambda v: isinstance(v, str) and v != "",
            "$iso8601": lambda v: isinstance(v, str) and ISO_RE.match(v) is not None,
            "$null": lambda v: v is None,
        }[expected](got)
        return [] if ok else ["%s: want %s, got %r" % (path, expected, got)]
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return ["%s: want an object, got %r" % (path, got)]
        errs = []
        for k, v in expected.items():
            if k not in got:
                errs.append("%s.%s: missing" % (path, k))
            else:
                errs += match(v, got[k], "%s.%s" % (path, k))
        return errs
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return ["%s: want a list of %d, got %r" % (path, len(expected), got)]
        errs = []
        for i, (e, g) in enumerate(zip(expected, got)):
            errs += match(e, g, "%s[%d]" % (path, i))
        return errs
    return [] if expected == got else ["%s: want %r, got %r" % (path, expected, got)]


def raw_exchange(port, data, timeout=10, read_all=True):
    """Sends raw bytes and returns what the server answered (until close or timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
                if not read_all:
                    break
        except socket.timeout:
            pass
        return b"".join(chunks)
