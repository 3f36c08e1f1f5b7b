package dev.faultline.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;

/** Users in the service's own database, their personal data sealed ({@link PersonalData}). */
final class UserRepository {

    private static final String NAME = "name";
    private static final String EMAIL = "email";
    /** Rows resealed per transaction in a key rotation. */
    private static final int RESEAL_BATCH = 200;

    private final Database database;
    /** The process's clock: what the store records as "now" is what the rest of the process compares with. */
    private final Clock clock;
    private final PersonalData personal;

    UserRepository(Database database, Clock clock, PersonalData personal) {
        this.database = database;
        this.clock = clock;
        this.personal = personal;
    }

    /** Stores a new user, or returns empty when the e-mail is taken (in any letter case). */
    Optional<User> create(String name, String email) {
        User user = new User(Ids.next(), name, email);
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    insertInto("users") + " ON CONFLICT (email_lookup) DO NOTHING")) {
                bindSealed(insert, user, clock.instant().toString());
                return insert.executeUpdate() == 1 ? Optional.of(user) : Optional.empty();
            }
        });
    }

    Optional<User> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name_sealed, email_sealed FROM users WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(user(rows)) : Optional.empty();
                }
            }
        });
    }

    PageRequest.Page<User> list(PageRequest page) {
        return database.page(page, "id, name_sealed, email_sealed", "users", "created_at, id", this::user);
    }

    private User user(ResultSet rows) throws SQLException {
        String id = rows.getString("id");
        return new User(id, personal.open(NAME, id, rows.getBytes("name_sealed")),
                personal.open(EMAIL, id, rows.getBytes("email_sealed")));
    }

    /**
     * Seals the rows of a database from before personal data was sealed (a {@code users} table with plaintext
     * {@code name} and {@code email}), all in one transaction, then leaves no plaintext copy in the files (free pages,
     * the write-ahead log). Does nothing on a sealed database.
     *
     * @return how many rows it sealed
     */
    int sealPlaintextRows() {
        int sealed = database.writeUntraced(connection -> {
            if (!columns(connection).contains(EMAIL)) {
                return -1;
            }
            List<String[]> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet old = statement.executeQuery("SELECT id, name, email, created_at FROM users")) {
                while (old.next()) {
                    rows.add(new String[] {old.getString(1), old.getString(2), old.getString(3), old.getString(4)});
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE users_sealed (id TEXT PRIMARY KEY, name_sealed BLOB NOT NULL, "
                        + "email_sealed BLOB NOT NULL, email_lookup TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement(insertInto("users_sealed"))) {
                for (String[] row : rows) {
                    bindSealed(insert, new User(row[0], row[1], row[2]), row[3]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE users");
                statement.execute("ALTER TABLE users_sealed RENAME TO users");
                statement.execute("CREATE INDEX IF NOT EXISTS users_by_creation ON users (created_at, id)");
            }
            return rows.size();
        });
        if (sealed < 0) {
            return 0;
        }
        database.compact();
        return sealed;
    }

    /** How many rows each field key seals (by the key id the e-mail's ciphertext names). */
    Map<Integer, Integer> rowsByKey() {
        return database.readUntraced(connection -> {
            Map<Integer, Integer> counts = new TreeMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT substr(email_sealed, 1, 5) FROM users")) {
                while (rows.next()) {
                    counts.merge(PersonalData.keyIdOf(rows.getBytes(1)), 1, Integer::sum);
                }
            }
            return counts;
        });
    }

    /**
     * Moves every row sealed with an older key to the key that seals now, a batch at a time (each its own
     * transaction, so readers wait for a batch, not the whole table), then leaves no copy of the old ciphertexts in
     * the files.
     *
     * @return how many rows it resealed
     */
    int resealAll() {
        int primary = personal.primaryKeyId();
        int moved = 0;
        Optional<Batch> batch = Optional.of(new Batch("", 0));
        while (batch.isPresent()) {
            String after = batch.get().lastId();
            batch = database.writeUntraced(connection -> resealBatch(connection, after, primary));
            moved += batch.map(Batch::moved).orElse(0);
        }
        database.compact();
        return moved;
    }

    /** A batch of a rotation: the last row it read, and how many of its rows moved to the new key. */
    private record Batch(String lastId, int moved) {
    }

    /** The next rows after {@code after}, those sealed with another key than {@code primary} resealed; empty at the end. */
    private Optional<Batch> resealBatch(Connection connection, String after, int primary) throws SQLException {
        String last = null;
        int moved = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name_sealed, email_sealed FROM users WHERE id > ? ORDER BY id LIMIT " + RESEAL_BATCH);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE users SET name_sealed = ?, email_sealed = ? WHERE id = ?")) {
            select.setString(1, after);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    last = rows.getString(1);
                    byte[] name = rows.getBytes(2);
                    byte[] email = rows.getBytes(3);
                    if (PersonalData.keyIdOf(name) != primary || PersonalData.keyIdOf(email) != primary) {
                        update.setBytes(1, personal.seal(NAME, last, personal.open(NAME, last, name)));
                        update.setBytes(2, personal.seal(EMAIL, last, personal.open(EMAIL, last, email)));
                        update.setString(3, last);
                        update.addBatch();
                        moved++;
                    }
                }
            }
            update.executeBatch();
        }
        return last == null ? Optional.empty() : Optional.of(new Batch(last, moved));
    }

    private static String insertInto(String table) {
        return "INSERT INTO " + table + " (id, name_sealed, email_sealed, email_lookup, created_at) VALUES (?, ?, ?, ?, ?)";
    }

    /** A user's row as stored: its personal data sealed to it, the e-mail's lookup hash. */
    private void bindSealed(PreparedStatement insert, User user, String createdAt) throws SQLException {
        insert.setString(1, user.id());
        insert.setBytes(2, personal.seal(NAME, user.id(), user.name()));
        insert.setBytes(3, personal.seal(EMAIL, user.id(), user.email()));
        insert.setString(4, personal.lookup(user.email()));
        insert.setString(5, createdAt);
    }

    private static List<String> columns(Connection connection) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet info = statement.executeQuery("PRAGMA table_info(users)")) {
            while (info.next()) {
                columns.add(info.getString("name"));
            }
        }
        return columns;
    }
}
