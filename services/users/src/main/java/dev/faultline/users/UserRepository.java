package dev.faultline.users;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;

/** Users in the service's own database. */
final class UserRepository {

    private final Database database;
    /** The process's clock: what the store records as "now" is what the rest of the process compares with. */
    private final Clock clock;

    UserRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Stores a new user, or returns empty when the e-mail is taken. */
    Optional<User> create(String name, String email) {
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
                User user = new User(Ids.next(), name, email);
                insert.setString(1, user.id());
                insert.setString(2, user.name());
                insert.setString(3, user.email());
                insert.setString(4, clock.instant().toString());
                return insert.executeUpdate() == 1 ? Optional.of(user) : Optional.empty();
            }
        });
    }

    Optional<User> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, name, email FROM users WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(user(rows)) : Optional.empty();
                }
            }
        });
    }

    PageRequest.Page<User> list(PageRequest page) {
        return database.page(page, "id, name, email", "users", "created_at, id", UserRepository::user);
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(rows.getString("id"), rows.getString("name"), rows.getString("email"));
    }
}
