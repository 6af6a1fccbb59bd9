"""Statutory reports (issue 9): a constructed first quarter of 2024 whose every
Biểu 06 column is worked out by hand below (carried-over, withdrawn, paused,
stopped, no-due-date and boundary-day cases), checked in JSON, CSV, XLSX (read
back with zipfile + ElementTree), PDF (pdftotext), the drill-down lists, the
postal figures, the Decision 766 numerators, the dashboard and who may see what."""
import csv
import datetime
import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile

import accounts

Q = "from=2024-01-01&to=2024-03-31"
KHCN = "000.00.06.H56"   # Sở KH&CN (department: province level)
XA = "000.31.02.H56"     # a commune
VN = datetime.timezone(datetime.timedelta(hours=7))


def t(s):
    """'2024-01-10 09:00' in Vietnam time -> epoch seconds (None stays None)."""
    if s is None:
        return None
    return int(datetime.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=VN).timestamp())


# (name, count, where, channel, status, received, due, finished, delivered, columns it adds to)
# where: "p" = a province procedure (Báo chí) at Sở KH&CN, "c" = a commune procedure (Hộ tịch) at the commune.
CASES = [
    ("online, resolved early", 40, "p", 2, 10, "2024-01-10 09:00", "2024-01-20 17:00", "2024-01-15 10:00", None, [4, 8]),
    ("direct, resolved on the due day", 30, "p", 1, 9, "2024-02-01 09:00", "2024-02-10 17:00", "2024-02-10 16:00",
     None, [5, 9]),
    ("postal, resolved late, returned by post", 20, "p", 3, 10, "2024-02-05 09:00", "2024-02-15 17:00",
     "2024-02-16 09:00", "2024-02-17 10:00", [5, 10]),
    ("carried over, still open, overdue", 25, "p", 1, 4, "2023-12-20 09:00", "2024-01-05 17:00", None, None, [6, 13]),
    ("withdrawn in the period", 15, "p", 2, 7, "2024-03-01 09:00", "2024-03-10 17:00", "2024-03-05 09:00", None,
     [4, 9]),
    ("paused for a supplement, past its due date", 10, "p", 1, 5, "2024-03-10 09:00", "2024-03-20 17:00", None, None,
     [5, 12]),
    ("no due date, open", 12, "p", 2, 4, "2024-03-15 09:00", None, None, None, [4, 12]),
    ("received on the last evening", 8, "p", 1, 2, "2024-03-31 23:30", "2024-04-10 17:00", None, None, [5, 12]),
    ("received the day after", 9, "p", 1, 2, "2024-04-01 00:00", "2024-04-10 17:00", None, None, []),
    ("finished before the period", 7, "p", 2, 10, "2023-12-01 09:00", "2023-12-20 17:00", "2023-12-28 09:00", None,
     []),
    ("carried over, resolved late in the period", 6, "p", 2, 10, "2023-12-15 09:00", "2023-12-29 17:00",
     "2024-01-03 09:00", None, [6, 10]),
    ("open, due on the last day", 5, "p", 1, 4, "2024-03-20 09:00", "2024-03-31 17:00", None, None, [5, 12]),
    ("open, due the day before the last", 4, "p", 1, 4, "2024-03-20 09:00", "2024-03-30 17:00", None, None, [5, 13]),
    ("submitted online, never accepted", 6, "p", 2, 1, None, None, None, None, []),
    ("refused at the desk", 5, "p", 1, 3, None, None, "2024-02-01 10:00", None, []),
    ("stopped in the period", 3, "p", 1, 8, "2024-02-20 09:00", "2024-03-01 17:00", "2024-02-25 09:00", None, [5, 12]),
    ("resolved after the period", 5, "p", 2, 10, "2024-03-05 09:00", "2024-03-15 17:00", "2024-04-05 09:00", None,
     [4, 13]),
    ("commune, online, on time", 50, "c", 2, 10, "2024-01-20 09:00", "2024-01-25 17:00", "2024-01-25 08:00", None,
     [4, 9]),
    ("commune, postal, early, returned by post", 30, "c", 3, 10, "2024-02-10 09:00", "2024-02-20 17:00",
     "2024-02-19 09:00", "2024-02-21 09:00", [5, 8]),
]

