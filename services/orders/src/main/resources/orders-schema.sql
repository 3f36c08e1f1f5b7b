CREATE TABLE IF NOT EXISTS orders (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    total           INTEGER,
    currency        TEXT,
    status          TEXT NOT NULL,
    reason          TEXT,
    payment_id      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_creation ON orders (created_at, id);
CREATE TABLE IF NOT EXISTS order_items (
    order_id       TEXT NOT NULL REFERENCES orders (id),
    line           INTEGER NOT NULL,
    product_id     TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    unit_price     INTEGER,
    reservation_id TEXT,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE IF NOT EXISTS order_steps (
    order_id TEXT NOT NULL REFERENCES orders (id),
    seq      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    detail   TEXT,
    at       TEXT NOT NULL,
    PRIMARY KEY (order_id, seq)
)
