"""--db-read (issue 10): the public GETs marked replica in src/api/routes.c read
from the read-only replica, everything else from --db. The replica here is a
second, empty database (migrated, no data), so where an answer comes from shows."""
import os
import shutil
import subprocess
import tempfile

import accounts
import lib
import scenarios_dossiers


def test_replica_serves_public_reads_primary_the_rest(ctx):
    tmp = tempfile.mkdtemp(prefix="motcua-replica-")
    errs = []
    srv = None
    try:
        replica = lib.fresh_database(tmp)
        if not replica.startswith("postgres"):
            replica = os.path.join(tmp, "replica.db")
        subprocess.run([lib.BINARY, "init", "--db", replica], check=True, capture_output=True)
        srv = accounts.demo_server(ctx, ["--db-read", replica])
        st, _, body = srv.request("GET", "/api/v1/procedures?q=khai+sinh")
        if st != 200 or body.get("items"):
            errs.append("procedures should come from the empty replica: %s %r" % (st, body))
        st, _, body = srv.request("GET", "/api/v1/agencies/000.00.06.H56")
        if st != 404:
            errs.append("agency from the empty replica: want 404, got %s" % st)
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        if cit.login_status != 200:
            return errs + ["sign-in (primary): %s" % cit.login_status]
        st, _, d = cit.request("POST", "/api/v1/dossiers", scenarios_dossiers.submission())
        if st != 201:
            return errs + ["submission (primary): %s %r" % (st, d)]
        st, _, got = cit.request("GET", "/api/v1/dossiers/" + d["code"])
        if st != 200 or got.get("code") != d["code"]:
            errs.append("dossier read (primary): %s" % st)
        st, _, _ = srv.request("GET", "/api/v1/lookup/%s?verify=5678" % d["code"])
        if st != 404:
            errs.append("lookup from the replica that lacks the dossier: want 404, got %s" % st)
        st, _, h = srv.request("GET", "/api/v1/health")
        if st != 200:
            errs.append("health on the replica: %s %r" % (st, h))
    finally:
        if srv:
            srv.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    return errs
