-- 0004: the procedure catalogue (issue 5). One row per version of a
-- procedure; the latest version of each code is flagged is_latest and, unless
-- retired, indexed for search in procedures_fts over folded text (no
-- diacritics, đ -> d). docs/internals/catalogue.md §5 explains the design and
-- how PostgreSQL reproduces it (migrations/pg/0004_catalogue.sql).
ALTER TABLE agencies ADD COLUMN website TEXT NOT NULL DEFAULT ''; -- the agency's portal (contact: address, phone, email exist)

CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                 -- 1.001193, 1.000948.H38
    version INTEGER NOT NULL,           -- 1, 2, ... per code
    is_latest INTEGER NOT NULL DEFAULT 1,
    effective_from TEXT NOT NULL,       -- YYYY-MM-DD (Vietnam), inclusive
    effective_to TEXT,                  -- YYYY-MM-DD, exclusive; NULL = open
    retired_at BIGINT,                  -- set when an administrator retired it
    hash TEXT NOT NULL,                 -- mc_procedure_hash_hex of the parsed record
    name TEXT NOT NULL DEFAULT '',
    name_folded TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    field_folded TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL DEFAULT 0,   -- enum mc_level bits
    online_kind INTEGER NOT NULL DEFAULT 0,
    cutoff_minutes INTEGER NOT NULL DEFAULT -1,
    workflow_ref TEXT,
    agency_id INTEGER REFERENCES agencies(id), -- the local agency that handles it, when known
    agency_folded TEXT NOT NULL DEFAULT '',    -- competent + executing agency texts, folded
    source TEXT NOT NULL DEFAULT '',    -- scrape, json, csv, seed, api
    nproblems INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    UNIQUE (code, version)
);
-- The large parts live apart so that scans of procedures stay in a few pages.
CREATE TABLE procedure_docs (
    id INTEGER PRIMARY KEY REFERENCES procedures(id),
    doc TEXT NOT NULL,                  -- the parsed procedure (motcua JSON, raw texts included)
    problems TEXT NOT NULL DEFAULT '[]' -- [{field, message, message_en}]: what could not be parsed
);
CREATE INDEX procedures_latest ON procedures(code) WHERE is_latest = 1;
CREATE INDEX procedures_agency ON procedures(agency_id) WHERE is_latest = 1;

-- Search: the latest non-retired version of each procedure, rowid = procedures.id.
-- unicode61 over folded text; '.' is kept inside tokens so a code is one token
-- (prefix search "1.0011*"); prefix indexes make word-prefix queries cheap.
CREATE VIRTUAL TABLE procedures_fts USING fts5(
    code, name, field, agency,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '.'",
    prefix = '1 2 3'
);
