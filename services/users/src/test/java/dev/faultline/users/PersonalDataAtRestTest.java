package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

/**
 * Personal data at rest: after sign-ups, and after a database from before sealing is migrated, no e-mail and no name
 * is in any file of the users' data directory (the database, its write-ahead log, its keys); the service answers
 * with them as before; directories are 0700 and files 0600; a sealed value does not open in another row.
 */
class PersonalDataAtRestTest {

    private static final int USERS = 25;

    @Test
    void signUpsLeaveNoPersonalDataInAnyFileOfTheDataDirectory() throws Exception {
        Path data = TestServices.dataDir("users-at-rest");
        List<String> emails = new ArrayList<>();
        List<String> names = new ArrayList<>();
        TestServices.withServer(data, "users", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            for (int i = 0; i < USERS; i++) {
                String id = signUp(client, "Quintessa Vandermolen " + i, "quintessa." + i + "@rest-example.org", 201)
                        .path("id").asText();
                names.add("Quintessa Vandermolen " + i);
                emails.add("quintessa." + i + "@rest-example.org");
                assertThat(user(client, id).path("email").asText()).isEqualTo(emails.getLast());
            }
            // the same e-mail in other letters is taken, and the refusal does not repeat it
            JsonNode taken = signUp(client, "Someone", "QUINTESSA.3@REST-EXAMPLE.ORG", 409);
            assertThat(taken.toString()).doesNotContainIgnoringCase("quintessa.3");
            assertThat(list(client)).contains(emails.getFirst(), emails.getLast(), names.get(7));
            // while the service runs, the write-ahead log holds ciphertext only
            assertNoneInFiles(data, emails, names);
            return null;
        });
        assertNoneInFiles(data, emails, names);
        assertOwnerOnly(data, TestServices.secretsDir(data));
    }

    @Test
    void aDatabaseFromBeforeIsSealedOnStartAndLeavesNoPlaintextBehind() throws Exception {
        Path data = TestServices.dataDir("users-migrated");
        List<String> emails = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("users.db"));
             Statement statement = old.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    + "email TEXT NOT NULL UNIQUE COLLATE NOCASE, created_at TEXT NOT NULL)");
            statement.execute("CREATE INDEX users_by_creation ON users (created_at, id)");
            try (PreparedStatement insert = old.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < USERS; i++) {
                    insert.setString(1, "u" + i);
                    insert.setString(2, "Bartholomew Okonkwo " + i);
                    insert.setString(3, "bartholomew." + i + "@before-example.org");
                    insert.setString(4, "2026-12-07T10:00:" + (10 + i) + "Z");
                    insert.executeUpdate();
                    names.add("Bartholomew Okonkwo " + i);
                    emails.add("bartholomew." + i + "@before-example.org");
                }
            }
        }
        assertThat(contents(data)).as("the old database holds e-mails in plain text").contains(emails.get(4));

        TestServices.withServer(data, "users", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            assertThat(user(client, "u4").path("email").asText()).isEqualTo(emails.get(4));
            assertThat(user(client, "u4").path("name").asText()).isEqualTo(names.get(4));
            assertThat(list(client)).contains(emails.getFirst(), emails.getLast());
            signUp(client, "Someone", "BARTHOLOMEW.9@before-example.org", 409);
            return null;
        });
        assertNoneInFiles(data, emails, names);
        // a second start finds nothing to seal and reads the same
        TestServices.withServer(data, "users", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            assertThat(user(client, "u9").path("email").asText()).isEqualTo(emails.get(9));
            return null;
        });
    }

    @Test
    void aSealedValueOpensOnlyInItsOwnRowAndColumnAndLookupsIgnoreLetterCase() {
        Path data = TestServices.dataDir("users-keys");
        PersonalData personal = PersonalData.open(data, TestServices.secretsDir(data));
        byte[] sealed = personal.seal("email", "row-1", "ada@example.com");
        assertThat(personal.open("email", "row-1", sealed)).isEqualTo("ada@example.com");
        assertThatThrownBy(() -> personal.open("email", "row-2", sealed)).hasMessageContaining("does not open");
        assertThatThrownBy(() -> personal.open("name", "row-1", sealed)).hasMessageContaining("does not open");
        assertThat(personal.lookup("Ada@Example.COM")).isEqualTo(personal.lookup("ada@example.com"))
                .isNotEqualTo(personal.lookup("bob@example.com")).matches("[0-9a-f]{64}");
        // the same keys after a restart: what was sealed still opens
        assertThat(PersonalData.open(data, TestServices.secretsDir(data)).open("email", "row-1", sealed))
                .isEqualTo("ada@example.com");
    }

    @Test
    void keysWhoseKeyEncryptionKeyIsGoneAreRefusedNotReplaced() throws IOException {
        Path data = TestServices.dataDir("users-lost-kek");
        PersonalData.open(data, TestServices.secretsDir(data));
        Files.delete(TestServices.secretsDir(data).resolve(PersonalData.KEY_ENCRYPTION_KEY));
        assertThatThrownBy(() -> PersonalData.open(data, TestServices.secretsDir(data)))
                .hasMessageContaining("Restore it");
        assertThat(TestServices.secretsDir(data).resolve(PersonalData.KEY_ENCRYPTION_KEY)).doesNotExist();
    }

    private static JsonNode signUp(Http1Client client, String name, String email, int status) {
        try (Http1ClientResponse created = client.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"name\": \"" + name + "\", \"email\": \"" + email + "\"}")) {
            String body = created.as(String.class);
            assertThat(created.status().code()).as(body).isEqualTo(status);
            return Json.parse(body);
        }
    }

    private static JsonNode user(Http1Client client, String id) {
        try (Http1ClientResponse fetched = client.get("/users/" + id).request()) {
            assertThat(fetched.status().code()).isEqualTo(200);
            return Json.parse(fetched.as(String.class));
        }
    }

    private static String list(Http1Client client) {
        try (Http1ClientResponse page = client.get("/users").queryParam("size", "100").request()) {
            return page.as(String.class);
        }
    }

    /** Every file under the directory, read as one text (bytes that are no UTF-8 become replacement characters). */
    private static String contents(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    private static void assertNoneInFiles(Path data, List<String> emails, List<String> names) {
        String all;
        try {
            all = contents(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(all).isNotEmpty();
        for (String value : Stream.concat(emails.stream(), names.stream()).toList()) {
            assertThat(all).as("a file of " + data + " holds " + value).doesNotContainIgnoringCase(value);
        }
        assertThat(all).doesNotContainIgnoringCase("example.org").doesNotContain("Vandermolen").doesNotContain("Okonkwo");
    }

    private static void assertOwnerOnly(Path data, Path secrets) throws IOException {
        for (Path dir : List.of(data, secrets)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                            .isEqualTo("rw-------");
                }
            }
        }
    }
}
