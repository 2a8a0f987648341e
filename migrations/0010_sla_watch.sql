-- The SLA watcher (clauses 3.2.1, 3.4.1): `sla_check_at` is the next moment the every-minute job
-- must look at an active request — its next 80 % warning, due time or escalation. Any change to a
-- request's clock sets it to "now"; the job computes the next moment from the terms snapshot.
ALTER TABLE service_requests ADD COLUMN sla_check_at INTEGER;
UPDATE service_requests SET sla_check_at = created_at WHERE status IN ('new', 'open');
CREATE INDEX service_requests_sla_check ON service_requests (sla_check_at)
    WHERE status IN ('new', 'open') AND sla_check_at IS NOT NULL;

-- Resolved requests close seven days after resolution (the customer's reopening window).
CREATE INDEX service_requests_resolved ON service_requests (resolved_at) WHERE status = 'resolved';

-- Queue filters by kind and channel, and the "breached" filter (next due time already past).
CREATE INDEX service_requests_queue_due ON service_requests (next_due) WHERE status IN ('new', 'open');

-- Transfers name the branch a request went to at that moment.
ALTER TABLE request_events ADD COLUMN branch_id INTEGER REFERENCES branches (id);
