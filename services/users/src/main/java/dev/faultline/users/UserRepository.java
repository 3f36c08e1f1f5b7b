package dev.faultline.users;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;

/** Users in the service's own database. */
final class UserRepository {

    private final Database database;

    UserRepository(Database database) {
        this.database = database;
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
                insert.setString(4, Instant.now().toString());
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
        return database.read(connection -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, email FROM users ORDER BY created_at, id LIMIT ? OFFSET ?")) {
                select.setInt(1, page.size());
                select.setLong(2, page.offset());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        users.add(user(rows));
                    }
                }
            }
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM users");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                return page.of(users, rows.getLong(1));
            }
        });
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(rows.getString("id"), rows.getString("name"), rows.getString("email"));
    }
}
