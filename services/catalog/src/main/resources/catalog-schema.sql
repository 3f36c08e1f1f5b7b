CREATE TABLE IF NOT EXISTS products (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    price    INTEGER NOT NULL CHECK (price > 0),
    currency TEXT NOT NULL,
    stock    INTEGER NOT NULL CHECK (stock >= 0)
);
CREATE TABLE IF NOT EXISTS reservations (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id),
    order_id   TEXT NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (product_id, order_id)
);
-- Products an order may no longer reserve: its saga gave up, so a reservation still on its way (its request was
-- slow, its sender timed out) is refused instead of holding stock for a failed order.
CREATE TABLE IF NOT EXISTS reservation_cancellations (
    product_id   TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    cancelled_at TEXT NOT NULL,
    PRIMARY KEY (product_id, order_id)
);
INSERT OR IGNORE INTO products (id, name, price, currency, stock) VALUES
    ('mechanical-keyboard', 'Mechanical keyboard', 12900, 'EUR', 5000),
    ('wireless-mouse', 'Wireless mouse', 3900, 'EUR', 5000),
    ('usb-c-hub', 'USB-C hub', 4900, 'EUR', 5000),
    ('noise-cancelling-headphones', 'Noise-cancelling headphones', 24900, 'EUR', 5000),
    ('4k-monitor', '4K monitor', 39900, 'EUR', 2000),
    ('standing-desk', 'Standing desk', 59900, 'EUR', 1000),
    ('ergonomic-chair', 'Ergonomic chair', 44900, 'EUR', 1000),
    ('webcam', 'Webcam', 7900, 'EUR', 5000),
    ('laptop-stand', 'Laptop stand', 2900, 'EUR', 5000),
    ('desk-lamp', 'Desk lamp', 3400, 'EUR', 5000),
    ('espresso-machine', 'Espresso machine', 89900, 'EUR', 500),
    ('signed-poster', 'Signed conference poster (limited)', 1500, 'EUR', 5)
