-- Complaints (clause 7), compensation (8.2), customer breach cases (4.3.2, 8.1) and disputes (11).

-- The deadlines of the complaint process (7.2), admin data. One row. Minutes of wall time:
-- acknowledge within 24 h of receipt, propose within 7 days of receipt, and a second proposal
-- within 7 days of the escalation.
CREATE TABLE complaint_settings (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    acknowledge_mins     INTEGER NOT NULL CHECK (acknowledge_mins > 0),
    propose_mins         INTEGER NOT NULL CHECK (propose_mins > 0),
    second_proposal_mins INTEGER NOT NULL CHECK (second_proposal_mins > 0),
    updated_by           INTEGER REFERENCES users (id),
    updated_at           INTEGER NOT NULL
);
INSERT INTO complaint_settings (id, acknowledge_mins, propose_mins, second_proposal_mins, updated_at)
VALUES (1, 1440, 10080, 10080, 0);

-- A customer's breach of the agreement (4.3.2, 8.1): opened by staff with evidence, decided by a
-- different reviewer; an upheld case ends the membership (rights end with it).
CREATE TABLE breach_cases (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES users (id),
    membership_id   INTEGER REFERENCES memberships (id),
    clause          TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    evidence        TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    opened_by       INTEGER NOT NULL REFERENCES users (id),
    opened_at       INTEGER NOT NULL,
    decided_by      INTEGER REFERENCES users (id),
    decided_at      INTEGER,
    decision_reason TEXT,
    CHECK (decided_by IS NULL OR decided_by <> opened_by),
    CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX breach_cases_customer ON breach_cases (customer_id, id);
CREATE INDEX breach_cases_open ON breach_cases (opened_at, id) WHERE status = 'open';

CREATE TABLE breach_files (
    breach_id INTEGER NOT NULL REFERENCES breach_cases (id),
    file_id   INTEGER NOT NULL REFERENCES files (id),
    PRIMARY KEY (breach_id, file_id)
) WITHOUT ROWID;

-- Complaints (7.1, 7.2). `status` moves received → acknowledged → investigating → proposed
-- (round 1) → closed | escalated → proposed (round 2) → closed | disputed. The queue sorts open
-- complaints like requests (3.2.2): `sort_level` (−VIP level rank), `next_due`, `received_at`, id.
-- `next_due` is the deadline of the step staff owe now (NULL while the customer is answering or
-- once finished); `due_step` names that step.
CREATE TABLE complaints (
    id              INTEGER PRIMARY KEY,
    number          TEXT    NOT NULL UNIQUE,
    customer_id     INTEGER NOT NULL REFERENCES users (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'branch')),
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    request_id      INTEGER REFERENCES service_requests (id),
    invoice_id      INTEGER REFERENCES invoices (id),
    agent_id        INTEGER REFERENCES users (id),
    breach_id       INTEGER REFERENCES breach_cases (id),
    status          TEXT    NOT NULL CHECK (status IN ('received', 'acknowledged', 'investigating',
                        'proposed', 'escalated', 'closed', 'disputed')),
    round           INTEGER NOT NULL DEFAULT 1 CHECK (round IN (1, 2)),
    level_rank      INTEGER NOT NULL DEFAULT 0,
    sort_level      INTEGER NOT NULL,
    branch_id       INTEGER REFERENCES branches (id),
    handler_id      INTEGER REFERENCES users (id),
    received_at     INTEGER NOT NULL,
    acknowledge_due INTEGER NOT NULL,
    proposal_due    INTEGER NOT NULL,
    due_step        TEXT CHECK (due_step IN ('acknowledge', 'propose', 'second_proposal')),
    next_due        INTEGER,
    acknowledged_at INTEGER,
    proposed_at     INTEGER,
    escalated_at    INTEGER,
    closed_at       INTEGER,
    recorded_by     INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((due_step IS NULL) = (next_due IS NULL))
);
CREATE INDEX complaints_customer ON complaints (customer_id, id);
CREATE INDEX complaints_queue ON complaints (sort_level, next_due, received_at, id)
    WHERE next_due IS NOT NULL;
