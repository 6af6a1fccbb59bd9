"""Slips and the dossier register as PDF (issue 7): every slip kind from a
dossier driven through the workflow with the demo accounts, read back with
pdftotext; the receipt's QR code decoded with zbarimg after pdftoppm; who may
fetch what; hostile text; the register; rendering off the event loop."""
import datetime
import os
import subprocess
import tempfile
import threading
import time

import accounts
import scenarios_dossiers as sd

PUBLIC = "https://dichvucong.thanhhoa.example.vn"
RLO = "\u202e"


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", f.name, "-"], capture_output=True,
                              check=True).stdout.decode()


def qr_codes(data):
    with tempfile.TemporaryDirectory() as d:
        pdf = os.path.join(d, "s.pdf")
        with open(pdf, "wb") as f:
            f.write(data)
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", pdf, os.path.join(d, "p")],
                       check=True, capture_output=True)
        png = [os.path.join(d, n) for n in os.listdir(d) if n.endswith(".png")][0]
        out = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True).stdout.decode()
        return out.split()


def slip(session, code, kind):
    return session.request("GET", "/api/v1/dossiers/%s/slips/%s.pdf" % (code, kind))


def vn_date(iso):
    return datetime.datetime.fromisoformat(iso).strftime("%d/%m/%Y")


def check_pdf(errs, what, st, h, data, texts):
    if st != 200 or h.get("content-type") != "application/pdf" or not data[:5] == b"%PDF-":
        errs.append("%s: %s %r" % (what, st, data[:200]))
        return ""
    text = " ".join(pdf_text(data).split())  # table cells wrap: compare with spaces folded
    for t in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"] + texts:
        if t not in text:
            errs.append("%s: %r missing from the text" % (what, t))
    return text


def journey(srv):
    s = {r: accounts.Session(srv, accounts.LOGINS[r]) for r in ("citizen", "desk_officer", "specialist", "leader")}
    st, _, d = s["citizen"].request("POST", "/api/v1/dossiers", sd.submission(7))
    code = d["code"]
    out = {}
    for role, action, fields in [("desk_officer", "accept", {}), ("desk_officer", "forward", {}),
                                 ("specialist", "claim", {}),
                                 ("specialist", "request_supplement", {"comment": "Bổ sung bản sao giấy phép cũ"}),
                                 ("citizen", "supplement", {}),
                                 ("specialist", "request_payment", {"comment": "Lệ phí 500.000 đồng"}),
                                 ("desk_officer", "confirm_payment", {})]:
        st, _, d = sd.act(s[role], code, action, **fields)
        out[action] = d
    due = datetime.datetime.fromisoformat(d["due_at"]) + datetime.timedelta(days=5)
    st, _, d = sd.act(s["specialist"], code, "apologize", comment="Chờ ý kiến thẩm định của Sở Tư pháp",
                      new_due_at=due.isoformat())
    out["apologize"] = d
    for role, action, fields in [("leader", "approve", {"result_code": "KQ.H56.00077"}), ("desk_officer", "deliver", {})]:
        st, _, d = sd.act(s[role], code, action, **fields)
        out[action] = d
    return s, code, out


