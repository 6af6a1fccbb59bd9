-- 0011: workflow templates (issue 6): ordered steps, each with a role, an
-- agency (NULL = the dossier's processing agency) and an allotted time;
-- steps sharing a group number run in parallel and the next group starts
-- when all of them are done (inter-agency hand-offs, liên thông). Each
-- dossier gets its own copy of the steps when it is forwarded.
CREATE TABLE workflow_templates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE workflow_steps (
    template_id INTEGER NOT NULL REFERENCES workflow_templates(id),
    position INTEGER NOT NULL,
    grp INTEGER NOT NULL,               -- parallel group, 1, 2, ...
    name TEXT NOT NULL,
    role TEXT NOT NULL,                 -- specialist, leader, ...
    agency_id INTEGER REFERENCES agencies(id),
    amount INTEGER NOT NULL,
    unit TEXT NOT NULL DEFAULT 'wd',
    PRIMARY KEY (template_id, position)
);
CREATE TABLE dossier_steps (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    position INTEGER NOT NULL,
    grp INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    amount INTEGER NOT NULL,
    unit TEXT NOT NULL,
    started_at BIGINT,
    deadline_at BIGINT,
    completed_at BIGINT,
    completed_by INTEGER,
    timeliness TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_steps_dossier ON dossier_steps(dossier_id, grp);
CREATE INDEX dossier_steps_open ON dossier_steps(agency_id, completed_at, deadline_at);
ALTER TABLE dossiers ADD COLUMN step_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN internal_due_at BIGINT;
ALTER TABLE dossiers ADD COLUMN stuck_at BIGINT;        -- flagged as stuck (no action for too long)
CREATE INDEX dossiers_stuck ON dossiers(status, last_action_at);
