"""Files of a dossier (issue 6): multipart uploads into the content-addressed
store, type checks with libmagic (forged, executable, HTML, gzip bombs), the
per-file limit, path traversal in names, who may upload and download, and a
crash right after the 201."""
import gzip
import os
import signal
import struct
import zlib

import accounts
import lib
from scenarios_dossiers import act, submission

MAX_FILE = 4096
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"xref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n")
HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"


def png(width=1, height=1):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_of_size(n):
    """A PDF of exactly n bytes (a comment pads it)."""
    base = PDF[:-6]  # without "%%EOF\n"
    pad = n - len(base) - len(b"%\n%%EOF\n")
    return base + b"%" + b"x" * pad + b"\n%%EOF\n"


def form(fields=(), files=(), boundary="----motcuaTest7MA4YWxkTrZu0gW"):
    """A multipart/form-data body and its headers: fields are (name, value),
    files are (filename, content type or None, bytes)."""
    out = []
    for name, value in fields:
        out.append(b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                   % (boundary.encode(), name.encode(), value.encode()))
    for filename, ctype, data in files:
        head = b'--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' % (
            boundary.encode(), filename.encode())
        if ctype:
            head += b"Content-Type: %s\r\n" % ctype.encode()
        out.append(head + b"\r\n" + data + b"\r\n")
    out.append(b"--%s--\r\n" % boundary.encode())
    return b"".join(out), {"Content-Type": "multipart/form-data; boundary=" + boundary}


def upload(session, code, files, fields=()):
    body, headers = form(fields, files)
    return session.request("POST", "/api/v1/dossiers/%s/files" % code, body, headers)


def stored_files(srv):
    """Every file below --files, as paths relative to it."""
    root = os.path.join(srv.tmp, "files")
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return sorted(out)


def new_dossier(srv):
    cit = accounts.Session(srv, accounts.LOGINS["citizen"])
    st, _, d = cit.request("POST", "/api/v1/dossiers", submission())
    if st != 201:
        raise RuntimeError("submit: %s %r" % (st, d))
    return cit, d["code"]


def test_upload_list_download_dedup(ctx):
    srv = accounts.demo_server(ctx, ["--max-file", str(MAX_FILE)])
    errs = []
    try:
        cit, code = new_dossier(srv)
        image = png()
        st, _, b = upload(cit, code, [("Giấy khai sinh.pdf", "application/pdf", PDF), ("ảnh.png", "image/png", image)],
                          [("component", "0")])
        if st != 201 or [(x["mime"], x["size"], x["component"], x["kind"]) for x in b["items"]] != \
                [("application/pdf", len(PDF), 0, "component"), ("image/png", len(image), 0, "component")]:
            return ["upload: %s %r" % (st, b)]
        pdf_sha = b["items"][0]["sha256"]
        if b["items"][0]["name"] != "Giấy khai sinh.pdf" or b["items"][0]["url"] != "/api/v1/files/" + pdf_sha:
            errs.append("stored item: %r" % b["items"][0])
        st, h, data = cit.request("GET", "/api/v1/files/" + pdf_sha)
        if st != 200 or data != PDF or h.get("content-type") != "application/pdf":
            errs.append("download: %s %r" % (st, h))
        if h.get("etag") != '"%s"' % pdf_sha or "immutable" not in h.get("cache-control", "") or \
                h.get("content-disposition") != "inline; filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh.pdf" or \
                h.get("x-content-type-options") != "nosniff":
            errs.append("download headers: %r" % h)
        st, _, _ = cit.request("GET", "/api/v1/files/" + pdf_sha, headers={"If-None-Match": '"%s"' % pdf_sha})
        if st != 304:
            errs.append("If-None-Match: %s" % st)
        # the same bytes again: the same hash, one file on disk, one files row
        st, _, b = upload(cit, code, [("copy.pdf", None, PDF)])
        if st != 201 or b["items"][0]["sha256"] != pdf_sha or b["items"][0]["component"] is not None:
            errs.append("second upload: %s %r" % (st, b))
        on_disk = stored_files(srv)
        if len(on_disk) != 2 or (os.path.join(pdf_sha[:2], pdf_sha[2:4], pdf_sha)) not in on_disk:
            errs.append("files on disk: %r" % on_disk)
        if srv.sql("SELECT count(*) FROM files WHERE sha256 = '%s'" % pdf_sha)[0][0] != "1":
            errs.append("files rows for one content")
        st, _, lst = cit.request("GET", "/api/v1/dossiers/%s/files" % code)
        if st != 200 or [x["name"] for x in lst["items"]] != ["Giấy khai sinh.pdf", "ảnh.png", "copy.pdf"]:
            errs.append("list: %s %r" % (st, lst))
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        if desk.request("GET", "/api/v1/files/" + pdf_sha)[0] != 200:
            errs.append("the desk covering the dossier cannot read its file")
        ev = accounts.Session(srv, "admin").request("GET", "/api/v1/events?after=0&limit=1000")[2]["items"]
        added = [e for e in ev if e["type"] == "dossier.file_added" and e["subject"] == code]
        if len(added) != 3 or added[0]["payload"]["sha256"] != pdf_sha:
            errs.append("events: %r" % added)
        hist = cit.request("GET", "/api/v1/dossiers/%s/history" % code)[2]["items"]
        if [x["action"] for x in hist] != ["submit"]:
            errs.append("uploads wrote history rows: %r" % hist)
    finally:
        srv.cleanup()
    return errs


