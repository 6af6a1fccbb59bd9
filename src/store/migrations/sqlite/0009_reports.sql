-- 0009: statutory reports (issue 9). A Biểu 06 period touches three
-- disjoint sets of dossiers: received in the period (range on received_at),
-- received before it and finished in or after it (range on finished_at), and
-- received before it and still open (finished_at IS NULL). Each index covers
-- every column the counting reads, so a report never visits the table rows.
-- docs/internals/reports.md explains the queries.
CREATE INDEX dossiers_report_received ON dossiers(received_at, status, channel, due_at, finished_at, procedure_id,
                                                  processing_agency_id, agency_id);
CREATE INDEX dossiers_report_finished ON dossiers(finished_at, received_at, status, channel, due_at, procedure_id,
                                                  processing_agency_id, agency_id, rating);
-- results returned through the post
CREATE INDEX dossiers_report_delivered ON dossiers(channel, delivered_at, status, procedure_id, processing_agency_id,
                                                   agency_id);

-- Report configuration: Decision 766 weights ("766.weight.GROUP", points)
-- and targets ("766.target.INDICATOR", percent). Absent keys take the
-- defaults of src/domain/report.c.
CREATE TABLE report_settings (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
