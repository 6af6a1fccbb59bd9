-- 0003: yearly calendar overrides (issue 4): an extra day off ('off') or a
-- rest day made a working day ('work'), decided by administrators. The
-- generated holidays (Tết, 30/4, ...) are computed, never stored.
CREATE TABLE calendar_overrides (
    id INTEGER PRIMARY KEY,
    day INTEGER NOT NULL UNIQUE,        -- days since 1970-01-01 (2026-02-17 = 20501), 1900-01-01..2199-12-31
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name TEXT NOT NULL DEFAULT '',      -- '' = the generic name ("Nghỉ theo quyết định", "Ngày làm bù")
    created_by INTEGER REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
