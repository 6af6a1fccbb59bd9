"""Crash safety (issue 11): SIGKILL the server at random moments under mixed
load, many times, restart it each time and check the database: integrity,
every acknowledged write, the dossier code sequences and the outbox."""
import random
import signal
import threading
import time

import accounts
import scenarios_dossiers as sd

ROUNDS = 8


def load(srv, stop, acked, actions, lock, k):
    """One client: submissions at the desk, actions on them, searches, sign-ins."""
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
    except OSError:
        return
    i = 0
    while not stop.is_set():
        i += 1
        try:
            kind = i % 4
            if kind in (0, 1):
                st, _, d = desk.request("POST", "/api/v1/dossiers", sd.submission(k * 100000 + i, channel=1))
                if st == 201:
                    with lock:
                        acked.append(d["code"])
            elif kind == 2 and acked:
                code = random.choice(acked)
                st, _, d = sd.act(desk, code, "forward")
                if st == 200:
                    with lock:
                        actions.append((code, 4))
            else:
                srv.request("GET", "/api/v1/procedures?q=giay+phep")
        except (OSError, ValueError):
            return


def check(srv, acked, actions):
    errs = []
    if not srv.db.startswith("postgres"):
        ok = srv.sql("PRAGMA integrity_check")[0][0]
        if ok != "ok":
            errs.append("integrity_check: %s" % ok)
    rows = srv.sql("SELECT code, status, id FROM dossiers")
    stored = {r[0]: int(r[1]) for r in rows}
    missing = [c for c in acked if c not in stored]
    if missing:
        errs.append("%d acknowledged dossiers missing, e.g. %s" % (len(missing), missing[:3]))
    for code, status in actions:
        if stored.get(code, 0) < status:
            errs.append("acknowledged action lost on %s" % code)
            break
    seqs = {}
    for code in stored:
        prefix, n = code.rsplit("-", 1)
        seqs.setdefault(prefix, []).append(int(n))
    for prefix, ns in seqs.items():
        if len(ns) != len(set(ns)) or sorted(ns) != list(range(1, len(ns) + 1)):
            errs.append("codes of %s not unique and gap-free" % prefix)
            break
    last = {(r[0], r[1]): int(r[2]) for r in srv.sql("SELECT a.code, s.day, s.last FROM dossier_seq s "
                                                      "JOIN agencies a ON a.id = s.agency_id")}
    for prefix, ns in seqs.items():
        agency, day = prefix.rsplit("-", 1)
        if last.get((agency, day), 0) != max(ns):
            errs.append("sequence of %s is %s, highest code %d" % (prefix, last.get((agency, day)), max(ns)))
            break
    no_event = srv.sql("SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM events e "
                       "WHERE e.subject = d.code AND e.type = 'dossier.created')")[0][0]
    no_hist = srv.sql("SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_history h "
                      "WHERE h.dossier_id = d.id)")[0][0]
    if no_event != "0" or no_hist != "0":
        errs.append("dossiers without their event: %s, without history: %s" % (no_event, no_hist))
    changes = srv.sql("SELECT count(*) FROM dossier_history")[0][0]
    events = srv.sql("SELECT count(*) FROM events")[0][0]
    if changes != events:
        errs.append("history rows %s but events %s: an event was dropped" % (changes, events))
    return errs


def test_sigkill_under_mixed_load_many_times(ctx):
    srv = accounts.demo_server(ctx)
    acked, actions, lock = [], [], threading.Lock()
    errs = []
    try:
        for rnd in range(ROUNDS):
            stop = threading.Event()
            threads = [threading.Thread(target=load, args=(srv, stop, acked, actions, lock, rnd * 10 + k))
                       for k in range(6)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.6, 1.8))
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait()
            stop.set()
            for t in threads:
                t.join()
            srv.log.close()
            srv.proc = None
            srv.start()
            errs += ["round %d: %s" % (rnd, e) for e in check(srv, acked, actions)]
            if errs:
                break
        # at least one acknowledged dossier a round on average (the ASan
        # build is several times slower than the normal one)
        if len(acked) < ROUNDS:
            errs.append("too little load to prove anything: %d dossiers acknowledged" % len(acked))
    finally:
        srv.cleanup()
    return errs