def test_every_slip_of_a_full_journey(ctx):
    srv = accounts.demo_server(ctx, ["--public-url", PUBLIC + "/"])
    errs = []
    try:
        s, code, out = journey(srv)
        desk = s["desk_officer"]
        st, h, data = slip(desk, code, "receipt")
        text = check_pdf(errs, "receipt", st, h, data,
                         ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", code, "Nguyễn Văn An",
                          "Đơn đề nghị cấp giấy phép", "Bản sao quyết định thành lập", "Sở Khoa học và Công nghệ",
                          vn_date(out["accept"]["due_at"]), vn_date(out["accept"]["received_at"]), "Mẫu số 01"])
        if text and ("Thanh Hóa, ngày" not in text or "03/2025/TT-VPCP" not in text):
            errs.append("receipt: place, date or circular missing")
        if data[:5] == b"%PDF-" and qr_codes(data) != [PUBLIC + "/tra-cuu/" + code]:
            errs.append("receipt QR: %r" % qr_codes(data))
        kinds = {"supplement_request": ["PHIẾU YÊU CẦU BỔ SUNG", "Bổ sung bản sao giấy phép cũ"],
                 "payment_request": ["NGHĨA VỤ TÀI CHÍNH", "Lệ phí 500.000 đồng"],
                 "apology": ["PHIẾU XIN LỖI", "Chờ ý kiến thẩm định của Sở Tư pháp",
                             # the old appointment is the one just before the apology: each pause moved
                             # it by the working time paused, and one second past 17:00 is the next day
                             vn_date(out["apologize"]["due_at"]), vn_date(out["confirm_payment"]["due_at"])],
                 "result_receipt": ["PHIẾU TRẢ KẾT QUẢ", "KQ.H56.00077"],
                 "control_sheet": ["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Chuyển cơ quan giải quyết",
                                   "Nguyễn Thị Lan", "Trần Văn Minh", "Phê duyệt kết quả", "Trả kết quả"]}
        for kind, texts in kinds.items():
            st, h, data = slip(desk, code, kind)
            check_pdf(errs, kind, st, h, data, [code] + texts)
        st, _, b = slip(desk, code, "refusal")
        if st != 409 or b["error"]["code"] != "slip_not_issued":
            errs.append("refusal of an accepted dossier: %s %r" % (st, b))
        st, _, b = slip(desk, code, "teleport")
        if st != 404 or b["error"]["code"] != "slip_unknown":
            errs.append("unknown kind: %s %r" % (st, b))
        if desk.request("GET", "/api/v1/dossiers/%s/slips/receipt" % code)[0] != 404:
            errs.append("a slip without .pdf was served")
    finally:
        srv.cleanup()
    return errs


def test_refusal_and_stop_notice_and_the_older_rule_set(ctx):
    srv = accounts.demo_server(ctx, ["--slip-rules", "01/2018"])
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        lead = accounts.Session(srv, accounts.LOGINS["leader"])
        code = cit.request("POST", "/api/v1/dossiers", sd.submission(8))[2]["code"]
        sd.act(desk, code, "refuse", comment="Không thuộc thẩm quyền giải quyết")
        st, h, data = slip(cit, code, "refusal")
        check_pdf(errs, "refusal", st, h, data, ["PHIẾU TỪ CHỐI", "Không thuộc thẩm quyền giải quyết", code,
                                                  "01/2018/TT-VPCP"])
        code2 = desk.request("POST", "/api/v1/dossiers", sd.submission(9, channel=1))[2]["code"]
        sd.act(desk, code2, "forward")
        sd.act(lead, code2, "stop", comment="Hồ sơ giả mạo giấy tờ")
        st, h, data = slip(desk, code2, "stop_notice")
        check_pdf(errs, "stop_notice", st, h, data, ["THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ", "Hồ sơ giả mạo giấy tờ"])
        st, h, data = slip(desk, code2, "receipt")
        text = check_pdf(errs, "receipt 01/2018", st, h, data, ["Hình thức (bản chính, bản sao, bản photo)",
                                                                "1 bản chính"])
        if "Bản sao có chứng thực" in text:
            errs.append("the 01/2018 receipt has the 03/2025 table")
    finally:
        srv.cleanup()
    return errs


