-- Applications, agreement templates, signed agreements, memberships, uploads, notifications
-- (clauses 2.1.3, 2.2, 2.3, 4.3, 9, 12, 13, 14). Times unix ms UTC; *_on columns are
-- Asia/Shanghai calendar dates 'YYYY-MM-DD'.

-- Versioned agreement templates, structured by clause id. A published template never changes;
-- a new wording is a new version.
CREATE TABLE agreement_templates (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    title_zh     TEXT    NOT NULL,
    title_en     TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    published_at INTEGER,
    created_at   INTEGER NOT NULL,
    UNIQUE (code, version)
);

-- One row per chapter (depth 1, e.g. '6'), section (depth 2, '6.2') and clause (depth 3,
-- '6.2.1'). wording 'original' = the text of the published preview; 'default' = the product's
-- default terms where the preview is cut off (shown as such to admins).
CREATE TABLE agreement_clauses (
    template_id INTEGER NOT NULL REFERENCES agreement_templates (id),
    clause_id   TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    depth       INTEGER NOT NULL CHECK (depth IN (1, 2, 3)),
    text_zh     TEXT    NOT NULL,
    text_en     TEXT    NOT NULL,
    wording     TEXT    NOT NULL CHECK (wording IN ('original', 'default')),
    PRIMARY KEY (template_id, clause_id),
    UNIQUE (template_id, position)
) WITHOUT ROWID;

-- Uploaded files live in the database so every app node serves the same ones.
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL,
    mime        TEXT    NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    size        INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
    sha256      TEXT    NOT NULL,
    content     BLOB    NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX files_owner ON files (owner_id);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES users (id),
    level_id         INTEGER NOT NULL REFERENCES vip_levels (id),
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'under_review', 'info_requested', 'approved', 'rejected', 'withdrawn')),
    company          TEXT    NOT NULL DEFAULT '',
    message          TEXT    NOT NULL DEFAULT '',
    -- The exact template version the customer accepted (clause 2.1.3).
    template_id      INTEGER REFERENCES agreement_templates (id),
    accepted_at      INTEGER,
    -- The eligibility explanation when last submitted, as JSON.
    eligibility_json TEXT,
    reviewer_id      INTEGER REFERENCES users (id),
    decision_reason  TEXT,
    submitted_at     INTEGER,
    decided_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
-- At most one open application per customer.
CREATE UNIQUE INDEX applications_one_open ON applications (customer_id)
    WHERE status IN ('draft', 'submitted', 'under_review', 'info_requested');
CREATE INDEX applications_queue ON applications (status, submitted_at);

CREATE TABLE application_files (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    file_id        INTEGER NOT NULL REFERENCES files (id),
    added_at       INTEGER NOT NULL,
    PRIMARY KEY (application_id, file_id)
) WITHOUT ROWID;

-- The conversation of an application: requests for information, replies, decisions.
CREATE TABLE application_messages (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    author_id      INTEGER NOT NULL REFERENCES users (id),
    kind           TEXT    NOT NULL CHECK (kind IN ('info_request', 'reply', 'approval', 'rejection')),
    body           TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX application_messages_app ON application_messages (application_id, id);

-- A signed agreement: an immutable snapshot of the rendered text with its SHA-256, signed by
-- the customer and countersigned by the company (clause 2.2.3, 12.1, 13.3).
CREATE TABLE agreements (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES users (id),
    application_id     INTEGER REFERENCES applications (id),
    renews_agreement_id INTEGER REFERENCES agreements (id),
    template_id        INTEGER NOT NULL REFERENCES agreement_templates (id),
    level_id           INTEGER NOT NULL REFERENCES vip_levels (id),
    -- The level as granted (thresholds, discount): later level changes do not rewrite it.
    level_json         TEXT    NOT NULL,
    canonical_text     TEXT    NOT NULL,
    sha256             TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('awaiting_customer', 'awaiting_countersign', 'effective', 'ended')),
    customer_name      TEXT,
    customer_signed_at INTEGER,
    customer_ip        TEXT,
    countersigned_by   INTEGER REFERENCES users (id),
    countersigned_at   INTEGER,
    countersign_ip     TEXT,
    effective_on       TEXT,
    expires_on         TEXT,
    created_at         INTEGER NOT NULL
);
CREATE INDEX agreements_customer ON agreements (customer_id, id);

