-- Service quality (clause 5): customer feedback, quality standards, monthly evaluations stored
-- per period, training for staff below standard. Times are Unix ms UTC; periods are calendar
-- months in Asia/Shanghai ('2026-11').

-- Feedback (5.3.1). A rating (1–5) of a resolved request or a closed complaint — once per item,
-- changeable by the customer for 7 days — or free-form feedback from the portal (rating
-- optional), or feedback staff received by phone, e-mail or at a branch (`recorded_by`, with its
-- channel). `agent_id` and `branch_id` are who handled the item when it was rated: evaluations
-- read them, so a later reassignment does not move a rating to someone else.
CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES users (id),
    request_id   INTEGER REFERENCES service_requests (id),
    complaint_id INTEGER REFERENCES complaints (id),
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment      TEXT    NOT NULL DEFAULT '',
    channel      TEXT    NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'branch')),
    agent_id     INTEGER REFERENCES users (id),
    branch_id    INTEGER REFERENCES branches (id),
    recorded_by  INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CHECK (request_id IS NULL OR complaint_id IS NULL),
    -- An item is always rated; free-form feedback needs a comment.
    CHECK ((request_id IS NULL AND complaint_id IS NULL) OR rating IS NOT NULL),
    CHECK (rating IS NOT NULL OR comment <> '')
);
CREATE UNIQUE INDEX feedback_request ON feedback (request_id) WHERE request_id IS NOT NULL;
CREATE UNIQUE INDEX feedback_complaint ON feedback (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX feedback_customer ON feedback (customer_id, id);
CREATE INDEX feedback_created ON feedback (created_at);
CREATE INDEX feedback_agent ON feedback (agent_id, created_at) WHERE agent_id IS NOT NULL;

-- Quality standards (5.2.2), admin data: below standard is a CSAT under `min_csat_centi`/100
-- over at least `min_ratings` ratings, or SLA compliance under `min_sla_bp`/100 %.
-- `public_figures`: the public home page shows last month's programme-wide figures.
CREATE TABLE quality_standards (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    min_csat_centi INTEGER NOT NULL DEFAULT 400 CHECK (min_csat_centi BETWEEN 100 AND 500),
    min_ratings    INTEGER NOT NULL DEFAULT 5 CHECK (min_ratings >= 1),
    min_sla_bp     INTEGER NOT NULL DEFAULT 9000 CHECK (min_sla_bp BETWEEN 0 AND 10000),
    public_figures INTEGER NOT NULL DEFAULT 0 CHECK (public_figures IN (0, 1)),
    updated_by     INTEGER REFERENCES users (id),
    updated_at     INTEGER NOT NULL
);
INSERT INTO quality_standards (id, updated_at) VALUES (1, 0);

-- A computed month (5.2.1). Once stored, later changes to the data do not rewrite it; an admin
-- may recompute it explicitly (`revision` + 1, audited). `standards_json`: the standards the
-- period was judged by.
CREATE TABLE quality_periods (
    period         TEXT    PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    revision       INTEGER NOT NULL DEFAULT 1,
    standards_json TEXT    NOT NULL,
    computed_by    INTEGER REFERENCES users (id),
    computed_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per period and agent, branch, or the whole programme (`subject_id` 0). Requests count
-- in the month they were resolved; times are working seconds in each request's SLA calendar,
-- pauses excluded. SLA compliance counts the targets (first response, resolution) met.
CREATE TABLE quality_evaluations (
    period          TEXT    NOT NULL REFERENCES quality_periods (period),
    scope           TEXT    NOT NULL CHECK (scope IN ('agent', 'branch', 'programme')),
    subject_id      INTEGER NOT NULL,
    ratings         INTEGER NOT NULL DEFAULT 0,
    rating_sum      INTEGER NOT NULL DEFAULT 0,
    requests        INTEGER NOT NULL DEFAULT 0,
    frt_median_secs INTEGER,
    frt_p90_secs    INTEGER,
    res_median_secs INTEGER,
    res_p90_secs    INTEGER,
    sla_met         INTEGER NOT NULL DEFAULT 0,
    sla_total       INTEGER NOT NULL DEFAULT 0,
    complaints      INTEGER NOT NULL DEFAULT 0,
    upheld          INTEGER NOT NULL DEFAULT 0,
    below_standard  INTEGER NOT NULL DEFAULT 0 CHECK (below_standard IN (0, 1)),
    -- Why: 'csat', 'sla' or 'csat,sla'.
    reasons         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (period, scope, subject_id)
) WITHOUT ROWID;

-- Training for staff below standard (5.2.2): quality staff assign (topic, due date, material),
-- the agent marks it done with a note, quality staff verify — or send it back with a note.
CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES users (id),
    period      TEXT,
    topic       TEXT    NOT NULL,
    material    TEXT    NOT NULL DEFAULT '',
    due_on      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('assigned', 'done', 'verified')),
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    assigned_at INTEGER NOT NULL,
    done_note   TEXT,
    done_at     INTEGER,
    verified_by INTEGER REFERENCES users (id),
    verified_at INTEGER,
    review_note TEXT,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX trainings_agent ON trainings (agent_id, id);
CREATE INDEX trainings_open ON trainings (status, due_on) WHERE status <> 'verified';

-- Process optimisation (5.2.3) reads the time each request spent in each status from
-- `request_events`; the month filter needs them by time.
CREATE INDEX request_events_at ON request_events (at);
CREATE INDEX service_requests_resolved_at ON service_requests (resolved_at) WHERE resolved_at IS NOT NULL;
