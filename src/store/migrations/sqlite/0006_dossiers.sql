-- 0006: dossiers (issue 6): the dossier, its daily code sequence per agency,
-- its components, pause intervals, the processing history (the
-- processing-control sheet) and the transactional outbox of events.
CREATE TABLE dossier_seq (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    day TEXT NOT NULL,                  -- yyMMdd in Vietnam time
    last INTEGER NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,          -- <agency code>-<yyMMdd>-<NNNN>
    agency_id INTEGER NOT NULL REFERENCES agencies(id),     -- the receiving agency
    procedure_id INTEGER,               -- the procedure version in force at receipt
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL DEFAULT '',
    channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    applicant_kind TEXT NOT NULL,       -- person, organisation
    applicant_name TEXT NOT NULL,
    applicant_id_kind TEXT NOT NULL,    -- cccd, passport, tax_code
    applicant_id TEXT NOT NULL,
    applicant_phone TEXT NOT NULL DEFAULT '',
    applicant_email TEXT NOT NULL DEFAULT '',
    applicant_address TEXT NOT NULL DEFAULT '',
    owner_name TEXT NOT NULL DEFAULT '',
    owner_address TEXT NOT NULL DEFAULT '',
    postal_tracking TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    time_amount INTEGER NOT NULL DEFAULT 0,
    time_unit TEXT NOT NULL DEFAULT 'wd',
    cutoff INTEGER NOT NULL DEFAULT 0,  -- minutes of the day, 0 = none
    submitted_by INTEGER REFERENCES users(id),
    submitted_at BIGINT NOT NULL,
    received_at BIGINT,                 -- accepted (status 2): the clock starts
    due_at BIGINT,                      -- the appointment
    paused_at BIGINT,                   -- set while in status 5 or 6
    finished_at BIGINT,                 -- resolved, withdrawn, stopped or refused
    delivered_at BIGINT,
    processing_agency_id INTEGER REFERENCES agencies(id),
    assignee_id INTEGER REFERENCES users(id),
    result_code TEXT NOT NULL DEFAULT '',
    rating INTEGER,
    rating_comment TEXT NOT NULL DEFAULT '',
    last_action_at BIGINT NOT NULL,
    search TEXT NOT NULL DEFAULT ''     -- folded code, applicant and procedure, for inbox text search
);
CREATE INDEX dossiers_agency_status ON dossiers(agency_id, status, due_at);
CREATE INDEX dossiers_processing ON dossiers(processing_agency_id, status, due_at);
CREATE INDEX dossiers_submitter ON dossiers(submitted_by, id);
CREATE INDEX dossiers_received ON dossiers(received_at);

CREATE TABLE dossier_components (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    originals INTEGER NOT NULL DEFAULT 0,
    copies INTEGER NOT NULL DEFAULT 0,
    photocopies INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dossier_id, position)
);

CREATE TABLE dossier_pauses (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    from_at BIGINT NOT NULL,
    to_at BIGINT,                       -- NULL while paused
    reason TEXT NOT NULL                -- supplement, payment
);
CREATE INDEX dossier_pauses_dossier ON dossier_pauses(dossier_id, from_at);

CREATE TABLE dossier_history (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    at BIGINT NOT NULL,
    actor_id INTEGER,
    actor TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    agency_id INTEGER,
    action TEXT NOT NULL,
    from_status INTEGER NOT NULL,
    to_status INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    due_at BIGINT,                      -- the appointment after this action
    timeliness TEXT NOT NULL DEFAULT '' -- early, on_time, late (for finishing actions)
);
CREATE INDEX dossier_history_dossier ON dossier_history(dossier_id, id);

-- Idempotency-Key of POST /dossiers: a retry returns the first answer.
CREATE TABLE dossier_requests (
    user_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- The transactional outbox: one event per change, in the change's
-- transaction; id is the pull feed's cursor.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    type TEXT NOT NULL,                 -- dossier.submitted, dossier.status_changed, ...
    subject TEXT NOT NULL,              -- the dossier code
    payload TEXT NOT NULL               -- JSON
);
