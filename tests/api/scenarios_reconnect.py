"""PostgreSQL connections dropped under the server (a restart or failover of
the database, issue 10): the writer and every event-loop thread reconnect on
their next call, sessions and prepared statements work again, nothing is
written twice. Only meaningful on PostgreSQL (a no-op on SQLite)."""
import accounts
import lib
import scenarios_dossiers

KILL = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def test_server_survives_dropped_connections(ctx):
    if not lib.PG_BASE:
        return []
    srv = accounts.demo_server(ctx, ["--db-read", ""])
    errs = []
    try:
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        st, _, d = cit.request("POST", "/api/v1/dossiers", scenarios_dossiers.submission())
        if st != 201:
            return ["submission before: %s %r" % (st, d)]
        for round_ in range(3):
            # several reads so that every event-loop thread holds a connection
            for _ in range(6):
                srv.request("GET", "/api/v1/procedures?q=khai+sinh")
            killed = int(srv.sql(KILL)[0][0])
            if killed < 2:
                errs.append("round %d: only %d server connection(s) to drop" % (round_, killed))
            st, _, got = cit.request("GET", "/api/v1/dossiers/" + d["code"])
            if st != 200:
                errs.append("round %d: read after the drop: %s %r" % (round_, st, got))
            for i in range(4):
                st, _, body = srv.request("GET", "/api/v1/procedures?q=khai+sinh")
                if st != 200 or not body.get("items"):
                    errs.append("round %d: catalogue read %d after the drop: %s" % (round_, i, st))
            key = "reconnect-%d" % round_
            st, _, n = cit.request("POST", "/api/v1/dossiers", scenarios_dossiers.submission(round_ + 1),
                                   headers={"Idempotency-Key": key})
            if st != 201:
                errs.append("round %d: submission after the drop: %s %r" % (round_, st, n))
        rows = srv.sql("SELECT count(*), count(DISTINCT code) FROM dossiers")[0]
        if rows != ["4", "4"]:
            errs.append("dossiers stored (count, distinct): %r, want 4 and 4" % rows)
    finally:
        srv.cleanup()
    return errs
