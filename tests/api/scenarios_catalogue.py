"""The procedure catalogue: diacritic-free search and its ranking, filters,
pagination, versions by date, retirement, administrators' writes with CSRF
and scope, the agency tree, and `motcua import` from the fixtures."""
import os
import subprocess
import urllib.parse

import accounts
import lib

FIX = os.path.join(lib.ROOT, "tests", "fixtures", "catalogue")


def search(srv, **params):
    st, _, body = srv.request("GET", "/api/v1/procedures?" + urllib.parse.urlencode(params))
    if st != 200:
        raise AssertionError("search %r: %s %r" % (params, st, body))
    return body


def codes(body):
    return [i["code"] for i in body["items"]]


def test_search_without_diacritics_and_ranking(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        for q in ("dang ky khai sinh", "Đăng ký khai sinh", "ĐĂNG KÝ KHAI SINH", "dang ky khai s"):
            got = codes(search(srv, q=q))
            if not got or got[0] != "1.001193":
                errs.append("%r: want 1.001193 first, got %r" % (q, got))
        if "1.004884" not in codes(search(srv, q="dang ky khai sinh")):
            errs.append("words: 'Đăng ký lại khai sinh' not found")
        got = search(srv, q="2.000908")
        if codes(got)[:1] != ["2.000908"]:
            errs.append("exact code first: %r" % codes(got))
        if codes(search(srv, q="Cấp bản sao từ sổ gốc"))[:1] != ["2.000908"]:
            errs.append("name with accents: %r" % codes(search(srv, q="Cấp bản sao từ sổ gốc")))
        bc = codes(search(srv, q="buu chinh"))
        if bc[:1] != ["1.004470"] or len(bc) < 5:
            errs.append("name prefix 'buu chinh' should rank 'Bưu chính' procedures; got %r" % bc)
        if codes(search(srv, q="giay phep buu chinh"))[:1] != ["1.004470"]:
            errs.append("words: %r" % codes(search(srv, q="giay phep buu chinh")))
        if "1.011900" not in codes(search(srv, q="tram BTS")):
            errs.append("BTS not found")
        if search(srv, q="zzzz khong co")["total"] != 0:
            errs.append("nonsense query matched")
    finally:
        srv.cleanup()
    return errs


def test_filters_and_pagination(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        allp = search(srv, per_page=100)
        if allp["total"] != 40 or len(allp["items"]) != 40:
            errs.append("all: total %r items %d" % (allp["total"], len(allp["items"])))
        p1, p2 = search(srv, per_page=15), search(srv, per_page=15, page=3)
        if len(p1["items"]) != 15 or p1["next_cursor"] != "2" or len(p2["items"]) != 10 or p2["next_cursor"]:
            errs.append("pages: %d %r / %d %r" % (len(p1["items"]), p1["next_cursor"], len(p2["items"]),
                                                  p2["next_cursor"]))
        seen = set()
        for page in (1, 2, 3):
            seen.update(codes(search(srv, per_page=15, page=page)))
        if len(seen) != 40:
            errs.append("pages overlap: %d distinct" % len(seen))
        if search(srv, per_page=15, page=9)["total"] != 40:
            errs.append("total past the last page")
        ht = search(srv, field="ho tich", per_page=100)
        if ht["total"] < 8 or any(i["field"] != "Hộ tịch" for i in ht["items"]):
            errs.append("field filter: %r" % [(i["code"], i["field"]) for i in ht["items"]])
        if search(srv, field="Hộ tịch", per_page=100)["total"] != ht["total"]:
            errs.append("field with accents differs")
        commune = search(srv, level="commune", per_page=100)
        if any("commune" not in i["level"] for i in commune["items"]) or commune["total"] < 15:
            errs.append("level filter: %r" % commune["total"])
        if search(srv, level="Cấp xã", per_page=100)["total"] != commune["total"]:
            errs.append("level in Vietnamese differs")
        off = search(srv, online=2, per_page=100)
        if any(i["online_kind"] != 2 for i in off["items"]) or not off["items"]:
            errs.append("online filter: %r" % off)
        dept = search(srv, agency="000.00.06.H56", per_page=100)  # Sở KH&CN and its division
        if "1.004470" not in codes(dept) or "1.009374" not in codes(dept) or "1.001193" in codes(dept):
            errs.append("agency subtree: %r" % codes(dept))
        got = codes(search(srv, agency="000.06.01.H56", q="tan so"))
        if sorted(got) != ["1.012345", "1.012346"]:
            errs.append("agency + q: %r" % got)
        words = search(srv, agency="so tu phap", per_page=100)
        if sorted(codes(words)) != ["1.008004", "2.000488"]:
            errs.append("agency words: %r" % codes(words))
        item = search(srv, q="1.001193")["items"][0]
        if item["agency"]["code"] != "000.31.02.H56" or item["level"] != ["commune"] or item["version"] != 1:
            errs.append("item: %r" % item)
    finally:
        srv.cleanup()
    return errs


def test_get_versions_update_and_retire(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        st, _, p = srv.request("GET", "/api/v1/procedures/1.001193")
        if st != 200 or p["name"] != "Đăng ký khai sinh" or p["version"] != 1 or p["cutoff"] != "15:00":
            errs.append("get: %s %r" % (st, p))
        ch = {c["channel"]: c for c in p.get("channels", [])}
        if ch.get(1, {}).get("time_amount") != 0 or ch.get(3, {}).get("time_amount") != 1 or \
                not any(c.get("required_online") for c in p["components"]) or not p["legal_basis"]:
            errs.append("parsed structure: %r" % p)
        admin = accounts.Session(srv, "admin")
        body = dict(p)
        body["effective_from"] = "2026-01-01"
        body["channels"] = [{"channel": 1, "time_amount": 1, "time_unit": "wd", "fee_vnd": 0},
                            {"channel": 2, "time_amount": 0, "time_unit": "wd", "fee_vnd": 0}]
        st, _, r = admin.request("PUT", "/api/v1/procedures/1.001193", body)
        if st != 200 or r["result"] != "updated" or r["version"] != 2:
            errs.append("update: %s %r" % (st, r))
        st, _, r = admin.request("PUT", "/api/v1/procedures/1.001193", body)
        if st != 200 or r["result"] != "unchanged" or r["version"] != 2:
            errs.append("same update again: %s %r" % (st, r))
        old = srv.request("GET", "/api/v1/procedures/1.001193?at=2025-12-31")[2]
        new = srv.request("GET", "/api/v1/procedures/1.001193?at=2026-01-01")[2]
        if old.get("version") != 1 or old.get("effective_to") != "2026-01-01" or new.get("version") != 2:
            errs.append("at date: %r / %r" % (old.get("version"), new.get("version")))
        if [v["version"] for v in new.get("versions", [])] != [1, 2]:
            errs.append("history: %r" % new.get("versions"))
        st, _, r = srv.request("GET", "/api/v1/procedures/1.001193?at=2020-01-01")
        if st != 404 or r["error"]["code"] != "not_in_force":
            errs.append("before the first version: %s %r" % (st, r))
        if search(srv, q="1.001193")["items"][0]["version"] != 2:
            errs.append("search shows the latest version")
        st, _, r = admin.request("DELETE", "/api/v1/procedures/2.000908?date=2026-12-31")
        if st != 200 or r["result"] != "retired":
            errs.append("retire: %s %r" % (st, r))
        if "2.000908" in codes(search(srv, q="ban sao tu so goc")):
            errs.append("retired procedure still searchable")
        if srv.request("GET", "/api/v1/procedures/2.000908?at=2026-06-01")[0] != 200 or \
                srv.request("GET", "/api/v1/procedures/2.000908?at=2027-01-01")[0] != 404:
            errs.append("retired: in force until its date only")
        if admin.request("DELETE", "/api/v1/procedures/2.000908")[0] != 404:
            errs.append("retiring twice")
    finally:
        srv.cleanup()
    return errs


def test_admin_writes_csrf_and_scope(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        admin, qt, desk = (accounts.Session(srv, login) for login in ("admin", "qtdonvi", "motcua"))
        new = {"code": "1.099001", "name": "Cấp giấy phép thiết lập mạng viễn thông dùng riêng",
               "field": "Viễn thông và Internet", "level": "Cấp tỉnh", "agency_code": "000.06.01.H56",
               "online_kind": 4, "channels": [{"channel": 2, "time_amount": 10, "fee_vnd": 0}],
               "components": [{"name": "Đơn đề nghị", "originals": 1, "required_online": True}]}
        st, _, r = qt.request("POST", "/api/v1/procedures", new, csrf=False)
        if st != 403 or r["error"]["code"] != "csrf_failed":
            errs.append("no CSRF: %s %r" % (st, r))
        st, _, r = qt.request("POST", "/api/v1/procedures", new)
        if st != 201 or r["result"] != "created" or r["version"] != 1:
            errs.append("agency admin create: %s %r" % (st, r))
        if admin.request("POST", "/api/v1/procedures", new)[0] != 409:
            errs.append("create twice: want 409")
        if desk.request("POST", "/api/v1/procedures", dict(new, code="1.099002"))[0] != 403:
            errs.append("desk officer create: want 403")
        if qt.request("DELETE", "/api/v1/procedures/1.001193")[0] != 403:
            errs.append("agency admin retiring a commune procedure: want 403")
        if qt.request("POST", "/api/v1/procedures", dict(new, code="1.099003", agency_code=None))[0] != 403:
            errs.append("agency admin creating an unlinked procedure: want 403")
        st, _, r = admin.request("POST", "/api/v1/procedures", {"name": "Không mã"})
        if st != 400:
            errs.append("no code: %s %r" % (st, r))
        st, _, r = admin.request("PUT", "/api/v1/procedures/1.099001", dict(new, code="1.099009"))
        if st != 400 or r["error"]["details"].get("field") != "code":
            errs.append("code mismatch: %s %r" % (st, r))
        if codes(search(srv, q="mang vien thong dung rieng"))[:1] != ["1.099001"]:
            errs.append("created procedure not searchable")
        st, _, r = qt.request("DELETE", "/api/v1/procedures/1.099001")
        if st != 200:
            errs.append("agency admin retire own: %s %r" % (st, r))
        actions = [a for (a,) in srv.sql("SELECT action FROM audit_log ORDER BY id")]
        for a in ("procedure_created", "procedure_retired"):
            if a not in actions:
                errs.append("audit: no %s in %r" % (a, actions[-5:]))
    finally:
        srv.cleanup()
    return errs


def test_agency_tree(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        st, _, body = srv.request("GET", "/api/v1/agencies")
        roots = body["items"]
        if st != 200 or len(roots) != 1 or body["total"] != 11 or roots[0]["code"] != "000.00.00.H56":
            errs.append("tree: %s %r" % (st, body))
        else:
            kids = {k["code"]: k for k in roots[0]["children"]}
            if [c["code"] for c in kids["000.00.06.H56"]["children"]] != ["000.06.01.H56"]:
                errs.append("division under its department: %r" % kids.get("000.00.06.H56"))
        st, _, a = srv.request("GET", "/api/v1/agencies/000.00.06.H56")
        if st != 200 or a["name"] != "Sở Khoa học và Công nghệ" or a["parent_id"] != roots[0]["id"]:
            errs.append("one agency: %s %r" % (st, a))
        if srv.request("GET", "/api/v1/agencies/%d" % a["id"])[2].get("code") != "000.00.06.H56":
            errs.append("by id")
    finally:
        srv.cleanup()
    return errs


def run_import(db, *args):
    return subprocess.run([lib.BINARY, "import", "procedures"] + list(args) + ["--db", db],
                          capture_output=True, text=True)


def test_cli_import_fixtures(ctx):
    srv = ctx.new_server()
    db = srv.db
    errs = []
    try:
        r = run_import(db, os.path.join(FIX, "scrape.jsonl"))
        first = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
        if r.returncode != 0 or not first.startswith("created 31, updated 0, unchanged 0, partial "):
            errs.append("scrape: %s %r %r" % (r.returncode, r.stdout, r.stderr))
        r = run_import(db, os.path.join(FIX, "scrape.jsonl"), "--format", "scrape")
        if r.returncode != 0 or "created 0, updated 0, unchanged 31," not in r.stdout:
            errs.append("re-import: %r" % r.stdout)
        r = run_import(db, os.path.join(FIX, "own.json"), "--verbose")
        if r.returncode != 1 or "created 2, updated 0, unchanged 0, partial 1, failed 1" not in r.stdout or \
                "missing_code" not in r.stderr or "unknown field" not in r.stdout:
            errs.append("own.json: %s %r %r" % (r.returncode, r.stdout, r.stderr))
        r = run_import(db, os.path.join(FIX, "procedures.csv"))
        if r.returncode != 1 or "created 1, updated 2, unchanged 0, partial 1, failed 2" not in r.stdout or \
                "bad_row" not in r.stderr:
            errs.append("csv: %r %r" % (r.stdout, r.stderr))
        r = run_import(db, os.path.join(FIX, "truncated.jsonl"))
        if r.returncode != 1 or "truncated" not in r.stderr:
            errs.append("truncated: %s %r" % (r.returncode, r.stderr))
        r = run_import(db, os.path.join(FIX, "utf16.jsonl"))
        if r.returncode != 1 or "wrong_encoding" not in r.stderr + r.stdout and "UTF-16" not in r.stderr:
            errs.append("utf16: %s %r" % (r.returncode, r.stderr))
        r = run_import(db, os.path.join(FIX, "no-such-file.jsonl"))
        if r.returncode != 1 or "no-such-file" not in r.stderr:
            errs.append("missing file: %s %r" % (r.returncode, r.stderr))
        r = run_import(db, os.path.join(FIX, "scrape.jsonl"), "--format", "xml")
        if r.returncode != 2:
            errs.append("bad format: %s" % r.returncode)
        srv.start()
        got = search(srv, q="dang ky khai sinh")
        if "1.001193" not in codes(got):
            errs.append("imported procedure not searchable: %r" % codes(got))
        p = srv.request("GET", "/api/v1/procedures/1.001193")[2]
        if p.get("version") != 2 or p.get("source") != "csv" or [v["effective_from"] for v in p["versions"]][0] != \
                "2025-07-01":
            errs.append("versions after json, then csv: %r" % p.get("versions"))
    finally:
        srv.cleanup()
    return errs