CREATE INDEX complaints_due ON complaints (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX complaints_waiting ON complaints (updated_at) WHERE status = 'proposed';
CREATE INDEX complaints_received ON complaints (received_at);
CREATE INDEX complaints_breach ON complaints (breach_id) WHERE breach_id IS NOT NULL;

-- A proposed resolution (7.3): the finding, the remedy and any compensation, and the customer's
-- answer. Compensation is issued through billing (8.2) when the customer accepts: a credit on
-- their balance, or a credit finance then refunds.
CREATE TABLE complaint_proposals (
    id                INTEGER PRIMARY KEY,
    complaint_id      INTEGER NOT NULL REFERENCES complaints (id),
    round             INTEGER NOT NULL CHECK (round IN (1, 2)),
    finding           TEXT    NOT NULL CHECK (finding IN ('upheld', 'partly_upheld', 'not_upheld')),
    remedy            TEXT    NOT NULL,
    compensation      INTEGER NOT NULL DEFAULT 0 CHECK (compensation >= 0),
    compensation_form TEXT    NOT NULL CHECK (compensation_form IN ('none', 'credit', 'refund')),
    proposed_by       INTEGER NOT NULL REFERENCES users (id),
    proposed_at       INTEGER NOT NULL,
    answer            TEXT CHECK (answer IN ('accepted', 'rejected')),
    answer_comment    TEXT,
    answered_at       INTEGER,
    credit_id         INTEGER REFERENCES credits (id),
    UNIQUE (complaint_id, round),
    CHECK ((compensation = 0) = (compensation_form = 'none'))
);

-- The complaint's history: every step, who and when; `internal` notes are for staff only.
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    actor_id     INTEGER REFERENCES users (id),
    kind         TEXT    NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    note         TEXT    NOT NULL DEFAULT '',
    internal     INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    at           INTEGER NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Overdue steps, flagged and notified once each (the deadline job's idempotency key).
CREATE TABLE complaint_overdue (
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    step         TEXT    NOT NULL CHECK (step IN ('acknowledge', 'propose', 'second_proposal')),
    at           INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, step)
) WITHOUT ROWID;

-- Automatic compensation per VIP level (8.2): a fixed credit per breached SLA target, capped per
-- calendar month (Asia/Shanghai). Amounts in fen; 0 means none for that target.
CREATE TABLE compensation_policies (
    level_id           INTEGER PRIMARY KEY REFERENCES vip_levels (id),
    first_response_fen INTEGER NOT NULL CHECK (first_response_fen >= 0),
    resolution_fen     INTEGER NOT NULL CHECK (resolution_fen >= 0),
    monthly_cap_fen    INTEGER NOT NULL CHECK (monthly_cap_fen >= 0),
    updated_by         INTEGER REFERENCES users (id),
    updated_at         INTEGER NOT NULL
);

-- What automatic compensation granted: once per breached request and target.
CREATE TABLE compensation_grants (
    request_id  INTEGER NOT NULL REFERENCES service_requests (id),
    target      TEXT    NOT NULL CHECK (target IN ('first_response', 'resolution')),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    month       TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    credit_id   INTEGER NOT NULL REFERENCES credits (id),
    at          INTEGER NOT NULL,
    PRIMARY KEY (request_id, target)
) WITHOUT ROWID;
CREATE INDEX compensation_grants_month ON compensation_grants (customer_id, month);

-- Disputes (11): how the parties try to resolve one (negotiation, mediation, arbitration,
-- court), before which body, the key dates, documents and the result. Steps in order.
CREATE TABLE disputes (
    id           INTEGER PRIMARY KEY,
    number       TEXT    NOT NULL UNIQUE,
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    complaint_id INTEGER UNIQUE REFERENCES complaints (id),
    method       TEXT    NOT NULL CHECK (method IN ('negotiation', 'mediation', 'arbitration', 'court')),
    body         TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL CHECK (status IN ('open', 'settled', 'decided', 'withdrawn')),
    result       TEXT,
    opened_on    TEXT    NOT NULL,
    closed_on    TEXT,
    opened_by    INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX disputes_customer ON disputes (customer_id, id);
CREATE INDEX disputes_open ON disputes (id) WHERE status = 'open';

CREATE TABLE dispute_steps (
    id          INTEGER PRIMARY KEY,
    dispute_id  INTEGER NOT NULL REFERENCES disputes (id),
    seq         INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    method      TEXT    NOT NULL CHECK (method IN ('negotiation', 'mediation', 'arbitration', 'court')),
    body        TEXT    NOT NULL DEFAULT '',
    happened_on TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users (id),
    recorded_at INTEGER NOT NULL,
    UNIQUE (dispute_id, seq)
);

CREATE TABLE dispute_files (
    dispute_id INTEGER NOT NULL REFERENCES disputes (id),
    step_id    INTEGER REFERENCES dispute_steps (id),
    file_id    INTEGER NOT NULL REFERENCES files (id),
    PRIMARY KEY (dispute_id, file_id)
) WITHOUT ROWID;
