"""Administration of the catalogue through the API: workflow templates and
importing a catalogue file with its report."""
import os

import accounts

FIX = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "catalogue")


def test_workflow_templates_list_and_edit(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        st, _, b = admin.request("GET", "/api/v1/workflows")
        codes = [t["code"] for t in b.get("items", [])]
        if st != 200 or not {"mac-dinh", "ho-tich-mot-cap", "lien-thong-bts"} <= set(codes):
            errs.append("list: %s %r" % (st, codes))
        bts = [t for t in b["items"] if t["code"] == "lien-thong-bts"][0]
        if [s["group"] for s in bts["steps"]] != [1, 1, 2] or bts["steps"][1]["agency_code"] != "000.00.15.H56":
            errs.append("lien-thong-bts: %r" % bts)
        body = {"name": "Quy trình rút gọn", "steps": [
            {"group": 1, "name": "Thẩm định", "role": "specialist", "amount": 2},
            {"group": 2, "name": "Ký duyệt", "role": "leader", "amount": 1, "unit": "wd",
             "agency_code": "000.00.06.H56"}]}
        st, _, t = admin.request("PUT", "/api/v1/workflows/rut-gon", body)
        if st != 200 or t["steps"][1]["agency_code"] != "000.00.06.H56" or t["steps"][0]["unit"] != "wd":
            errs.append("put: %s %r" % (st, t))
        bad = [({"group": 3, "name": "X", "role": "specialist", "amount": 1}, "steps[0].group"),
               ({"group": 1, "name": "X", "role": "king", "amount": 1}, "steps[0].role"),
               ({"group": 1, "name": "X", "role": "leader", "amount": 1, "unit": "week"}, "steps[0].unit"),
               ({"group": 1, "role": "leader", "amount": 1}, "steps[0].name")]
        for step, field in bad:
            st, _, b = admin.request("PUT", "/api/v1/workflows/x", {"name": "X", "steps": [step]})
            if st != 400 or b["error"]["details"].get("field") != field:
                errs.append("%r: %s %r" % (step, st, b))
        st, _, b = admin.request("PUT", "/api/v1/workflows/x", {"name": "X", "steps": [
            {"group": 1, "name": "X", "role": "leader", "amount": 1, "agency_code": "000.99.99.H56"}]})
        if st != 400 or b["error"]["details"].get("field") != "steps[0].agency_code":
            errs.append("unknown agency: %s %r" % (st, b))
        if accounts.Session(srv, "chuyenvien").request("PUT", "/api/v1/workflows/rut-gon", body)[0] != 403:
            errs.append("a specialist edited a workflow")
    finally:
        srv.cleanup()
    return errs


def test_import_a_catalogue_file_with_its_report(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin = accounts.Session(srv, "admin")
        path = os.path.join(FIX, "scrape-sample.jsonl")
        if not os.path.exists(path):
            path = sorted(os.path.join(FIX, f) for f in os.listdir(FIX) if f.endswith(".jsonl"))[0]
        with open(path, "rb") as f:
            data = f.read()
        hdr = {"Content-Type": "application/octet-stream"}
        st, _, rep = admin.request("POST", "/api/v1/procedures/import?format=scrape", data, hdr)
        total = rep.get("created", 0) + rep.get("updated", 0) + rep.get("unchanged", 0) + rep.get("failed", 0)
        if st != 200 or rep["created"] < 1 or total != data.count(b"\n") + (0 if data.endswith(b"\n") else 1):
            errs.append("import: %s %r (lines %d)" % (st, {k: v for k, v in rep.items() if k != "problems"},
                                                    data.count(b"\n")))
        st, _, rep2 = admin.request("POST", "/api/v1/procedures/import?format=scrape", data, hdr)
        if st != 200 or rep2["created"] or rep2["updated"] or rep2["unchanged"] != rep["created"] + rep["updated"]:
            errs.append("re-import changed something: %r" % {k: v for k, v in rep2.items() if k != "problems"})
        bad = b'{"ma_thu_tuc": "9.999991", "ten_thu_tuc": "Thu tuc"}\n{"broken json\n{"ten_thu_tuc": "no code"}\n'
        st, _, rep3 = admin.request("POST", "/api/v1/procedures/import?format=scrape", bad, hdr)
        codes = [p["code"] for p in rep3.get("problems", [])]
        if st != 200 or rep3["failed"] != 2 or "invalid_json" not in codes or "missing_code" not in codes:
            errs.append("bad records: %s %r" % (st, rep3))
        if admin.request("POST", "/api/v1/procedures/import?format=xml", bad, hdr)[0] != 400:
            errs.append("unknown format accepted")
        if accounts.Session(srv, "chuyenvien").request("POST", "/api/v1/procedures/import", bad, hdr)[0] != 403:
            errs.append("a specialist imported")
        actions = [r[0] for r in srv.sql("SELECT action FROM audit_log WHERE action = 'catalogue_imported'")]
        if len(actions) != 3:
            errs.append("audit rows: %r" % actions)
    finally:
        srv.cleanup()
    return errs
