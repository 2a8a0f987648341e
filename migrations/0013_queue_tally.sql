-- The staff queue's counts (clause 3.2.2) without counting: "all active" and "unassigned"
-- would otherwise scan every active request on each queue page (measured by vipcare-bench:
-- the SSR queue page spent most of its time in these two counts). Triggers keep the tallies
-- in the same transaction as the change, so they are exact; "mine", "branch" and "breached"
-- stay index range counts (small ranges by nature).
CREATE TABLE queue_tally (
    name TEXT PRIMARY KEY CHECK (name IN ('active', 'unassigned')),
    n    INTEGER NOT NULL CHECK (n >= 0)
) WITHOUT ROWID;

INSERT INTO queue_tally (name, n)
SELECT 'active', COUNT(*) FROM service_requests WHERE status IN ('new', 'open');
INSERT INTO queue_tally (name, n)
SELECT 'unassigned', COUNT(*) FROM service_requests
WHERE status IN ('new', 'open') AND assignee_id IS NULL;

CREATE TRIGGER queue_tally_insert AFTER INSERT ON service_requests
WHEN NEW.status IN ('new', 'open')
BEGIN
    UPDATE queue_tally SET n = n + 1 WHERE name = 'active';
    UPDATE queue_tally SET n = n + 1 WHERE name = 'unassigned' AND NEW.assignee_id IS NULL;
END;

CREATE TRIGGER queue_tally_delete AFTER DELETE ON service_requests
WHEN OLD.status IN ('new', 'open')
BEGIN
    UPDATE queue_tally SET n = n - 1 WHERE name = 'active';
    UPDATE queue_tally SET n = n - 1 WHERE name = 'unassigned' AND OLD.assignee_id IS NULL;
END;

CREATE TRIGGER queue_tally_update AFTER UPDATE OF status, assignee_id ON service_requests
BEGIN
    UPDATE queue_tally
    SET n = n + (NEW.status IN ('new', 'open')) - (OLD.status IN ('new', 'open'))
    WHERE name = 'active'
      AND (NEW.status IN ('new', 'open')) <> (OLD.status IN ('new', 'open'));
    UPDATE queue_tally
    SET n = n + (NEW.status IN ('new', 'open') AND NEW.assignee_id IS NULL)
              - (OLD.status IN ('new', 'open') AND OLD.assignee_id IS NULL)
    WHERE name = 'unassigned'
      AND (NEW.status IN ('new', 'open') AND NEW.assignee_id IS NULL)
          <> (OLD.status IN ('new', 'open') AND OLD.assignee_id IS NULL);
END;
