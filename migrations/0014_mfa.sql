-- The second sign-in factor (clause 10; SPEC §security): TOTP from an authenticator app for
-- staff (required) and customers (optional), single-use recovery codes, the sign-ins waiting
-- for their code, and browsers a person chose to trust. Tokens and recovery codes are stored
-- as SHA-256 only.

-- One authenticator per account. `confirmed_at` is NULL until a first code proves the app was
-- set up; `last_step` is the newest 30-second step accepted, so a code works only once.
CREATE TABLE mfa_totp (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id),
    secret       TEXT    NOT NULL,
    confirmed_at INTEGER,
    last_step    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

CREATE TABLE mfa_recovery_codes (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    code_hash  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A password accepted, the code not yet given. The browser holds the token in a short cookie.
CREATE TABLE mfa_challenges (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);

-- "Trust this browser for 30 days": skips the code, never the password.
CREATE TABLE mfa_trusted_devices (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT
) WITHOUT ROWID;
CREATE INDEX mfa_trusted_devices_user ON mfa_trusted_devices (user_id);