-- Files attached to an agreement (clause 14): application materials, custom plans, amendments.
CREATE TABLE agreement_attachments (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('material', 'amendment', 'plan')),
    file_id      INTEGER REFERENCES files (id),
    amendment_id INTEGER,
    title        TEXT    NOT NULL,
    added_at     INTEGER NOT NULL
);

-- A VIP membership and its lifecycle (clauses 2.3, 9, 12.2, 12.3).
CREATE TABLE memberships (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES users (id),
    agreement_id         INTEGER NOT NULL REFERENCES agreements (id),
    level_id             INTEGER NOT NULL REFERENCES vip_levels (id),
    status               TEXT    NOT NULL CHECK (status IN ('active', 'renewal_offered', 'renewed', 'lapsed', 'revoked', 'terminated')),
    started_on           TEXT    NOT NULL,
    expires_on           TEXT    NOT NULL,
    -- Set when a requalification found the customer no longer eligible (clause 2.3.1).
    notice_on            TEXT,
    grace_until          TEXT,
    renewal_agreement_id INTEGER REFERENCES agreements (id),
    -- The level after an accepted amendment (clause 4.3.1); NULL: the level of the agreement.
    level_json           TEXT,
    ended_at             INTEGER,
    ended_by             INTEGER REFERENCES users (id),
    end_reason           TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX memberships_one_live ON memberships (customer_id)
    WHERE status IN ('active', 'renewal_offered');
CREATE INDEX memberships_due ON memberships (status, expires_on);

-- Rights changes (clause 4.3.1): one party proposes, signing the proposal; the other accepts
-- (signing too) or declines. An accepted amendment is attached to the agreement (clause 14).
CREATE TABLE amendments (
    id              INTEGER PRIMARY KEY,
    agreement_id    INTEGER NOT NULL REFERENCES agreements (id),
    membership_id   INTEGER NOT NULL REFERENCES memberships (id),
    customer_id     INTEGER NOT NULL REFERENCES users (id),
    proposer_side   TEXT    NOT NULL CHECK (proposer_side IN ('customer', 'company')),
    proposed_by     INTEGER NOT NULL REFERENCES users (id),
    proposer_name   TEXT    NOT NULL,
    proposer_ip     TEXT,
    kind            TEXT    NOT NULL CHECK (kind IN ('level', 'agent', 'terms')),
    new_level_id    INTEGER REFERENCES vip_levels (id),
    description     TEXT    NOT NULL,
    canonical_text  TEXT    NOT NULL,
    sha256          TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn')),
    decided_by      INTEGER REFERENCES users (id),
    decided_name    TEXT,
    decided_ip      TEXT,
    decided_at      INTEGER,
    decline_reason  TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX amendments_agreement ON amendments (agreement_id, id);

-- In-app notifications: one per state change that concerns a person.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,
    params_json TEXT    NOT NULL DEFAULT '{}',
    link        TEXT,
    -- Makes a job's notification idempotent: the same key is stored once.
    dedupe_key  TEXT    UNIQUE,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);

-- E-mail waiting to be sent; kept and retried while the mail server is down or not configured.
CREATE TABLE email_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER REFERENCES notifications (id),
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);

-- Programme settings of the lifecycle (clause 2.3.1, 12.2, 12.3).
INSERT INTO programme_settings (key, value, updated_at) VALUES
    ('membership.term_months', '12', 0),
    ('membership.renewal_offer_days', '30', 0),
    ('membership.grace_days', '30', 0);

-- Party A of the agreements (clause 13): the company running the programme.
INSERT INTO programme_settings (key, value, updated_at) VALUES
    ('company.name', 'VIP Care 客户服务有限公司', 0);
