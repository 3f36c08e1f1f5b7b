package dev.faultline.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;

/** Users in the service's own database, their personal data sealed ({@link PersonalData}). */
final class UserRepository {

    private static final String NAME = "name";
    private static final String EMAIL = "email";

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
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, name_sealed, "
                    + "email_sealed, email_lookup, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email_lookup) DO NOTHING")) {
                insert.setString(1, user.id());
                insert.setBytes(2, personal.seal(NAME, user.id(), user.name()));
                insert.setBytes(3, personal.seal(EMAIL, user.id(), user.email()));
                insert.setString(4, personal.lookup(user.email()));
                insert.setString(5, clock.instant().toString());
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
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users_sealed (id, name_sealed, "
                    + "email_sealed, email_lookup, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (String[] row : rows) {
                    insert.setString(1, row[0]);
                    insert.setBytes(2, personal.seal(NAME, row[0], row[1]));
                    insert.setBytes(3, personal.seal(EMAIL, row[0], row[2]));
                    insert.setString(4, personal.lookup(row[2]));
                    insert.setString(5, row[3]);
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
