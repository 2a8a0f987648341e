-- Fees and payment (clauses 3.2.3, 6, 8.2, 9.3): the published fee schedule in versions,
-- invoices with gapless numbers, payments, waivers and extra discounts, credit notes and
-- custom service plans. Money is integer fen; times unix ms UTC; *_on / *_date columns are
-- Asia/Shanghai calendar dates 'YYYY-MM-DD'.

-- A version of the fee schedule (6.1.2). Drafts are edited; a published version is never
-- changed again (triggers below): a new price is a new version with its own effective date.
CREATE TABLE fee_versions (
    id             INTEGER PRIMARY KEY,
    label          TEXT    NOT NULL,
    effective_from TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    published_by   INTEGER REFERENCES users (id),
    published_at   INTEGER
);
CREATE INDEX fee_versions_effective ON fee_versions (status, effective_from);

CREATE TABLE fee_items (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES fee_versions (id),
    code       TEXT    NOT NULL,
    name_zh    TEXT    NOT NULL,
    name_en    TEXT    NOT NULL,
    unit_zh    TEXT    NOT NULL,
    unit_en    TEXT    NOT NULL,
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    tax_bp     INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
    position   INTEGER NOT NULL,
    UNIQUE (version_id, code)
);

-- A published version and its items are frozen.
CREATE TRIGGER fee_versions_frozen BEFORE UPDATE ON fee_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published fee version is never changed');
END;
CREATE TRIGGER fee_versions_no_delete BEFORE DELETE ON fee_versions
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published fee version is never deleted');
END;
CREATE TRIGGER fee_items_frozen_update BEFORE UPDATE ON fee_items
WHEN (SELECT status FROM fee_versions WHERE id = OLD.version_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'items of a published fee version are never changed');
END;
CREATE TRIGGER fee_items_frozen_delete BEFORE DELETE ON fee_items
WHEN (SELECT status FROM fee_versions WHERE id = OLD.version_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'items of a published fee version are never changed');
END;
CREATE TRIGGER fee_items_frozen_insert BEFORE INSERT ON fee_items
WHEN (SELECT status FROM fee_versions WHERE id = NEW.version_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'items of a published fee version are never changed');
END;

-- Gapless document numbers per year and series ('INV', 'CN'): the counter moves in the same
-- write transaction that issues the document, so a rolled-back issue leaves no hole.
CREATE TABLE document_counters (
    series TEXT    NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (series, year)
) WITHOUT ROWID;

-- An invoice (6.2). Stored status: draft | issued | partially_paid | paid | void; "overdue" is
-- derived from the due date on every read, so it is never stale. The totals are kept on the
-- row (recomputed from the lines by the service in the same transaction) for lists and reports.
CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    number       TEXT    UNIQUE,
    year         INTEGER,
    seq          INTEGER,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'issued', 'partially_paid', 'paid', 'void')),
    discount_bp  INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    level_name   TEXT,
    subtotal     INTEGER NOT NULL DEFAULT 0,
    discount     INTEGER NOT NULL DEFAULT 0,
    tax          INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    waived       INTEGER NOT NULL DEFAULT 0,
    paid         INTEGER NOT NULL DEFAULT 0,
    credited     INTEGER NOT NULL DEFAULT 0,
    issue_date   TEXT,
    due_date     TEXT,
    note         TEXT    NOT NULL DEFAULT '',
    plan_id      INTEGER,
    created_by   INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    issued_by    INTEGER REFERENCES users (id),
    issued_at    INTEGER,
    voided_by    INTEGER REFERENCES users (id),
    voided_at    INTEGER,
    void_reason  TEXT,
    updated_at   INTEGER NOT NULL,
    CHECK (total - waived - paid - credited >= 0),
    CHECK ((number IS NULL) = (status = 'draft'))
);
CREATE INDEX invoices_customer ON invoices (customer_id, id);
CREATE INDEX invoices_open ON invoices (status, due_date);

-- Numbered lines, each priced from the fee version in force on its service date.
CREATE TABLE invoice_lines (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    line_no        INTEGER NOT NULL,
    fee_item_id    INTEGER REFERENCES fee_items (id),
    code           TEXT    NOT NULL,
    name_zh        TEXT    NOT NULL,
    name_en        TEXT    NOT NULL,
    unit_zh        TEXT    NOT NULL,
    unit_en        TEXT    NOT NULL,
    service_date   TEXT    NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    unit_price     INTEGER NOT NULL CHECK (unit_price >= 0),
    discount_bp    INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    tax_bp         INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    amount         INTEGER NOT NULL,
    discount       INTEGER NOT NULL,
    tax            INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    UNIQUE (invoice_id, line_no)
);