# Worked out by hand from CASES (not computed from them):
#   province / Báo chí: 4 = 40+15+12+5 = 72; 5 = 30+20+10+8+3+5+4 = 80; 6 = 25+6 = 31; 3 = 183;
#     8 = 40; 9 = 30+15 = 45; 10 = 20+6 = 26; 7 = 111; 12 = 10+12+8+5+3 = 38; 13 = 25+4+5 = 34; 11 = 72
#   commune / Hộ tịch: 4 = 50; 5 = 30; 6 = 0; 3 = 80; 8 = 30; 9 = 50; 10 = 0; 7 = 80; 11 = 12 = 13 = 0
PROVINCE = {3: 183, 4: 72, 5: 80, 6: 31, 7: 111, 8: 40, 9: 45, 10: 26, 11: 72, 12: 38, 13: 34}
COMMUNE = {3: 80, 4: 50, 5: 30, 6: 0, 7: 80, 8: 30, 9: 50, 10: 0, 11: 0, 12: 0, 13: 0}
TOTAL = {c: PROVINCE[c] + COMMUNE[c] for c in PROVINCE}
EXPECTED_TOTAL = {3: 263, 4: 122, 5: 110, 6: 31, 7: 191, 8: 70, 9: 95, 10: 26, 11: 72, 12: 38, 13: 34}


def load_scenario(srv):
    """Inserts the dossiers of CASES straight into the database; returns how many."""
    ids = {}
    for where, field, agency in (("p", "Báo chí", KHCN), ("c", "Hộ tịch", XA)):
        pid = srv.sql("SELECT p.id FROM procedures p JOIN agencies a ON a.id = p.agency_id WHERE p.is_latest = 1 "
                      "AND p.field = '%s' AND a.code = '%s' ORDER BY p.id LIMIT 1" % (field, agency))[0][0]
        aid = srv.sql("SELECT id FROM agencies WHERE code = '%s'" % agency)[0][0]
        ids[where] = (int(pid), int(aid))
    rows = []
    n = 0
    for name, count, where, channel, status, rec, due, fin, dlv, _ in CASES:
        pid, aid = ids[where]
        for _ in range(count):
            n += 1
            vals = [t(rec), t(due), t(fin), t(dlv)]
            submitted = t(rec) or t("2024-01-01 08:00")
            rows.append("('R-%05d', %d, %d, 'R.%s', %d, %d, 'person', 'Người Thử', 'cccd', '001234567890', %d, %s, %d, %d)"
                        % (n, aid, pid, where, channel, status, submitted,
                           ", ".join("NULL" if v is None else str(v) for v in vals), aid, submitted))
    for i in range(0, len(rows), 100):
        srv.sql("INSERT INTO dossiers (code, agency_id, procedure_id, procedure_code, channel, status, applicant_kind, "
                "applicant_name, applicant_id_kind, applicant_id, submitted_at, received_at, due_at, finished_at, "
                "delivered_at, processing_agency_id, last_action_at) VALUES " + ", ".join(rows[i:i + 100]))
    return n


def values(row):
    return {int(k[1:]): v for k, v in row["values"].items()}


def check_cols(errs, what, want, got):
    for c in range(3, 14):
        if want[c] != got.get(c):
            errs.append("%s column %d: want %s, got %s" % (what, c, want[c], got.get(c)))


