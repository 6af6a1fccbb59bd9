-- 0010: files (issue 6): the content-addressed store's index (one row per
-- distinct content, named by its SHA-256) and the uploads of files to
-- dossiers: components sent by the applicant or the desk, results by staff.
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,            -- lower-case hex; the bytes live at --files/ab/cd/<sha256>
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,                 -- sniffed by libmagic at upload
    created_at BIGINT NOT NULL
);

CREATE TABLE dossier_files (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    component INTEGER,                  -- position in dossier_components, NULL = none
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    name TEXT NOT NULL,                 -- sanitised client file name, for display only
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('component', 'result'))
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id, id);
CREATE INDEX dossier_files_sha ON dossier_files(sha256);
