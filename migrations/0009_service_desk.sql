-- Service desk (clause 3): branches and agents, SLA calendars and policies, requests with their
-- conversation, timeline, pauses and SLA events. Times are Unix ms UTC; days are Shanghai dates.

-- Headquarters and branches (3.4.2), each with a supervisor.
CREATE TABLE branches (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE,
    name_zh         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    is_headquarters INTEGER NOT NULL DEFAULT 0 CHECK (is_headquarters IN (0, 1)),
    supervisor_id   INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX branches_one_headquarters ON branches (is_headquarters) WHERE is_headquarters = 1;

-- Which branch a staff member works in, and whether they are away.
CREATE TABLE staff_branches (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    branch_id  INTEGER NOT NULL REFERENCES branches (id),
    away       INTEGER NOT NULL DEFAULT 0 CHECK (away IN (0, 1)),
    updated_at INTEGER NOT NULL
);
CREATE INDEX staff_branches_branch ON staff_branches (branch_id);

-- Each VIP's dedicated agent (3.1.1), assigned by an admin.
CREATE TABLE dedicated_agents (
    customer_id INTEGER PRIMARY KEY REFERENCES users (id),
    agent_id    INTEGER NOT NULL REFERENCES users (id),
    assigned_by INTEGER REFERENCES users (id),
    assigned_at INTEGER NOT NULL
);
CREATE INDEX dedicated_agents_agent ON dedicated_agents (agent_id);

-- Working calendars (3.4.1): 24×7, or opening hours on working weekdays in a fixed-offset zone,
-- minus holidays, plus adjusted working days (调休).
CREATE TABLE sla_calendars (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    always_open     INTEGER NOT NULL CHECK (always_open IN (0, 1)),
    utc_offset_secs INTEGER NOT NULL DEFAULT 28800,
    open_min        INTEGER NOT NULL DEFAULT 540 CHECK (open_min BETWEEN 0 AND 1440),
    close_min       INTEGER NOT NULL DEFAULT 1080 CHECK (close_min BETWEEN 0 AND 1440),
    -- Monday … Sunday, '1' = working weekday.
    weekdays        TEXT    NOT NULL DEFAULT '1111100' CHECK (length(weekdays) = 7),
    updated_at      INTEGER NOT NULL
);

CREATE TABLE sla_calendar_days (
    calendar_id INTEGER NOT NULL REFERENCES sla_calendars (id),
    day         TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (calendar_id, day)
) WITHOUT ROWID;

-- SLA terms per VIP level; the row without a level is for customers who are not VIPs.
CREATE TABLE sla_policies (
    id                  INTEGER PRIMARY KEY,
    level_id            INTEGER UNIQUE REFERENCES vip_levels (id),
    first_response_mins INTEGER NOT NULL CHECK (first_response_mins > 0),
    resolution_mins     INTEGER NOT NULL CHECK (resolution_mins > 0),
    calendar_id         INTEGER NOT NULL REFERENCES sla_calendars (id),
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_policies_non_vip ON sla_policies ((level_id IS NULL)) WHERE level_id IS NULL;

INSERT INTO sla_calendars (id, name, always_open, updated_at) VALUES (1, '24×7', 1, 0);
INSERT INTO sla_calendars (id, name, always_open, open_min, close_min, weekdays, updated_at)
VALUES (2, '工作日 / Business days (Mon–Fri 09:00–18:00 Asia/Shanghai)', 0, 540, 1080, '1111100', 0);
-- Non-VIP: 8 and 72 business hours. VIP levels: 1 h first response, 24 h resolution, 24×7.
INSERT INTO sla_policies (level_id, first_response_mins, resolution_mins, calendar_id, updated_at)
VALUES (NULL, 480, 4320, 2, 0);
INSERT INTO sla_policies (level_id, first_response_mins, resolution_mins, calendar_id, updated_at)
SELECT id, 60, 1440, 1, 0 FROM vip_levels;

-- Service requests (clauses 3.2, 3.3.1). `sla_json` snapshots the terms in force for the
-- customer when the request was opened. The queue sorts active requests by `sort_urgency`
-- (−urgency), `sort_level` (−VIP level rank), `next_due`, `created_at`, `id` (clause 3.2.2).
CREATE TABLE service_requests (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES users (id),
    kind               TEXT    NOT NULL CHECK (kind IN ('consultation', 'custom_plan', 'other')),
    channel            TEXT    NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'branch')),
    urgency            INTEGER NOT NULL CHECK (urgency BETWEEN 0 AND 3),
    subject            TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('new', 'open', 'waiting_on_customer', 'resolved', 'closed')),
    level_rank         INTEGER NOT NULL DEFAULT 0,
    sort_urgency       INTEGER NOT NULL,
    sort_level         INTEGER NOT NULL,
    sla_json           TEXT    NOT NULL,
    assignee_id        INTEGER REFERENCES users (id),
    branch_id          INTEGER REFERENCES branches (id),
    plan_id            INTEGER REFERENCES service_plans (id),
    first_response_due INTEGER,
    resolution_due     INTEGER,
    next_due           INTEGER,
    first_response_at  INTEGER,
    resolved_at        INTEGER,
    closed_at          INTEGER,
    created_by         INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX service_requests_customer ON service_requests (customer_id, id);
CREATE INDEX service_requests_queue ON service_requests (sort_urgency, sort_level, next_due, created_at, id)
    WHERE status IN ('new', 'open');
CREATE INDEX service_requests_assignee ON service_requests (assignee_id, sort_urgency, sort_level, next_due, created_at, id)
    WHERE status IN ('new', 'open');
CREATE INDEX service_requests_branch ON service_requests (branch_id, sort_urgency, sort_level, next_due, created_at, id)
    WHERE status IN ('new', 'open');

-- The conversation; internal notes are never shown to the customer.
CREATE TABLE request_messages (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES service_requests (id),
    author_id  INTEGER REFERENCES users (id),
    body       TEXT    NOT NULL,
    internal   INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX request_messages_request ON request_messages (request_id, id);

CREATE TABLE request_files (
    request_id INTEGER NOT NULL REFERENCES service_requests (id),
    message_id INTEGER REFERENCES request_messages (id),
    file_id    INTEGER NOT NULL REFERENCES files (id),
    PRIMARY KEY (request_id, file_id)
) WITHOUT ROWID;

-- The timeline: status changes, assignments, transfers (with a note).
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests (id),
    actor_id    INTEGER REFERENCES users (id),
    kind        TEXT    NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    assignee_id INTEGER REFERENCES users (id),
    note        TEXT    NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- Pauses of the SLA clock while waiting on the customer.
CREATE TABLE request_pauses (
    request_id INTEGER NOT NULL REFERENCES service_requests (id),
    start_at   INTEGER NOT NULL,
    end_at     INTEGER,
    PRIMARY KEY (request_id, start_at)
) WITHOUT ROWID;

-- SLA warnings (80 %), breaches and escalations, once each per target: the record quality and
-- compensation read later, and the job's idempotency key.
CREATE TABLE sla_events (
    request_id INTEGER NOT NULL REFERENCES service_requests (id),
    target     TEXT    NOT NULL CHECK (target IN ('first_response', 'resolution')),
    stage      TEXT    NOT NULL CHECK (stage IN ('at_risk', 'breached', 'escalated')),
    at         INTEGER NOT NULL,
    PRIMARY KEY (request_id, target, stage)
) WITHOUT ROWID;