def test_who_may_fetch_slips(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        biz = accounts.Session(srv, accounts.LOGINS["business"])
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        code = cit.request("POST", "/api/v1/dossiers", sd.submission(10))[2]["code"]
        sd.act(desk, code, "accept")
        checks = [(cit, "receipt", 200), (cit, "control_sheet", 403), (biz, "receipt", 404),
                  (accounts.Session(srv, "chuyenvien.xd"), "receipt", 404),
                  (accounts.Session(srv), "receipt", 401), (desk, "control_sheet", 200)]
        for who, kind, want in checks:
            st = slip(who, code, kind)[0]
            if st != want:
                errs.append("%s %s: want %s, got %s" % (who.cookie and "session" or "anonymous", kind, want, st))
        if slip(cit, "000.00.06.H56-200101-9999", "receipt")[0] != 404:
            errs.append("unknown dossier: not 404")
    finally:
        srv.cleanup()
    return errs


def test_hostile_text_renders_or_is_cut_and_never_blocks(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        name = "Nguyễn Văn " + RLO + "An 😀 שלום" + "\u200b" * 5 + "Ư" * 60
        app = dict(sd.applicant(11), name=name)
        st, _, d = desk.request("POST", "/api/v1/dossiers", sd.submission(11, channel=1, applicant=app))
        if st != 201:
            return ["hostile name refused: %s %r" % (st, d)]
        code = d["code"]
        sd.act(desk, code, "forward", comment="x")
        # what the API refuses may still arrive by import or an older version: put it in the row
        srv.sql("UPDATE dossiers SET owner_name = 'Chủ \x07hồ sơ \x1b[31m' WHERE code = '%s'" % code)
        piece = ("Lý do \u202e\u001b[2J 😀🇻🇳 " + "ắ" * 50 + "\r\n").replace("'", "''")  # 1,500 times: ~100,000 characters
        if srv.db.startswith("postgres"):
            evil = "repeat('%s', 1500)" % piece
        else:
            evil = "replace(hex(zeroblob(1500)), '00', '%s')" % piece
        srv.sql("UPDATE dossier_history SET comment = %s, actor = substr(%s, 1, 50000) WHERE action = 'forward'"
                % (evil, evil))
        t = time.time()
        st, h, data = slip(desk, code, "receipt")
        text = check_pdf(errs, "hostile receipt", st, h, data, ["Nguyễn Văn An ? ????", "ƯƯƯƯƯƯ"])
        if RLO in text or "\u0007" in text:
            errs.append("control or bidi characters reached the PDF")
        slow = {}

        def heavy():
            t0 = time.time()
            r = slip(desk, code, "control_sheet")
            slow["st"], slow["s"], slow["data"] = r[0], time.time() - t0, r[2]

        th = threading.Thread(target=heavy)
        th.start()
        lat = []
        while th.is_alive() and len(lat) < 50:
            t0 = time.time()
            srv.request("GET", "/api/v1/health")
            lat.append(time.time() - t0)
            time.sleep(0.01)
        th.join()
        if slow.get("st") != 200 or slow["s"] > 5:
            errs.append("hostile control sheet: %s in %.2f s" % (slow.get("st"), slow.get("s", 0)))
        else:
            text = pdf_text(slow["data"])
            if "ký tự)" not in text or RLO in text:
                errs.append("the cut of a 100,000-character comment is not announced")
        if lat and max(lat) > 0.5:
            errs.append("health waited %.2f s while a slip rendered" % max(lat))
        if time.time() - t > 15:
            errs.append("hostile slips took %.1f s" % (time.time() - t))
    finally:
        srv.cleanup()
    return errs


def test_register_for_a_period_and_an_agency(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        codes = [desk.request("POST", "/api/v1/dossiers", sd.submission(20 + i, channel=1))[2]["code"]
                 for i in range(3)]
        today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).strftime("%Y-%m-%d")
        lead = accounts.Session(srv, accounts.LOGINS["leader"])
        path = "/api/v1/registers/dossiers.pdf?agency=000.00.06.H56&from=%s&to=%s" % (today, today)
        st, h, data = lead.request("GET", path)
        check_pdf(errs, "register", st, h, data, ["SỔ THEO DÕI HỒ SƠ", "Số hồ sơ: 3", "Sở Khoa học và Công nghệ",
                                                  "Nguyễn Văn An"] + codes)
        for q, want in [("agency=000.00.06.H56&from=2026-02-30&to=2026-03-01", 400),
                        ("agency=000.00.06.H56&from=2026-03-01&to=2026-01-01", 400),
                        ("agency=000.00.06.H56&from=2024-01-01&to=2026-01-01", 400),
                        ("agency=000.00.15.H56&from=2026-01-01&to=2026-01-02", 403),
                        ("agency=999.99.99.X99&from=2026-01-01&to=2026-01-02", 404)]:
            st = lead.request("GET", "/api/v1/registers/dossiers.pdf?" + q)[0]
            if st != want:
                errs.append("register %s: want %s, got %s" % (q, want, st))
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        if cit.request("GET", path)[0] != 403:
            errs.append("a citizen read the register")
    finally:
        srv.cleanup()
    return errs
