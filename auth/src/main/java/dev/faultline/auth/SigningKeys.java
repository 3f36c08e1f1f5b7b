package dev.faultline.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The issuer's ES256 signing keys, kept in {@code signing-keys.json} under the data directory: the directory readable
 * by its owner only (0700), the file too (0600), written whole or not at all. The kid of a key is its RFC 7638
 * thumbprint. Made on first start; the same keys after a restart, so tokens issued before stay valid.
 */
final class SigningKeys {

    static final String FILE = "signing-keys.json";

    private final Path file;
    private final JWKSet keys;

    private SigningKeys(Path file, JWKSet keys) {
        this.file = file;
        this.keys = keys;
    }

    /** The keys in the directory, made (with one new key) when there are none. */
    static SigningKeys open(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return new SigningKeys(file, JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            SigningKeys made = new SigningKeys(file, new JWKSet(newKey(Instant.now())));
            made.save();
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the signing keys in " + dir, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static ECKey newKey(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).issueTime(Date.from(now)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a P-256 key", e);
        }
    }

    /** The key that signs now: the newest. */
    ECKey signing() {
        List<JWK> all = keys.getKeys();
        return all.getLast().toECKey();
    }

    /** What the JWKS endpoint publishes: the public halves only. */
    JWKSet published() {
        return keys.toPublicJWKSet();
    }

    Path file() {
        return file;
    }

    private void save() throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path temp = Files.createTempFile(dir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, keys.toString(false), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
