-- The purchase ledger (clause 2.1.1): purchases, refunds and points adjustments per customer,
-- keyed by the company's external transaction id so every import path is idempotent.
-- Money in fen (refunds negative); times unix ms UTC; occurred_on is the Asia/Shanghai
-- calendar date eligibility counts the entry on.

-- A CSV upload from the admin area: kept from preview to commit so the commit needs no second
-- upload and its progress is visible to any app node.
CREATE TABLE ledger_imports (
    id             INTEGER PRIMARY KEY,
    filename       TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    content        BLOB    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('previewed', 'rejected', 'committing', 'committed', 'failed')),
    rows_total     INTEGER NOT NULL,
    rows_done      INTEGER NOT NULL DEFAULT 0,
    inserted       INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    conflicts      INTEGER NOT NULL DEFAULT 0,
    report         TEXT,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    finished_at    INTEGER
);

-- Keys for the order system's `POST /api/v1/ledger`. Only the SHA-256 of the key is kept;
-- the prefix identifies a key in lists without revealing it.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    key_hash     TEXT    NOT NULL UNIQUE,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    revoked_by   INTEGER REFERENCES users (id)
);

CREATE TABLE ledger_entries (
    id           INTEGER PRIMARY KEY,
    external_id  TEXT    NOT NULL UNIQUE,
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('purchase', 'refund', 'points')),
    amount       INTEGER NOT NULL,
    points       INTEGER NOT NULL,
    occurred_at  INTEGER NOT NULL,
    occurred_on  TEXT    NOT NULL,
    source       TEXT    NOT NULL CHECK (source IN ('csv', 'cli', 'api', 'demo')),
    import_id    INTEGER REFERENCES ledger_imports (id),
    api_key_id   INTEGER REFERENCES api_keys (id),
    created_at   INTEGER NOT NULL,
    CHECK (kind <> 'purchase' OR (amount >= 0 AND points >= 0)),
    CHECK (kind <> 'refund' OR (amount <= 0 AND points <= 0)),
    CHECK (kind <> 'points' OR amount = 0)
);

-- One customer's history in date order (portal, reviewer) and the window sums per customer
-- (requalification) read only this index.
CREATE INDEX ledger_entries_customer_day ON ledger_entries (customer_id, occurred_on, amount, points);
