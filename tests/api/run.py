#!/usr/bin/env python3
"""run.py - the API test runner.

Starts build/motcua on a free loopback port with a throwaway database, runs
the data cases of tests/api/cases/*.json and the scenario functions of
tests/api/scenarios_*.py, stops the server, and prints "api: N passed, N failed".

Usage: tests/api/run.py [--db URL] [--only SUBSTRING]
  --db   run against this database (a postgresql:// URL for the PostgreSQL
         backend); default: a new SQLite file in a temporary folder.
"""
import argparse
import faulthandler
import glob
import importlib.util
import json
import os
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def build_body(case):
    """The request body of a data case: "json", "raw", or "json_of_size"."""
    if "json" in case:
        return json.dumps(case["json"], ensure_ascii=False).encode()
    if "raw" in case:
        return case["raw"].encode("utf-8", "surrogateescape")
    if "json_of_size" in case:
        n = case["json_of_size"]  # {"s": "xxx..."} of exactly n bytes
        return ('{"s":"' + "x" * (n - 8) + '"}').encode()
    if "bytes_of_size" in case:
        return b"\0" * case["bytes_of_size"]
    if "nested" in case:
        d = case["nested"]
        return ("[" * d + "]" * d).encode()
    return None


def substitute(value, env):
    if isinstance(value, str):
        return env.get(value, value)
    if isinstance(value, dict):
        return {k: substitute(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, env) for v in value]
    return value


def run_case(server, case, env):
    headers = dict(case.get("headers", {}))
    body = build_body(case)
    if body is not None and "json" in case:
        headers.setdefault("Content-Type", "application/json")
    status, hdrs, data = server.request(case["method"], case["path"], body=body, headers=headers)
    exp = substitute(case["expect"], env)
    errs = []
    if status != exp["status"]:
        errs.append("status: want %s, got %s (%r)" % (exp["status"], status, data))
    for k, v in exp.get("headers", {}).items():
        errs += lib.match(v, hdrs.get(k.lower()), "header " + k)
    if "json" in exp:
        errs += lib.match(exp["json"], data)
    if "x-request-id" not in hdrs:
        errs.append("no X-Request-Id header")
    if status >= 400:
        errs += lib.match({"error": {"code": "$string", "message": "$string", "message_en": "$string",
                                     "details": "$any"}}, data)
    return errs


class Context:
    """What scenarios receive: the shared server and a way to start their own."""

    def __init__(self, server, db_url):
        self.server = server
        self.db_url = db_url

    def new_server(self, args=(), env=None, threads=2, db=None):
        return lib.Server(db=db, args=args, env=env, threads=threads)


def load_scenarios():
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "scenarios_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for fn_name in sorted(dir(mod)):
            if fn_name.startswith("test_"):
                out.append(("%s.%s" % (name, fn_name), getattr(mod, fn_name)))
    return out


TEST_TIMEOUT = float(os.environ.get("MOTCUA_TEST_TIMEOUT", "300"))


def watchdog(name, fired, label):
    """Arms a timer for the test `name` and returns the function that
    disarms it. If the test is still running after TEST_TIMEOUT seconds, the
    timer prints where every Python thread and every live server thread is,
    kills the servers the test started (which unblocks a test waiting on
    them, so it fails and the run goes on) and notes the failure in `fired`;
    if the test is still stuck a minute later, the runner exits with its
    summary line. One hung test fails with a diagnosis instead of eating the
    whole CI budget."""
    timers, before = [], set(lib.LIVE)

    def hard_exit():
        print("FAIL %s: still stuck after its servers were killed; giving up" % name)
        print("%s: 0 passed, 1 failed" % label)
        sys.stdout.flush()
        os._exit(3)

    def fire():
        fired.append("still running after %.0f s (MOTCUA_TEST_TIMEOUT): killed" % TEST_TIMEOUT)
        print("---- STUCK: %s still running after %.0f s; Python threads:" % (name, TEST_TIMEOUT))
        sys.stdout.flush()
        faulthandler.dump_traceback(file=sys.stdout, all_threads=True)
        for srv in list(lib.LIVE):
            proc = srv.proc
            if not proc or proc.poll() is not None:
                continue
            lib.dump_threads(proc.pid, "server on port %d" % srv.port)
            print("---- server log tail\n" + srv.read_log()[-3000:])
            if srv not in before:
                proc.kill()
        sys.stdout.flush()
        arm(60, hard_exit)

    def arm(seconds, fn):
        t = threading.Timer(seconds, fn)
        t.daemon = True
        t.start()
        timers.append(t)

    arm(TEST_TIMEOUT, fire)
    return lambda: [t.cancel() for t in list(timers)]


def alive(server):
    """True when the shared server answers its health check within 10 s."""
    try:
        c = server.connect(timeout=10)
        c.request("GET", "/api/v1/health")
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        server.dump_once("the shared server did not answer its health check")
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--only", default="")
    ap.add_argument("--label", default="api")
    opts = ap.parse_args()
    server = lib.Server(db=opts.db).start()
    engine = server.request("GET", "/api/v1/health")[2]["database"]
    env = {"${engine}": engine}
    passed = failed = 0

    def report(name, errs, t0):
        nonlocal passed, failed
        took = " (%.1f s)" % (time.monotonic() - t0)
        if errs:
            failed += 1
            print("FAIL %s%s" % (name, took))
            for e in errs:
                print("    " + e)
        else:
            passed += 1
            print("ok   %s%s" % (name, took))
        sys.stdout.flush()

    tests = []
    for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.json"))):
        with open(path, encoding="utf-8") as f:
            for case in json.load(f):
                name = "%s: %s" % (os.path.basename(path), case["name"])
                tests.append((name, lambda c=case: run_case(server, c, env)))
    ctx = Context(server, opts.db)
    tests += [(name, lambda fn=fn: fn(ctx) or []) for name, fn in load_scenarios()]
    try:
        for name, call in tests:
            if opts.only not in name:
                continue
            fired = []
            t0, disarm = time.monotonic(), watchdog(name, fired, opts.label)
            try:
                errs = call()
            except Exception:
                errs = [traceback.format_exc()]
            disarm()
            report(name, fired + errs, t0)
            if errs and not alive(server):
                # every later test would wait out its timeouts on it
                report("the shared server stopped answering after " + name + "; the run stops here",
                       ["see the STUCK dump above"], time.monotonic())
                break
    finally:
        rc = server.stop()
        if rc != 0:
            failed += 1
            print("FAIL server exit status %s\n%s" % (rc, server.read_log()[-3000:]))
        server.cleanup()
    print("%s: %d passed, %d failed" % (opts.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
