-- The append-only, hash-chained audit log (SPEC "Audit", clause 10). Each row carries the
-- hash of the previous row and of its own content (see src/audit.rs); triggers refuse any
-- UPDATE or DELETE so history cannot be rewritten through the application.
CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    actor_id        INTEGER,
    action          TEXT    NOT NULL,
    object_type     TEXT    NOT NULL,
    object_id       TEXT,
    subject_user_id INTEGER,
    ip              TEXT,
    before_json     TEXT,
    after_json      TEXT,
    detail          TEXT,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log (subject_user_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
