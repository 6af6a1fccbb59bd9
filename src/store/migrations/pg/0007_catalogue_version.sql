-- 0007 (PostgreSQL): a counter that moves whenever the catalogue changes.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, n) VALUES (1, 0);
CREATE FUNCTION catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER procedures_changed AFTER INSERT OR UPDATE OR DELETE ON procedures
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_changed();
