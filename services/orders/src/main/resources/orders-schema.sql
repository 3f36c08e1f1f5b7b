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
-- the compensator looks for unfinished compensating orders four times a second
CREATE INDEX IF NOT EXISTS orders_compensating ON orders (id) WHERE status = 'COMPENSATING';
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
);
-- Compensations a failed saga still owes, retried with backoff (across restarts) until they succeed. A row is
-- deleted once its step succeeded (order_steps keeps the story). Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS order_compensations (
    order_id        TEXT NOT NULL REFERENCES orders (id),
    seq             INTEGER NOT NULL,
    action          TEXT NOT NULL,
    product_id      TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (order_id, action, product_id)
);
CREATE INDEX IF NOT EXISTS compensations_due ON order_compensations (next_attempt_at)
;
-- Events of ended sagas, written in the transaction that ends the saga and published to the broker by the relay
-- (the transactional outbox): a row waits here while the broker is away. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS outbox (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    type          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    trace_context TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL
