"""Agency administration: creating units under a parent within one's
subtree, updating them, codes validated, audit rows."""
import accounts


def test_create_and_update_agencies_in_scope(ctx):
    srv = accounts.demo_server(ctx)
    errs = []
    try:
        qt = accounts.Session(srv, "qtdonvi")
        admin = accounts.Session(srv, "admin")
        body = {"code": "000.06.02.H56", "name": "Phòng Thông tin - Báo chí", "level": "division",
                "parent": "000.00.06.H56", "phone": "0237 3852 111"}
        st, _, a = qt.request("POST", "/api/v1/agencies", body)
        if st != 201 or a.get("code") != "000.06.02.H56" or a.get("phone") != "0237 3852 111":
            errs.append("create: %s %r" % (st, a))
        st, _, b = qt.request("POST", "/api/v1/agencies", body)
        if st != 400 or b["error"]["details"].get("field") != "code":
            errs.append("duplicate code: %s %r" % (st, b))
        for bad in ("06.02.H56", "000.06.02.h56", "000.6.02.H56"):
            st, _, b = admin.request("POST", "/api/v1/agencies", dict(body, code=bad))
            if st != 400 or b["error"]["details"].get("field") != "code":
                errs.append("code %s: %s" % (bad, st))
        st, _, b = qt.request("POST", "/api/v1/agencies", dict(body, code="000.12.05.H56", parent="000.00.12.H56"))
        if st != 403:
            errs.append("agency admin created outside the subtree: %s" % st)
        if qt.request("POST", "/api/v1/agencies", dict(body, code="000.00.00.H99", parent=None))[0] != 403:
            errs.append("agency admin created a root")
        if admin.request("POST", "/api/v1/agencies", dict(body, code="000.00.00.H99", parent=None))[0] != 201:
            errs.append("system admin could not create a root")
        st, _, a = qt.request("PUT", "/api/v1/agencies/000.06.02.H56", {"name": "Phòng Báo chí, Xuất bản",
                                                                        "level": "division"})
        if st != 200 or a["name"] != "Phòng Báo chí, Xuất bản":
            errs.append("update: %s %r" % (st, a))
        tree = srv.request("GET", "/api/v1/agencies")[2]
        if "Phòng Báo chí, Xuất bản" not in str(tree):
            errs.append("the tree does not show the new unit")
        actions = [r[0] for r in srv.sql("SELECT action FROM audit_log WHERE action LIKE 'agency_%'")]
        if actions.count("agency_created") != 2 or "agency_updated" not in actions:
            errs.append("audit: %r" % actions)
    finally:
        srv.cleanup()
    return errs
