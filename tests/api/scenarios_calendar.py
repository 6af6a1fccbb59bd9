"""The working calendar's yearly overrides (issue 4): administrators add,
change and delete them through the API; holidays and due dates follow at
once; every change is audited; the limits hold; readers never see a
half-built calendar while overrides change."""
import subprocess
import threading

import accounts
import lib

OV = "/api/v1/calendar/overrides"
DUE = "/api/v1/calendar/due?from=2026-02-13T09:00:00%2B07:00&amount=3&unit=wd"


def due_of(srv):
    st, _, body = srv.request("GET", DUE)
    return body.get("due") if st == 200 else "%s %r" % (st, body)


def holidays(srv, year=2026):
    st, _, body = srv.request("GET", "/api/v1/calendar/holidays?year=%d" % year)
    return {d["date"]: (d["kind"], d["name"]) for d in body["items"]} if st == 200 else {}


def expect(errs, what, got, want):
    if got != want:
        errs.append("%s: want %r, got %r" % (what, want, got))


def expect_error(errs, what, reply, status, code, field=None):
    st, _, body = reply
    err = body.get("error", {}) if isinstance(body, dict) else {}
    if st != status or err.get("code") != code or (field and err.get("details", {}).get("field") != field):
        errs.append("%s: want %s %s (field %s), got %s %r" % (what, status, code, field, st, body))
    elif not err.get("message") or not err.get("message_en"):
        errs.append("%s: the message must be in Vietnamese and English: %r" % (what, err))


