-- Retention after the confidentiality period (clause 10.3, issue 9) and the audit chain v2
-- that survives it.
--
-- A v2 entry keeps its personal data (the e-mail of a registration or a failed sign-in, a
-- typed signature name, a file name, a comment, the IP address...) in `audit_personal`, and
-- its hash covers only the SHA-256 of that data with a random salt (`personal_digest`). The
-- retention job deletes the side row; the chain still verifies through the digest. v1 entries
-- (written before this migration) are left as they were.
ALTER TABLE audit_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN personal_digest TEXT;

CREATE TABLE audit_personal (
    seq           INTEGER PRIMARY KEY REFERENCES audit_log (seq),
    salt          TEXT    NOT NULL,
    personal_json TEXT    NOT NULL
);

-- When the retention job anonymised the account (NULL: not anonymised).
ALTER TABLE users ADD COLUMN anonymised_at INTEGER;
-- An erased upload keeps its size, type and digest; its name and content are gone.
ALTER TABLE files ADD COLUMN erased_at INTEGER;

-- The confidentiality period (clause 10.3), in years after the membership ended.
INSERT INTO programme_settings (key, value, updated_at) VALUES
    ('retention.confidentiality_years', '3', 0);
