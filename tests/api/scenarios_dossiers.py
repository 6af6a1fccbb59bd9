"""Dossiers and the one-stop workflow (issue 6): receipt on the channels, the
state machine with its 409 answers, the clock, history, events, lookup,
codes under concurrency and after a crash."""
import re
import signal
import threading
import time

import accounts
import lib

CODE_RE = re.compile(r"^000\.00\.06\.H56-\d{6}-\d{4,}$")
PROC = "1.009374"      # a procedure of Sở KH&CN in the demo catalogue
AGENCY = "000.00.06.H56"


def applicant(n=0):
    return {"name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "0380900%05d" % n, "phone": "0912345678",
            "address": "Số 1 Lê Lợi, phường Hạc Thành"}


def submission(n=0, **extra):
    body = {"procedure_code": PROC, "agency": AGENCY, "applicant": applicant(n),
            "components": [{"name": "Đơn đề nghị cấp giấy phép", "originals": 1},
                           {"name": "Bản sao quyết định thành lập", "copies": 1}]}
    body.update(extra)
    return body


def act(session, code, action, **fields):
    body = {"action": action}
    body.update(fields)
    return session.request("POST", "/api/v1/dossiers/%s/actions" % code, body)


def test_full_journey_online_to_rating(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        s = {r: accounts.Session(srv, accounts.LOGINS[r]) for r in ("citizen", "desk_officer", "specialist",
                                                                     "leader")}
        st, _, d = s["citizen"].request("POST", "/api/v1/dossiers", submission())
        if st != 201 or d["status"] != 1 or not CODE_RE.match(d["code"]) or d["due_at"] is not None:
            return ["submit: %s %r" % (st, d)]
        code = d["code"]
        steps = [("desk_officer", "accept", {}, 2), ("desk_officer", "forward", {}, 4),
                 ("specialist", "claim", {}, 4),
                 ("specialist", "request_supplement", {"comment": "Bổ sung bản sao giấy phép cũ"}, 5),
                 ("citizen", "supplement", {}, 4),
                 ("specialist", "request_payment", {"comment": "Lệ phí 500.000 đồng"}, 6),
                 ("desk_officer", "confirm_payment", {}, 4),
                 ("leader", "approve", {"result_code": "KQ.H56.00001"}, 9),
                 ("desk_officer", "deliver", {}, 10),
                 ("citizen", "rate", {"rating": 5, "comment": "Nhanh, chu đáo"}, 10)]
        due = None
        for role, action, fields, want in steps:
            st, _, d = act(s[role], code, action, **fields)
            if st != 200 or d["status"] != want:
                errs.append("%s by %s: %s %r" % (action, role, st, d))
                break
            if action == "accept":
                due = d["due_at"]
                if not due or d["slip"] != "receipt":
                    errs.append("accept without due date or slip: %r" % d)
            if action == "request_supplement" and not d["paused"]:
                errs.append("status 5 is not paused")
            time.sleep(0.05 if action in ("request_supplement", "request_payment") else 0)
        st, _, hist = s["citizen"].request("GET", "/api/v1/dossiers/%s/history" % code)
        actions = [h["action"] for h in hist["items"]]
        if actions != ["submit"] + [x[1] for x in steps]:
            errs.append("history: %r" % actions)
        approve = [h for h in hist["items"] if h["action"] == "approve"][0]
        if approve["timeliness"] not in ("early", "on_time") or approve["from_status"] != 4:
            errs.append("approve row: %r" % approve)
        st, _, d = s["citizen"].request("GET", "/api/v1/dossiers/" + code)
        if d["rating"] != 5 or d["result_code"] != "KQ.H56.00001" or d["delivered_at"] is None:
            errs.append("final dossier: %r" % d)
        if d["allowed_actions"] != ["rate"]:
            errs.append("citizen's allowed actions after delivery: %r" % d["allowed_actions"])
        ev = accounts.Session(srv, "admin").request("GET", "/api/v1/events?after=0&limit=100")[2]["items"]
        mine = [e for e in ev if e["subject"] == code]
        if len(mine) != len(steps) + 1 or mine[0]["type"] != "dossier.created" or \
                [e["payload"]["status"] for e in mine][-1] != 10:
            errs.append("events: %r" % [(e["type"], e["payload"]["action"]) for e in mine])
        ids = [e["id"] for e in ev]
        if ids != sorted(ids) or len(set(ids)) != len(ids):
            errs.append("event ids not increasing")
    finally:
        srv.cleanup()
    return errs


def test_invalid_transitions_answer_409_with_the_allowed_actions(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        code = cit.request("POST", "/api/v1/dossiers", submission())[2]["code"]
        for action in ("forward", "approve", "deliver", "supplement", "confirm_payment", "recall", "rate", "stop"):
            st, _, b = act(desk, code, action, comment="x")
            if st != 409 or b["error"]["code"] != "invalid_transition" or \
                    sorted(b["error"]["details"]["allowed_actions"]) != ["accept", "guide_supplement", "refuse"]:
                errs.append("%s from 1: %s %r" % (action, st, b))
        st, _, b = act(desk, code, "teleport")
        if st != 400 or b["error"]["details"]["field"] != "action":
            errs.append("unknown action: %s %r" % (st, b))
        st, _, b = act(desk, code, "refuse")
        if st != 400 or b["error"]["details"]["field"] != "comment":
            errs.append("refusal without a reason: %s %r" % (st, b))
        st, _, b = act(cit, code, "accept")
        if st != 409:
            errs.append("the applicant accepted their own dossier: %s" % st)
        st, _, b = act(desk, code, "refuse", comment="Không thuộc thẩm quyền")
        if st != 200 or b["status"] != 3 or b["finished_at"] is None:
            errs.append("refuse: %s %r" % (st, b))
        if act(desk, code, "accept")[0] != 409:
            errs.append("a refused dossier was accepted")
    finally:
        srv.cleanup()
    return errs


def test_desk_receipt_of_a_postal_dossier_and_validation(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        st, _, b = desk.request("POST", "/api/v1/dossiers", submission(channel=3))
        if st != 400 or b["error"]["details"]["field"] != "postal_tracking":
            errs.append("postal without tracking: %s %r" % (st, b))
        st, _, d = desk.request("POST", "/api/v1/dossiers", submission(channel=3, postal_tracking="EB123456789VN"))
        if st != 201 or d["status"] != 2 or d["channel"] != 3 or not d["due_at"] or \
                d["postal_tracking"] != "EB123456789VN":
            errs.append("postal receipt: %s %r" % (st, d))
        st, _, d = desk.request("POST", "/api/v1/dossiers", submission(channel=1))
        if st != 201 or d["status"] != 2:
            errs.append("counter receipt: %s %r" % (st, d))
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        cases = [({"applicant": dict(applicant(), id_number="12345")}, 400, "applicant.id_number"),
                 ({"applicant": dict(applicant(), phone="12345")}, 400, "applicant.phone"),
                 ({"applicant": dict(applicant(), id_kind="passport", id_number="B1234567")}, 201, None),
                 ({"applicant": {"name": "X"}}, 400, "applicant.id_kind"),
                 ({"procedure_code": "9.999999"}, 422, "procedure_code"),
                 ({"channel": 1}, 400, "channel"),
                 ({"components": [{"name": "A", "originals": 500}]}, 400, "components.originals"),
                 ({"applicant": dict(applicant(), name="Robert'); DROP TABLE dossiers;--")}, 201, None)]
        for extra, want, field in cases:
            st, _, b = cit.request("POST", "/api/v1/dossiers", submission(**extra))
            got_field = b.get("error", {}).get("details", {}).get("field") if isinstance(b, dict) else None
            if st != want or (field and got_field != field):
                errs.append("%r: want %s %s, got %s %r" % (extra, want, field, st, b))
        st, _, b = cit.request("GET", "/api/v1/dossiers")
        if st != 200 or any(x["channel"] != 2 for x in b["items"]):
            errs.append("my dossiers lists the desk's dossiers: %r" % b)
    finally:
        srv.cleanup()
    return errs


def test_idempotency_key_returns_the_first_answer(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        a = cit.request("POST", "/api/v1/dossiers", submission(), headers={"Idempotency-Key": "k-1"})
        b = cit.request("POST", "/api/v1/dossiers", submission(), headers={"Idempotency-Key": "k-1"})
        c = cit.request("POST", "/api/v1/dossiers", submission(), headers={"Idempotency-Key": "k-2"})
        if a[0] != 201 or b[0] != 201 or a[2]["code"] != b[2]["code"] or c[2]["code"] == a[2]["code"]:
            errs.append("idempotency: %s %s %s" % (a[2].get("code"), b[2].get("code"), c[2].get("code")))
        n = srv.sql("SELECT count(*) FROM dossiers")[0][0]
        if n != "2":
            errs.append("dossiers stored: %s" % n)
    finally:
        srv.cleanup()
    return errs


def test_privacy_and_public_lookup(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        biz = accounts.Session(srv, accounts.LOGINS["business"])
        code = cit.request("POST", "/api/v1/dossiers", submission(7))[2]["code"]
        for who, sess in (("another applicant", biz), ("the editor", accounts.Session(srv, "bientap"))):
            if sess.request("GET", "/api/v1/dossiers/" + code)[0] != 404:
                errs.append("%s sees the dossier" % who)
            if act(sess, code, "withdraw")[0] != 404:
                errs.append("%s acts on the dossier" % who)
        if srv.request("GET", "/api/v1/dossiers/" + code)[0] != 401:
            errs.append("anonymous read")
        if biz.request("GET", "/api/v1/dossiers")[2]["items"]:
            errs.append("another applicant lists the dossier")
        st, _, b = srv.request("GET", "/api/v1/lookup/%s?verify=5678" % code)
        if st != 200 or b["status"] != 1 or "applicant" in b or "0912345678" in str(b):
            errs.append("lookup by phone digits: %s %r" % (st, b))
        st, _, b = srv.request("GET", "/api/v1/lookup/%s?verify=0007" % code)
        if st != 200:
            errs.append("lookup by ID digits: %s" % st)
        if srv.request("GET", "/api/v1/lookup/%s?verify=1111" % code)[0] != 404:
            errs.append("lookup with wrong digits answered")
        if srv.request("GET", "/api/v1/lookup/%s" % code)[0] != 400:
            errs.append("lookup without verify digits")
    finally:
        srv.cleanup()
    return errs


def test_concurrent_receipt_gives_unique_gap_free_codes(ctx):
    srv = accounts.demo_server(ctx)
    errs, codes, lock = [], [], threading.Lock()
    try:
        desks = [accounts.Session(srv, accounts.LOGINS["desk_officer"]) for _ in range(16)]

        def worker(sess, k):
            c = srv.connect()
            for i in range(40):
                hdr = {"Cookie": sess.cookie, "X-CSRF-Token": sess.csrf}
                st, _, d = srv.request("POST", "/api/v1/dossiers", submission(k * 100 + i, channel=1), hdr, conn=c)
                with lock:
                    if st == 201:
                        codes.append(d["code"])
                    else:
                        errs.append("status %s %r" % (st, d))
            c.close()

        threads = [threading.Thread(target=worker, args=(desks[k], k)) for k in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seqs = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
        if len(codes) != 640 or len(set(codes)) != 640 or seqs != list(range(1, 641)):
            errs.append("codes: %d, distinct %d, gap-free %s" % (len(codes), len(set(codes)),
                                                                  seqs == list(range(1, 641))))
    finally:
        srv.cleanup()
    return errs[:5]


def test_kill_9_loses_no_acknowledged_dossier(ctx):
    srv = accounts.demo_server(ctx)
    errs, acked, lock, stop = [], [], threading.Lock(), threading.Event()
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])

        def worker(k):
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    st, _, d = desk.request("POST", "/api/v1/dossiers", submission(k * 10000 + i, channel=1))
                except OSError:
                    return
                if st == 201:
                    with lock:
                        acked.append(d["code"])

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait()
        stop.set()
        for t in threads:
            t.join()
        srv.log.close()
        srv.proc = None
        srv.start()
        stored = {r[0] for r in srv.sql("SELECT code FROM dossiers")}
        missing = [c for c in acked if c not in stored]
        if not acked or missing:
            errs.append("acknowledged %d, missing %d" % (len(acked), len(missing)))
        hist = srv.sql("SELECT count(*) FROM dossiers d WHERE NOT EXISTS "
                       "(SELECT 1 FROM dossier_history h WHERE h.dossier_id = d.id)")[0][0]
        if hist != "0":
            errs.append("%s dossiers without history" % hist)
        desk2 = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        st, _, d = desk2.request("POST", "/api/v1/dossiers", submission(99999, channel=1))
        if st != 201 or d["code"] in stored:
            errs.append("after restart: %s %r (code reused: %s)" % (st, d.get("code"), d.get("code") in stored))
    finally:
        srv.cleanup()
    return errs


def test_calendar_change_moves_open_dossiers_with_a_history_row(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        admin = accounts.Session(srv, "admin")
        st, _, d = desk.request("POST", "/api/v1/dossiers", submission(channel=1))
        if st != 201:
            return ["receipt: %s %r" % (st, d)]
        due = d["due_at"][:10]
        # the first working day after receipt becomes a day off
        st, _, days = srv.request("GET", "/api/v1/calendar/due?from=%s&amount=1&unit=wd" % d["received_at"]
                                  .replace("+", "%2B"))
        day_off = days["due"][:10]
        if day_off >= due:
            return ["test setup: due %s, day off %s" % (due, day_off)]
        st, _, ov = admin.request("POST", "/api/v1/calendar/overrides",
                                  {"date": day_off, "kind": "off", "name": "Nghỉ bù thử nghiệm"})
        if st != 201 or ov.get("dossiers_moved", 0) < 1:
            errs.append("override: %s %r" % (st, ov))
        st, _, d2 = desk.request("GET", "/api/v1/dossiers/" + d["code"])
        if d2["due_at"] <= d["due_at"]:
            errs.append("due did not move: %s -> %s" % (d["due_at"], d2["due_at"]))
        hist = desk.request("GET", "/api/v1/dossiers/%s/history" % d["code"])[2]["items"]
        if hist[-1]["action"] != "calendar_changed" or hist[-1]["due_at"] != d2["due_at"]:
            errs.append("history: %r" % hist[-1])
        admin.request("DELETE", "/api/v1/calendar/overrides/" + day_off)
        d3 = desk.request("GET", "/api/v1/dossiers/" + d["code"])[2]
        if d3["due_at"] != d["due_at"]:
            errs.append("due not restored: %s vs %s" % (d3["due_at"], d["due_at"]))
    finally:
        srv.cleanup()
    return errs


def test_interagency_workflow_parallel_steps_then_leader(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        kh = accounts.Session(srv, "chuyenvien")
        xd = accounts.Session(srv, "chuyenvien.xd")
        lead = accounts.Session(srv, "lanhdao")
        st, _, d = desk.request("POST", "/api/v1/dossiers",
                                dict(submission(channel=1), procedure_code="1.011900", agency="000.06.01.H56"))
        if st != 201:
            return ["receipt: %s %r" % (st, d)]
        code = d["code"]
        if xd.request("GET", "/api/v1/dossiers/" + code)[0] != 404:
            errs.append("Sở Xây dựng sees the dossier before its step exists")
        st, _, d = act(desk, code, "forward")
        steps = desk.request("GET", "/api/v1/dossiers/" + code)[2].get("steps", [])
        if st != 200 or [s["group"] for s in steps] != [1, 1, 2] or d["step_group"] != 1 or not d["internal_due_at"]:
            errs.append("forward: %s %r %r" % (st, d.get("step_group"), steps))
        if steps and (not steps[0]["deadline_at"] or steps[2]["started_at"] is not None):
            errs.append("group 1 started, group 2 waiting: %r" % steps)
        if d.get("internal_due_at") and d["internal_due_at"] > d["due_at"]:
            errs.append("internal deadline after the appointment: %s > %s" % (d["internal_due_at"], d["due_at"]))
        if act(lead, code, "complete_step")[0] != 409:
            errs.append("the leader completed a step before group 2 started")
        st, _, d = act(kh, code, "complete_step")
        if st != 200 or d["step_group"] != 1:
            errs.append("first parallel step: %s %r" % (st, d.get("step_group")))
        if act(kh, code, "complete_step")[0] != 409:
            errs.append("the same officer completed twice")
        st, _, d = act(xd, code, "complete_step")
        if st != 200 or d["step_group"] != 2:
            errs.append("second parallel step: %s %r" % (st, d))
        st, _, d = act(lead, code, "complete_step")
        if st != 200 or d["step_group"] != 0:
            errs.append("leader step: %s %r" % (st, d.get("step_group")))
        st, _, d = act(lead, code, "approve", result_code="KQ.H56.00077")
        if st != 200 or d["status"] != 9:
            errs.append("approve: %s %r" % (st, d))
        steps = desk.request("GET", "/api/v1/dossiers/" + code)[2]["steps"]
        if any(s["completed_at"] is None or s["timeliness"] not in ("early", "on_time") for s in steps):
            errs.append("steps after completion: %r" % steps)
        hist = [h["action"] for h in desk.request("GET", "/api/v1/dossiers/%s/history" % code)[2]["items"]]
        if hist.count("complete_step") != 3:
            errs.append("history: %r" % hist)
    finally:
        srv.cleanup()
    return errs


def test_stuck_dossier_is_escalated_and_counted(ctx):
    srv = accounts.demo_server(ctx, ["--stuck-hours", "8", "--scheduler-interval", "1"])
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        lead = accounts.Session(srv, accounts.LOGINS["leader"])
        fresh = desk.request("POST", "/api/v1/dossiers", submission(1, channel=1))[2]["code"]
        old = desk.request("POST", "/api/v1/dossiers", submission(2, channel=1))[2]["code"]
        act(desk, old, "forward")
        # nobody has touched it for a week
        srv.sql("UPDATE dossiers SET last_action_at = last_action_at - 7 * 86400 WHERE code = '%s'" % old)
        deadline = time.time() + 10
        d = {}
        while time.time() < deadline:
            d = desk.request("GET", "/api/v1/dossiers/" + old)[2]
            if d.get("stuck"):
                break
            time.sleep(0.3)
        if not d.get("stuck"):
            return ["not escalated: %r" % d]
        if desk.request("GET", "/api/v1/dossiers/" + fresh)[2]["stuck"]:
            errs.append("a fresh dossier was escalated")
        hist = desk.request("GET", "/api/v1/dossiers/%s/history" % old)[2]["items"]
        if hist[-1]["action"] != "escalated" or hist[-1]["role"] != "system":
            errs.append("history: %r" % hist[-1])
        note = srv.request("GET", "/api/v1/_test/notifications?recipient=lanhdao")
        if note[0] != 200 or old not in note[2]["body"]:
            errs.append("the leader was not notified: %r" % (note,))
        stuck = lead.request("GET", "/api/v1/dossiers?stuck=1")[2]["items"]
        if [x["code"] for x in stuck] != [old]:
            errs.append("stuck filter: %r" % [x["code"] for x in stuck])
        c = lead.request("GET", "/api/v1/dossiers/counts")[2]
        if c.get("stuck") != 1 or c.get("open", 0) < 2:
            errs.append("counts: %r" % c)
        if accounts.Session(srv, "congdan@example.vn").request("GET", "/api/v1/dossiers/counts")[2]["open"] != 0:
            errs.append("a citizen counts the desk's dossiers")
        act(desk, old, "withdraw")
        if desk.request("GET", "/api/v1/dossiers/" + old)[2]["stuck"]:
            errs.append("an action did not clear the stuck flag")
    finally:
        srv.cleanup()
    return errs


def test_expected_completion_moves_while_paused(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        spec = accounts.Session(srv, accounts.LOGINS["specialist"])
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        code = cit.request("POST", "/api/v1/dossiers", submission(3))[2]["code"]
        for who, action, extra in ((desk, "accept", {}), (desk, "forward", {}),
                                   (spec, "request_supplement", {"comment": "Thiếu bản sao"})):
            act(who, code, action, **extra)
        d = cit.request("GET", "/api/v1/dossiers/" + code)[2]
        if d["status"] != 5 or d["expected_at"] < d["due_at"]:
            errs.append("paused now: %r %r" % (d["expected_at"], d["due_at"]))
        # received eight days ago, paused a week ago: the pause holds about
        # five working days, so the expected completion is later than the
        # plain due date from that receipt
        srv.sql("UPDATE dossiers SET received_at = received_at - 8 * 86400, paused_at = paused_at - 7 * 86400 "
                "WHERE code = '%s'" % code)
        d2 = cit.request("GET", "/api/v1/dossiers/" + code)[2]
        plain = srv.request("GET", "/api/v1/calendar/due?from=%s&amount=%d&unit=%s" % (
            d2["received_at"].replace("+", "%2B"), d2["time_amount"], d2["time_unit"]))[2]["due"]
        if d2["expected_at"] <= plain:
            errs.append("expected completion ignores the pause: %s, plain %s" % (d2["expected_at"], plain))
        mine = cit.request("GET", "/api/v1/dossiers")[2]["items"]
        if [x["expected_at"] for x in mine if x["code"] == code] != [d2["expected_at"]]:
            errs.append("my dossiers: %r" % [(x["code"], x["expected_at"]) for x in mine])
        act(cit, code, "supplement")
        d3 = cit.request("GET", "/api/v1/dossiers/" + code)[2]
        if d3["expected_at"] != d3["due_at"] or d3["due_at"] <= plain:
            errs.append("after the supplement: %r %r (plain %r)" % (d3["expected_at"], d3["due_at"], plain))
    finally:
        srv.cleanup()
    return errs
