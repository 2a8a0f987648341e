-- Billing, second part (clauses 6.2, 8.2, 3.2.3, 14).

-- Refunds of customer credit (8.2): money paid back out of a credit's remainder, with how and
-- when. `credits.refunded` is the running sum; this table is the record of each refund.
CREATE TABLE refunds (
    id          INTEGER PRIMARY KEY,
    credit_id   INTEGER NOT NULL REFERENCES credits (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT    NOT NULL CHECK (method IN ('bank_transfer', 'branch_card', 'branch_cash', 'online')),
    reference   TEXT    NOT NULL,
    refunded_on TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX refunds_credit ON refunds (credit_id, id);
CREATE INDEX refunds_customer ON refunds (customer_id, id);

-- Online payment attempts (6.2): the customer starts a checkout at a payment provider; the
-- provider's signed confirmation records the payment once, however often it is delivered.
CREATE TABLE payment_checkouts (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    provider    TEXT    NOT NULL,
    token       TEXT    NOT NULL UNIQUE,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    status      TEXT    NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
    payment_id  INTEGER REFERENCES payments (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX payment_checkouts_invoice ON payment_checkouts (invoice_id, id);

-- A custom service plan attached to the agreement (14) points at its plan.
ALTER TABLE agreement_attachments ADD COLUMN plan_id INTEGER REFERENCES service_plans (id);
