CREATE TABLE IF NOT EXISTS payments (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL UNIQUE,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    currency   TEXT NOT NULL,
    status     TEXT NOT NULL,
    reason     TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- Orders whose saga gave up before any charge was recorded: a charge that arrives late (its request was slow,
-- its sender timed out) is refused instead of taking money for a failed order.
CREATE TABLE IF NOT EXISTS payment_voids (
    order_id  TEXT PRIMARY KEY,
    voided_at TEXT NOT NULL
)
