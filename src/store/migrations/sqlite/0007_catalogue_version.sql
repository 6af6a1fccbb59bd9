-- 0007: a counter that moves whenever the catalogue changes (any write to
-- procedures, from the API, the importer or the seed), so servers can keep
-- answers to catalogue searches until it moves.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, n) VALUES (1, 0);
CREATE TRIGGER procedures_changed_ins AFTER INSERT ON procedures
BEGIN UPDATE catalogue_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER procedures_changed_upd AFTER UPDATE ON procedures
BEGIN UPDATE catalogue_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER procedures_changed_del AFTER DELETE ON procedures
BEGIN UPDATE catalogue_version SET n = n + 1 WHERE id = 1; END;