-- Payments recorded by finance or confirmed by a provider (6.2). `applied` went to the
-- invoice; the rest of `amount` became customer credit (credit_id).
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    method       TEXT    NOT NULL CHECK (method IN ('bank_transfer', 'branch_card', 'branch_cash', 'online')),
    reference    TEXT    NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    applied      INTEGER NOT NULL CHECK (applied >= 0 AND applied <= amount),
    received_on  TEXT    NOT NULL,
    provider     TEXT,
    credit_id    INTEGER,
    recorded_by  INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id, id);
CREATE INDEX payments_customer ON payments (customer_id, id);
-- A provider's confirmation is recorded once, however often it is delivered.
CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, reference) WHERE provider IS NOT NULL;

-- One-off waivers and extra discounts (6.3): proposed by finance, decided by another finance
-- or admin user; an approved one reduces the invoice's balance.
CREATE TABLE invoice_adjustments (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('waiver', 'extra_discount')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reason      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by INTEGER NOT NULL REFERENCES users (id),
    proposed_at INTEGER NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  INTEGER,
    decision_note TEXT,
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX invoice_adjustments_invoice ON invoice_adjustments (invoice_id, id);
CREATE INDEX invoice_adjustments_open ON invoice_adjustments (status, proposed_at);

-- Customer credit (8.2): a credit note against an invoice or standalone (compensation), or an
-- overpayment. `remaining` goes down as it is applied to invoices or refunded.
CREATE TABLE credits (
    id          INTEGER PRIMARY KEY,
    number      TEXT    NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES users (id),
    invoice_id  INTEGER REFERENCES invoices (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('credit_note', 'overpayment', 'compensation')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    remaining   INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    reason      TEXT    NOT NULL,
    issued_on   TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    refunded    INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0)
);
CREATE INDEX credits_customer ON credits (customer_id, id);

CREATE TABLE credit_applications (
    id         INTEGER PRIMARY KEY,
    credit_id  INTEGER NOT NULL REFERENCES credits (id),
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    applied_at INTEGER NOT NULL
);
CREATE INDEX credit_applications_invoice ON credit_applications (invoice_id);
CREATE INDEX credit_applications_credit ON credit_applications (credit_id);

-- Custom service plans (3.2.3): the customer's request, staff's priced proposal, the answer.
CREATE TABLE service_plans (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    request      TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('requested', 'proposed', 'accepted', 'declined', 'withdrawn')),
    proposal     TEXT,
    valid_until  TEXT,
    proposed_by  INTEGER REFERENCES users (id),
    proposed_at  INTEGER,
    answered_at  INTEGER,
    invoice_id   INTEGER REFERENCES invoices (id),
    agreement_id INTEGER REFERENCES agreements (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX service_plans_customer ON service_plans (customer_id, id);
CREATE INDEX service_plans_status ON service_plans (status, created_at);

CREATE TABLE service_plan_lines (
    plan_id     INTEGER NOT NULL REFERENCES service_plans (id),
    line_no     INTEGER NOT NULL,
    fee_item_id INTEGER NOT NULL REFERENCES fee_items (id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (plan_id, line_no)
) WITHOUT ROWID;

-- Billing settings (6.2): payment term in days.
INSERT INTO programme_settings (key, value, updated_at) VALUES
    ('billing.net_days', '15', 0);

-- The shipped schedule: one published version in force from the start of 2025, so /fees and
-- invoices work on a fresh installation. Finance publishes later versions from the admin area.
INSERT INTO fee_versions (id, label, effective_from, status, created_at, published_at)
VALUES (1, '2025', '2025-01-01', 'draft', 0, NULL);
INSERT INTO fee_items (version_id, code, name_zh, name_en, unit_zh, unit_en, unit_price, tax_bp, position) VALUES
    (1, 'vip-annual',   'VIP 年度服务费',   'VIP annual service fee',     '年', 'year',    880000, 600, 1),
    (1, 'consult-hour', '专属顾问咨询',     'Dedicated adviser session',  '小时', 'hour',   60000, 600, 2),
    (1, 'onsite-visit', '上门服务',         'On-site visit',              '次', 'visit',    120000, 600, 3),
    (1, 'express-ship', '加急配送',         'Express delivery',           '次', 'delivery',  5000, 600, 4),
    (1, 'event-pass',   '会员专享活动',     'Members'' event pass',       '人', 'person',   30000, 600, 5);
UPDATE fee_versions SET status = 'published', published_at = 0 WHERE id = 1;