def test_override_shapes_holidays_and_due_dates(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        expect(errs, "due before any override", due_of(srv), "2026-02-25T17:00:00+07:00")
        st, _, body = admin.request("POST", OV, {"date": "2026-02-21", "kind": "work", "name": "Làm bù Tết"})
        expect(errs, "create a make-up Saturday", (st, body.get("date"), body.get("kind"), body.get("name")),
               (201, "2026-02-21", "work", "Làm bù Tết"))
        expect(errs, "holidays show the make-up day", holidays(srv).get("2026-02-21"),
               ("override_work", "Làm bù Tết"))
        expect(errs, "a make-up Saturday shortens the due date", due_of(srv), "2026-02-24T17:00:00+07:00")
        notes = srv.request("GET", DUE)[2]["explanation"]
        if {"date": "2026-02-21", "kind": "override_work", "reason": "2026-02-21 Làm bù Tết (override_work)"} not in notes:
            errs.append("explanation does not name the make-up day: %r" % notes)
        st, _, body = admin.request("POST", OV, {"date": "2026-02-23", "kind": "off"})
        expect(errs, "create an extra day off", (st, body.get("kind"), body.get("name")), (201, "off", ""))
        expect(errs, "a day off without a name gets the generic one", holidays(srv).get("2026-02-23"),
               ("override_off", "Nghỉ theo quyết định"))
        expect(errs, "an extra day off lengthens the due date", due_of(srv), "2026-02-25T17:00:00+07:00")
        st, _, body = admin.request("PUT", OV + "/2026-02-23", {"kind": "off", "name": "Nghỉ thêm Tết"})
        expect(errs, "rename with PUT", (st, body.get("name")), (200, "Nghỉ thêm Tết"))
        expect(errs, "holidays show the new name", holidays(srv).get("2026-02-23"), ("override_off", "Nghỉ thêm Tết"))
        st, _, body = srv.request("GET", OV + "?year=2026")
        expect(errs, "list of 2026", (st, [(o["date"], o["kind"]) for o in body["items"]], body.get("total")),
               (200, [("2026-02-21", "work"), ("2026-02-23", "off")], 2))
        expect(errs, "list of 2027", srv.request("GET", OV + "?year=2027")[2].get("total"), 0)
        for day in ("2026-02-21", "2026-02-23"):
            st, _, body = admin.request("DELETE", OV + "/" + day)
            expect(errs, "delete " + day, (st, body.get("date")), (200, day))
        expect(errs, "delete restores the due date", due_of(srv), "2026-02-25T17:00:00+07:00")
        expect(errs, "delete restores the holidays", len(holidays(srv)), 12)
        expect_error(errs, "delete again", admin.request("DELETE", OV + "/2026-02-21"), 404, "override_not_found",
                     "date")
        expect_error(errs, "update a missing one", admin.request("PUT", OV + "/2026-02-21", {"kind": "work"}), 404,
                     "override_not_found", "date")
    finally:
        srv.cleanup()
    return errs


def test_override_rules_duplicates_and_permissions(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        sat = {"date": "2026-03-07", "kind": "work", "name": "Làm bù"}
        expect(errs, "create", admin.request("POST", OV, sat)[0], 201)
        expect_error(errs, "duplicate", admin.request("POST", OV, sat), 409, "override_exists", "date")
        expect_error(errs, "off on a Saturday changes nothing",
                     admin.request("POST", OV, {"date": "2026-03-14", "kind": "off"}), 400, "invalid_field", "kind")
        expect_error(errs, "work on a Monday changes nothing",
                     admin.request("POST", OV, {"date": "2026-03-09", "kind": "work"}), 400, "invalid_field", "kind")
        expect_error(errs, "off on Tết changes nothing",
                     admin.request("POST", OV, {"date": "2026-02-17", "kind": "off"}), 400, "invalid_field", "kind")
        expect(errs, "work on a Tết day is allowed (a decision may move a holiday)",
               admin.request("POST", OV, {"date": "2026-02-20", "kind": "work"})[0], 201)
        expect_error(errs, "PUT may not turn a Saturday make-up day into a day off",
                     admin.request("PUT", OV + "/2026-03-07", {"kind": "off"}), 400, "invalid_field", "kind")
        expect_error(errs, "PUT body date differs from the path",
                     admin.request("PUT", OV + "/2026-03-07", {"date": "2026-03-08", "kind": "work"}), 400,
                     "invalid_field", "date")
        bad = [({"date": "2026-02-30", "kind": "off"}, "date"), ({"date": "1800-01-06", "kind": "off"}, "date"),
               ({"date": "2026-3-9", "kind": "off"}, "date"), ({"kind": "off"}, "date"),
               ({"date": "2026-03-09"}, "kind"), ({"date": "2026-03-09", "kind": "holiday"}, "kind"),
               ({"date": "2026-03-09", "kind": "off", "name": "x" * 201}, "name"),
               ({"date": "2026-03-09", "kind": "off", "name": 5}, "name")]
        for body, field in bad:
            st, _, reply = admin.request("POST", OV, body)
            if st != 400 or reply["error"]["details"].get("field") != field:
                errs.append("POST %r: want 400 naming %s, got %s %r" % (body, field, st, reply))
        expect_error(errs, "bad path date", admin.request("DELETE", OV + "/2026-02-30"), 400, "invalid_field", "date")
        expect(errs, "a 200-byte name is fine",
               admin.request("POST", OV, {"date": "2026-03-09", "kind": "off", "name": "ă" * 100})[0], 201)
        for role in ("agency_admin", "desk_officer", "citizen"):
            s = accounts.Session(srv, accounts.LOGINS[role])
            expect_error(errs, role + " may not add", s.request("POST", OV, {"date": "2026-03-21", "kind": "work"}),
                         403, "forbidden")
            expect_error(errs, role + " may not delete", s.request("DELETE", OV + "/2026-03-07"), 403, "forbidden")
        expect_error(errs, "anonymous", srv.request("POST", OV, {"date": "2026-03-21", "kind": "work"}), 401,
                     "unauthenticated")
        expect_error(errs, "no CSRF token", admin.request("POST", OV, {"date": "2026-03-21", "kind": "work"},
                                                          csrf=False), 403, "csrf_failed")
        expect(errs, "the refused writes left the make-up day", holidays(srv).get("2026-03-07"),
               ("override_work", "Làm bù"))
        expect(errs, "audit rows, in order",
               srv.sql("SELECT action, object, actor FROM audit_log WHERE action LIKE 'calendar_override_%' "
                       "ORDER BY id"),
               [["calendar_override_created", "2026-03-07", "admin"],
                ["calendar_override_created", "2026-02-20", "admin"],
                ["calendar_override_created", "2026-03-09", "admin"]])
        expect(errs, "created_by", srv.sql("SELECT u.login FROM calendar_overrides o JOIN users u "
                                           "ON u.id = o.created_by WHERE o.day = 20519"), [["admin"]])
    finally:
        srv.cleanup()
    return errs


def test_overrides_survive_a_restart_and_audit_chain_holds(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        admin.request("POST", OV, {"date": "2026-02-21", "kind": "work", "name": "Làm bù Tết"})
        admin.request("PUT", OV + "/2026-02-21", {"kind": "work", "name": "Làm bù"})
        admin.request("POST", OV, {"date": "2026-12-31", "kind": "off"})
        admin.request("DELETE", OV + "/2026-12-31")
        expect(errs, "audit details",
               srv.sql("SELECT action, details FROM audit_log WHERE action LIKE 'calendar_%' ORDER BY id"),
               [["calendar_override_created", "kind=work name=Làm bù Tết"],
                ["calendar_override_updated", "kind=work->work name=Làm bù"],
                ["calendar_override_created", "kind=off name="],
                ["calendar_override_deleted", "kind=off name="]])
        srv.stop()
        srv.start()
        expect(errs, "after a restart", holidays(srv).get("2026-02-21"), ("override_work", "Làm bù"))
        expect(errs, "due after a restart", due_of(srv), "2026-02-24T17:00:00+07:00")
        srv.stop()
        ok = subprocess.run([lib.BINARY, "audit", "verify", "--db", srv.db], capture_output=True, text=True)
        if ok.returncode != 0 or "intact" not in ok.stdout:
            errs.append("audit chain: %s %r %r" % (ok.returncode, ok.stdout, ok.stderr))
    finally:
        srv.cleanup()
    return errs


def test_override_limit_of_10000(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        # 9,999 stored days off (1900-01-01 on), one short of the limit.
        srv.sql("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9998) "
                "INSERT INTO calendar_overrides (day, kind, name, created_at, updated_at) "
                "SELECT -25567 + i, 'off', '', 0, 0 FROM n")
        expect(errs, "the 10000th", admin.request("POST", OV, {"date": "2026-02-21", "kind": "work"})[0], 201)
        expect(errs, "the served calendar holds them all", holidays(srv, 1900).get("1900-01-01"),
               ("override_off", "Nghỉ theo quyết định"))
        expect_error(errs, "the 10001st", admin.request("POST", OV, {"date": "2026-02-28", "kind": "work"}), 409,
                     "too_many_overrides")
        expect(errs, "a delete makes room", admin.request("DELETE", OV + "/1900-01-01")[0], 200)
        expect(errs, "then one fits", admin.request("POST", OV, {"date": "2026-02-28", "kind": "work"})[0], 201)
        srv.stop()
        srv.start()
        expect(errs, "a restart loads 10000", due_of(srv), "2026-02-24T17:00:00+07:00")
    finally:
        srv.cleanup()
    return errs


def test_readers_during_rebuilds(ctx):
    """Due dates read while overrides change are always one of the two
    answers, never an error: each request uses one whole calendar."""
    srv = ctx.new_server(args=["--demo"] + accounts.CHEAP_HASH, threads=4).start()
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        seen, reads, stop = set(), [], threading.Event()

        def reader():
            while not stop.is_set():
                seen.add(due_of(srv))
                reads.append(1)

        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        for _ in range(25):
            admin.request("POST", OV, {"date": "2026-02-21", "kind": "work"})
            admin.request("DELETE", OV + "/2026-02-21")
        stop.set()
        for t in threads:
            t.join()
        if len(reads) < 20:
            errs.append("only %d reads ran during the rebuilds" % len(reads))
        extra = seen - {"2026-02-24T17:00:00+07:00", "2026-02-25T17:00:00+07:00"}
        if extra:
            errs.append("unexpected answers while rebuilding: %r" % extra)
        expect(errs, "the last write wins", due_of(srv), "2026-02-25T17:00:00+07:00")
    finally:
        srv.cleanup()
    return errs