def test_forged_types_limits_and_bad_forms(ctx):
    srv = accounts.demo_server(ctx, ["--max-file", str(MAX_FILE)])
    errs = []
    try:
        cit, code = new_dossier(srv)
        with open("/bin/true", "rb") as f:
            elf = f.read(2000)
        bomb = gzip.compress(b"\0" * 3_000_000)  # 3 MB of zeros in about 3 KB
        cases = [("a PNG declared as a PDF", ("x.pdf", "application/pdf", png()), 415, "image/png"),
                 ("an executable", ("tool.pdf", None, elf), 415, None),
                 ("HTML", ("page.pdf", "application/pdf", HTML), 415, "text/html"),
                 ("a gzip bomb declared as a PDF", ("big.pdf", "application/pdf", bomb), 415, "application/gzip"),
                 ("one byte over --max-file", ("big.pdf", "application/pdf", pdf_of_size(MAX_FILE + 1)), 413, None),
                 ("exactly --max-file", ("ok.pdf", "application/pdf", pdf_of_size(MAX_FILE)), 201, None)]
        for what, f, want, detected in cases:
            st, _, b = upload(cit, code, [f])
            if st != want:
                errs.append("%s: want %s, got %s %r" % (what, want, st, b))
                continue
            if want == 415:
                det = b["error"]["details"]
                if b["error"]["code"] != "unsupported_file_type" or (detected and det["detected"] != detected) or \
                        "declared" not in det:
                    errs.append("%s: %r" % (what, b))
            if want == 413 and (b["error"]["code"] != "file_too_large" or
                                b["error"]["details"]["max_bytes"] != MAX_FILE):
                errs.append("%s: %r" % (what, b))
        # one bad file refuses the whole request: nothing stored for it
        st, _, _ = upload(cit, code, [("a.pdf", None, PDF), ("b.html", None, HTML)])
        if st != 415 or len(stored_files(srv)) != 1:
            errs.append("mixed batch: %s, files %r" % (st, stored_files(srv)))
        path = "/api/v1/dossiers/%s/files" % code
        bad = [("JSON", b'{"file": 1}', {"Content-Type": "application/json"}, 400, "invalid_multipart"),
               ("no boundary", b"--x--", {"Content-Type": "multipart/form-data"}, 400, "invalid_multipart"),
               ("truncated", b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
                {"Content-Type": "multipart/form-data; boundary=B"}, 400, "invalid_multipart"),
               ("no file",) + form([("kind", "component")]) + (400, "invalid_field"),
               ("unknown component",) + form([("component", "7")], [("a.pdf", None, PDF)]) + (400, "invalid_field"),
               ("empty file",) + form([], [("a.pdf", None, b"")]) + (400, "invalid_field"),
               ("a citizen's result",) + form([("kind", "result")], [("a.pdf", None, PDF)]) + (403, "forbidden")]
        for what, body, headers, want, ecode in bad:
            st, _, b = cit.request("POST", path, body, headers)
            if st != want or b["error"]["code"] != ecode:
                errs.append("%s: want %s %s, got %s %r" % (what, want, ecode, st, b))
    finally:
        srv.cleanup()
    return errs