def test_bieu06_by_hand_in_every_format(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        total_rows = load(srv)
        if total_rows != sum(c[1] for c in CASES):
            errs.append("loaded %d rows" % total_rows)
        if TOTAL != EXPECTED_TOTAL:
            errs.append("the hand totals disagree: %r" % TOTAL)
        admin = accounts.Session(srv, "admin")
        st, _, d = admin.request("GET", "/api/v1/reports/bieu06?" + Q)
        if st != 200:
            return ["bieu06: %s %r" % (st, d)]
        kinds = [(r["kind"], r["stt"], r.get("level"), r["field"]) for r in d["rows"]]
        want_kinds = [("subtotal", "I", "province", None), ("line", "1", "province", "Báo chí"),
                      ("subtotal", "II", "commune", None), ("line", "1", "commune", "Hộ tịch"), ("total", "", None, None)]
        if kinds != want_kinds:
            errs.append("rows: %r" % kinds)
        else:
            check_cols(errs, "province subtotal", PROVINCE, values(d["rows"][0]))
            check_cols(errs, "Báo chí", PROVINCE, values(d["rows"][1]))
            check_cols(errs, "commune subtotal", COMMUNE, values(d["rows"][2]))
            check_cols(errs, "Hộ tịch", COMMUNE, values(d["rows"][3]))
            check_cols(errs, "total", EXPECTED_TOTAL, values(d["rows"][4]))
        if d["checks"]["ok"] is not True or d["period"] != {"from": "2024-01-01", "to": "2024-03-31"}:
            errs.append("checks / period: %r %r" % (d["checks"], d["period"]))
        # filters: one level, one field
        st, _, d = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&level=commune")
        check_cols(errs, "level=commune total", COMMUNE, values(d["rows"][-1]))
        st, _, d = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&field=B%C3%A1o+ch%C3%AD")
        check_cols(errs, "field=Báo chí total", PROVINCE, values(d["rows"][-1]))
        st, _, d = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&agency=" + XA)
        check_cols(errs, "agency=commune total", COMMUNE, values(d["rows"][-1]))

        # CSV
        st, h, body = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&format=csv")
        if st != 200 or not h.get("content-type", "").startswith("text/csv"):
            errs.append("csv: %s %r" % (st, h))
        else:
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            if rows[-1][1] != "Tổng cộng" or [int(x) for x in rows[-1][3:]] != [EXPECTED_TOTAL[c] for c in
                                                                              range(3, 14)]:
                errs.append("csv total: %r" % rows[-1])
        # XLSX read back
        st, h, body = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&format=xlsx")
        if st != 200 or "spreadsheetml" not in h.get("content-type", ""):
            errs.append("xlsx: %s %r" % (st, h))
        else:
            errs += check_xlsx(body)
        # PDF through pdftotext
        st, h, body = admin.request("GET", "/api/v1/reports/bieu06?" + Q + "&format=pdf")
        if st != 200 or not body.startswith(b"%PDF"):
            errs.append("pdf: %s %r" % (st, h))
        else:
            text = pdf_text(body)
            nums = " ".join(str(EXPECTED_TOTAL[c]) for c in range(3, 14))
            squashed = re.sub(r"\s+", " ", text)
            for want in ("Biểu số II.06a", "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/03/2024", "Tổng cộng",
                         "Tổng cộng " + nums, "Cấp tỉnh", "Báo chí", "Hộ tịch", "THỦ TRƯỞNG CƠ QUAN"):
                if want not in squashed:
                    errs.append("pdf text lacks %r" % want)
        # input errors
        for q, field in (("from=2024-13-01&to=2024-03-31", "from"), ("from=2024-03-01&to=2024-01-31", "to"),
                         (Q + "&format=doc", "format"), (Q + "&level=galaxy", "level")):
            st, _, b = admin.request("GET", "/api/v1/reports/bieu06?" + q)
            if st != 400 or b["error"]["details"].get("field") != field:
                errs.append("%s: want 400 %s, got %s %r" % (q, field, st, b))
    finally:
        srv.cleanup()
    return errs


def check_xlsx(body):
    errs = []
    z = zipfile.ZipFile(io.BytesIO(body))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    shared = [si.findtext(".//m:t", "", ns) for si in
              ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.iter("{%s}c" % ns["m"]):
        v = c.findtext("m:v", None, ns)
        f = c.findtext("m:f", None, ns)
        cells[c.get("r")] = (shared[int(v)] if c.get("t") == "s" and v is not None else v, f)
    total_row = [k for k, (v, _) in cells.items() if v == "Tổng cộng"]
    if not total_row:
        return ["xlsx: no Tổng cộng row"]
    r = re.sub(r"[A-Z]+", "", total_row[0])
    got = [cells.get("%s%s" % (col, r), (None, None)) for col in "CDEFGHIJKLM"]
    if [int(float(v)) for v, _ in got] != [EXPECTED_TOTAL[c] for c in range(3, 14)]:
        errs.append("xlsx total row: %r" % got)
    if got[0][1] != "D%s+E%s+F%s" % (r, r, r) or got[8][1] != "L%s+M%s" % (r, r):
        errs.append("xlsx totals are not formulas: %r %r" % (got[0], got[8]))
    heads = {v for v, _ in cells.values()}
    for want in ("Biểu số II.06a", "Số hồ sơ nhận giải quyết", "Kết quả giải quyết", "Từ kỳ trước chuyển qua", "(13)"):
        if want not in heads:
            errs.append("xlsx lacks the heading %r" % want)
    merged = ET.fromstring(z.read("xl/worksheets/sheet1.xml")).find("m:mergeCells", ns)
    if merged is None or int(merged.get("count")) < 10:
        errs.append("xlsx: grouped headers are not merged")
    return errs


def pdf_text(body):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True).stdout


def test_drilldown_lists_match_the_counts(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        load(srv)
        admin = accounts.Session(srv, "admin")
        for c in range(3, 14):
            codes, cursor, seen = [], None, set()
            while True:
                st, _, b = admin.request("GET", "/api/v1/reports/bieu06/dossiers?%s&column=%d&limit=100%s" %
                                         (Q, c, "&cursor=" + cursor if cursor else ""))
                if st != 200:
                    return ["column %d: %s %r" % (c, st, b)]
                codes += [x["code"] for x in b["items"]]
                cursor = b["next_cursor"]
                if not cursor:
                    break
                if cursor in seen or len(seen) > 100:
                    return ["column %d: the cursor %r repeats (or over 100 pages)" % (c, cursor)]
                seen.add(cursor)
            if len(codes) != EXPECTED_TOTAL[c] or len(set(codes)) != len(codes):
                errs.append("column %d lists %d dossiers (%d distinct), the report says %d" %
                            (c, len(codes), len(set(codes)), EXPECTED_TOTAL[c]))
        # one cell: the paused, no-due-date, last-evening, due-on-the-last-day and stopped dossiers are column 12
        st, _, b = admin.request("GET", "/api/v1/reports/bieu06/dossiers?%s&column=12&limit=500&level=province" % Q)
        statuses = sorted({x["status"] for x in b["items"]})
        if len(b["items"]) != PROVINCE[12] or statuses != [2, 4, 5, 8]:
            errs.append("column 12 (province): %d items, statuses %r" % (len(b["items"]), statuses))
        st, _, b = admin.request("GET", "/api/v1/reports/bieu06/dossiers?%s&column=2" % Q)
        if st != 400 or b["error"]["details"].get("field") != "column":
            errs.append("column 2: %s %r" % (st, b))
    finally:
        srv.cleanup()
    return errs


def test_postal_index766_dashboard_and_scope(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        load(srv)
        admin = accounts.Session(srv, "admin")
        st, _, b = admin.request("GET", "/api/v1/reports/postal?" + Q)
        lv = {x["level"]: (x["received"], x["returned"]) for x in b["postal"]["by_level"]}
        if st != 200 or lv["province"] != (20, 20) or lv["commune"] != (30, 30) or \
                b["postal"]["total"] != {"received": 50, "returned": 50}:
            errs.append("postal: %s %r" % (st, b.get("postal")))
        if b["online"]["dossiers"] is None or sum(x["online"] for x in b["online"]["dossiers"]) != 122:
            errs.append("online dossiers: %r" % b["online"])
        # the leader of Sở KH&CN sees the department by default, not the commune
        leader = accounts.Session(srv, "lanhdao")
        st, _, d = leader.request("GET", "/api/v1/reports/bieu06?" + Q)
        if st != 200 or d["agency"]["code"] != KHCN:
            errs.append("leader's default agency: %s %r" % (st, d.get("agency")))
        else:
            check_cols(errs, "leader's total", PROVINCE, values(d["rows"][-1]))
        if leader.request("GET", "/api/v1/reports/bieu06?%s&agency=%s" % (Q, XA))[0] != 403:
            errs.append("the leader read another agency's report")
        for who in ("chuyenvien", "motcua", "congdan@example.vn"):
            if accounts.Session(srv, who).request("GET", "/api/v1/reports/bieu06?" + Q)[0] != 403:
                errs.append("%s read a report" % who)
        # Decision 766: numerators and denominators, not only the score
        st, _, b = leader.request("GET", "/api/v1/reports/index766?" + Q)
        ag = [a for a in b.get("agencies", []) if a["code"] == KHCN]
        if st != 200 or not ag:
            errs.append("index766: %s %r" % (st, b))
        else:
            ind = {i["code"]: i for g in ag[0]["groups"] for i in g["indicators"]}
            r = ind["progress.resolved_on_time"]
            if (r["numerator"], r["denominator"]) != (85, 111):
                errs.append("resolved on time: %r" % r)
            r = ind["progress.in_progress_on_time"]
            if (r["numerator"], r["denominator"]) != (38, 72):
                errs.append("in progress on time: %r" % r)
            r = ind["online.dossiers_online"]
            if (r["numerator"], r["denominator"]) != (72, 152):
                errs.append("dossiers online: %r" % r)
            if ind["payment.online_payment"]["measured"] is not False:
                errs.append("payment is not measured yet: %r" % ind["payment.online_payment"])
            if sum(g["weight"] for g in ag[0]["groups"]) != 100:
                errs.append("766 weights: %r" % [g["weight"] for g in ag[0]["groups"]])
        # weights are configuration
        srv.sql("INSERT INTO report_settings (key, value) VALUES ('766.weight.progress', 30)")
        b = leader.request("GET", "/api/v1/reports/index766?" + Q)[2]
        w = [g["weight"] for g in b["overall"]["groups"] if g["code"] == "progress"]
        if w != [30]:
            errs.append("configured weight: %r" % w)
        # dashboard
        st, _, b = admin.request("GET", "/api/v1/dashboard?%s&agency=%s" % (Q, KHCN))
        if st != 200:
            return errs + ["dashboard: %s %r" % (st, b)]
        if b["totals"]["c3"] != 183 or b["totals"]["c13"] != 34 or len(b["trend"]) != 12 or \
                b["trend"][-1]["month"] != "2024-03":
            errs.append("dashboard totals / trend: %r %r" % (b["totals"], b["trend"][-3:]))
        feb = [m for m in b["trend"] if m["month"] == "2024-02"][0]
        if (feb["received"], feb["resolved"], feb["resolved_on_time"]) != (53, 50, 30):
            errs.append("trend 2024-02: %r" % feb)
        # the months that ended are remembered by each thread: the same answer again (twice, both threads)
        for _ in range(3):
            again = admin.request("GET", "/api/v1/dashboard?%s&agency=%s" % (Q, KHCN))[2]
            if again["trend"] != b["trend"] or again["totals"] != b["totals"]:
                errs.append("dashboard changed when asked again: %r" % again["trend"])
                break
        agencies = {a["code"]: a for a in b["by_agency"]}
        if list(agencies) != [KHCN] or agencies[KHCN]["backlog"] != 72 or agencies[KHCN]["overdue"] != 34:
            errs.append("dashboard by agency: %r" % b["by_agency"])
        st, _, b = admin.request("GET", "/api/v1/dashboard")
        if st != 200 or "totals" not in b or b["agency"]["code"] != "000.00.00.H56":
            errs.append("default dashboard: %s %r" % (st, b))
    finally:
        srv.cleanup()
    return errs


def load(srv):
    return load_scenario(srv)
