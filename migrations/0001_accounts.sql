-- Accounts, roles and server-side sessions: the people who use VIP Care (SPEC §1).
-- Times are Unix milliseconds UTC. E-mail is unique case-insensitively via email_norm.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL,
    email_norm    TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    phone         TEXT,
    password_hash TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('customer', 'staff')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    lang          TEXT    CHECK (lang IN ('zh-CN', 'en')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    role       TEXT    NOT NULL CHECK (role IN ('customer', 'agent', 'reviewer', 'quality', 'finance', 'admin')),
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- cannot be used to take over sessions.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT,
    user_agent   TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

-- Every sign-in attempt, for the per-account lockout and the per-IP rate limit. Kept in the
-- database (not in a node's memory) so several app nodes share one view.
CREATE TABLE login_attempts (
    id         INTEGER PRIMARY KEY,
    email_norm TEXT    NOT NULL,
    ip         TEXT    NOT NULL,
    success    INTEGER NOT NULL CHECK (success IN (0, 1)),
    at         INTEGER NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email_norm, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);
