"""A full disk (issue 11): writes get a clean 5xx in the error format, the
server keeps answering, nothing acknowledged is lost and the database is not
corrupted; when space comes back, writes work again. The database lives on
a small tmpfs mounted for the test (needs root, as the tests run here)."""
import os
import subprocess
import tempfile

import accounts
import lib
import scenarios_dossiers as sd


def fill(path):
    """Writes a filler file until the file system is full."""
    with open(path, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
        try:
            os.fsync(f.fileno())
        except OSError:
            pass


def test_full_disk_gives_5xx_and_no_corruption(ctx):
    mnt = tempfile.mkdtemp(prefix="motcua-full-")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt], capture_output=True, text=True)
    if r.returncode:
        return ["cannot mount a tmpfs for the test (run as root): %s" % r.stderr.strip()]
    srv = None
    errs = []
    try:
        db = os.path.join(mnt, "full.db")
        srv = lib.Server(db=db, args=["--demo", "--files", os.path.join(mnt, "files")] + accounts.CHEAP_HASH)
        srv.start()
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        acked, statuses = [], set()
        for i in range(5):
            st, _, d = desk.request("POST", "/api/v1/dossiers", sd.submission(i, channel=1))
            if st == 201:
                acked.append(d["code"])
        fill(os.path.join(mnt, "filler"))
        for i in range(40):
            st, h, d = desk.request("POST", "/api/v1/dossiers", sd.submission(100 + i, channel=1))
            statuses.add(st)
            if st == 201:
                acked.append(d["code"])
            elif st >= 500 and not (isinstance(d, dict) and d.get("error", {}).get("code")):
                errs.append("a %s without the error format: %r" % (st, d))
                break
        if not any(s >= 500 for s in statuses):
            errs.append("no 5xx while the disk was full: %r" % statuses)
        if srv.request("GET", "/api/v1/health")[0] != 200:
            errs.append("the server stopped answering")
        os.unlink(os.path.join(mnt, "filler"))
        st, _, d = desk.request("POST", "/api/v1/dossiers", sd.submission(999, channel=1))
        if st != 201:
            errs.append("after freeing space: %s %r" % (st, d))
        else:
            acked.append(d["code"])
        if srv.stop() != 0:
            errs.append("the server did not stop cleanly")
        if lib.sql(db, "PRAGMA integrity_check")[0][0] != "ok":
            errs.append("integrity_check failed")
        stored = {row[0] for row in lib.sql(db, "SELECT code FROM dossiers")}
        lost = [c for c in acked if c not in stored]
        if lost:
            errs.append("acknowledged dossiers lost: %r" % lost)
    finally:
        if srv:
            srv.cleanup()
        subprocess.run(["umount", "-l", mnt])
        os.rmdir(mnt)
    return errs