def test_who_may_upload_and_read(ctx):
    srv = accounts.demo_server(ctx, ["--max-file", str(MAX_FILE)])
    errs = []
    try:
        cit, code = new_dossier(srv)
        sha = upload(cit, code, [("a.pdf", None, PDF)])[2]["items"][0]["sha256"]
        biz = accounts.Session(srv, accounts.LOGINS["business"])
        anon = accounts.Session(srv)
        checks = [("another citizen reads the file", biz.request("GET", "/api/v1/files/" + sha)[0], 404),
                  ("another citizen lists the files", biz.request("GET", "/api/v1/dossiers/%s/files" % code)[0], 404),
                  ("another citizen uploads", upload(biz, code, [("b.pdf", None, PDF)])[0], 404),
                  ("the editor reads the file",
                   accounts.Session(srv, "bientap").request("GET", "/api/v1/files/" + sha)[0], 404),
                  ("anonymous read", anon.request("GET", "/api/v1/files/" + sha)[0], 401),
                  ("anonymous upload", upload(anon, code, [("b.pdf", None, PDF)])[0], 401),
                  ("an unknown hash", cit.request("GET", "/api/v1/files/" + "0" * 64)[0], 404),
                  ("not a hash", cit.request("GET", "/api/v1/files/..%2F..%2Fetc%2Fpasswd")[0], 404)]
        errs += ["%s: want %s, got %s" % (what, want, got) for what, got, want in checks if got != want]
        desk = accounts.Session(srv, accounts.LOGINS["desk_officer"])
        act(desk, code, "accept")
        st, _, b = upload(cit, code, [("late.pdf", None, PDF)])
        if st != 409 or b["error"]["code"] != "files_locked":
            errs.append("applicant after acceptance: %s %r" % (st, b))
        if upload(desk, code, [("scan.png", "image/png", png(2, 2))])[0] != 201:
            errs.append("the desk cannot add a scan after acceptance")
        act(desk, code, "forward")
        leader = accounts.Session(srv, accounts.LOGINS["leader"])
        st, _, b = upload(leader, code, [("ket-qua.pdf", "application/pdf", pdf_of_size(1000))], [("kind", "result")])
        if st != 201 or b["items"][0]["kind"] != "result":
            errs.append("leader's result: %s %r" % (st, b))
        elif cit.request("GET", "/api/v1/files/" + b["items"][0]["sha256"])[0] != 200:
            errs.append("the applicant cannot read the result")
    finally:
        srv.cleanup()
    return errs


def test_traversal_names_stay_inside_the_store(ctx):
    srv = accounts.demo_server(ctx, ["--max-file", str(MAX_FILE)])
    errs = []
    try:
        cit, code = new_dossier(srv)
        before = set(os.listdir(srv.tmp)) | {"files"}
        names = ["../../etc/passwd", "..\\..\\boot.ini", "/abs/olute.pdf", "a\u202egpj.pdf", ".."]
        want = ["passwd", "boot.ini", "olute.pdf", "a_gpj.pdf", "tep"]
        got = []
        for n in names:
            st, _, b = upload(cit, code, [(n, None, pdf_of_size(600 + len(got)))])
            got.append(b["items"][0]["name"] if st == 201 else "%s %r" % (st, b))
        if got != want:
            errs.append("display names: %r" % got)
        if set(os.listdir(srv.tmp)) != before:
            errs.append("new entries beside the store: %r" % (set(os.listdir(srv.tmp)) - before))
        for p in stored_files(srv):
            parts = p.split(os.sep)
            if len(parts) != 3 or parts[2][:2] != parts[0] or parts[2][2:4] != parts[1] or len(parts[2]) != 64:
                errs.append("unexpected file in the store: " + p)
        if os.path.exists(os.path.join(srv.tmp, "etc")):
            errs.append("a path from the file name was created")
    finally:
        srv.cleanup()
    return errs


def test_crash_after_201_keeps_the_file(ctx):
    srv = accounts.demo_server(ctx, ["--max-file", str(MAX_FILE)])
    errs = []
    try:
        cit, code = new_dossier(srv)
        data = pdf_of_size(3000)
        st, _, b = upload(cit, code, [("before-crash.pdf", None, data)])
        if st != 201:
            return ["upload: %s %r" % (st, b)]
        sha = b["items"][0]["sha256"]
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait()
        srv.log.close()
        srv.proc = None
        srv.start()
        cit = accounts.Session(srv, accounts.LOGINS["citizen"])
        st, _, got = cit.request("GET", "/api/v1/files/" + sha)
        if st != 200 or got != data:
            errs.append("after restart: %s (%d bytes)" % (st, len(got) if isinstance(got, bytes) else -1))
        if any(os.path.basename(p).startswith(".tmp") for p in stored_files(srv)):
            errs.append("temporary files left: %r" % stored_files(srv))
    finally:
        srv.cleanup()
    return errs
