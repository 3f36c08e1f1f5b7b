CREATE TABLE IF NOT EXISTS users (
    id           TEXT PRIMARY KEY,
    -- personal data, sealed (PersonalData): AES-256-GCM bound to the row and column
    name_sealed  BLOB NOT NULL,
    email_sealed BLOB NOT NULL,
    -- the keyed hash of the lower-cased e-mail: found and kept unique without the e-mail itself
    email_lookup TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS users_by_creation ON users (created_at, id)
