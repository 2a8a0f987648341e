-- The programme as published to visitors: VIP levels with their thresholds (clause 2.1.1)
-- and programme settings such as the complaint channels (clause 7.1). Money in fen.
CREATE TABLE vip_levels (
    id               INTEGER PRIMARY KEY,
    code             TEXT    NOT NULL UNIQUE,
    name_zh          TEXT    NOT NULL,
    name_en          TEXT    NOT NULL,
    rank             INTEGER NOT NULL UNIQUE,
    spend_threshold  INTEGER NOT NULL CHECK (spend_threshold >= 0),
    points_threshold INTEGER NOT NULL CHECK (points_threshold >= 0),
    discount_bp      INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    entry_fee        INTEGER NOT NULL DEFAULT 0 CHECK (entry_fee >= 0),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- Shipped default (SPEC §2): one level "VIP", ¥50,000 or 50,000 points.
INSERT INTO vip_levels (code, name_zh, name_en, rank, spend_threshold, points_threshold, discount_bp, entry_fee, created_at, updated_at)
VALUES ('vip', 'VIP', 'VIP', 1, 5000000, 50000, 0, 0, 0, 0);

CREATE TABLE programme_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO programme_settings (key, value, updated_at) VALUES
    ('complaints.phone', '400-820-8820', 0),
    ('complaints.email', 'vip-care@example.com', 0),
    ('complaints.acknowledge_hours', '24', 0),
    ('complaints.resolution_days', '7', 0);
