-- One shipment per confirmed order, created from its OrderConfirmed event. event_id makes a redelivered or replayed
-- event a no-op, and order_id makes a second event for the same order one too (a shipment is never doubled).
CREATE TABLE IF NOT EXISTS shipments (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE,
    event_id     TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL,
    items        TEXT NOT NULL,
    status       TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shipments_by_creation ON shipments (created_at, id)
