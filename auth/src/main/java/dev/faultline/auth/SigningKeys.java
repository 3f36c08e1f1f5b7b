package dev.faultline.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faultline.pki.OwnerOnly;

/**
 * The issuer's ES256 signing keys and their schedule, kept in {@code signing-keys.json} under the data directory: the
 * directory readable by its owner only (0700), the file too (0600), written whole or not at all. The kid of a key is
 * its RFC 7638 thumbprint; its {@code iat} is when it was made, {@code nbf} when it starts signing and {@code exp} when
 * it leaves the published set. Made on first start; the same keys and schedule after a restart, so tokens issued
 * before stay valid and a rotation under way goes on.
 *
 * <p>A rotation done right publishes the new key first and signs with it only once every verifier's cached copy of the
 * key set has it (the lead), and keeps the old key published until the last token it signed has expired (token
 * lifetime and clock skew). Signing with a key verifiers have not fetched yet gets tokens refused.
 */
final class SigningKeys {

    static final String FILE = "signing-keys.json";

    private final Path file;
    private final Clock clock;
    /** Oldest first; every change is written to the file before it is seen. */
    private List<ECKey> keys;

    private SigningKeys(Path file, Clock clock, List<ECKey> keys) {
        this.file = file;
        this.clock = clock;
        this.keys = List.copyOf(keys);
    }

    /** The keys in the directory, made (with one new key) when there are none. */
    static SigningKeys open(Path dir, Clock clock) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                List<ECKey> read = new ArrayList<>();
                for (JWK key : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                    read.add(key.toECKey());
                }
                if (read.isEmpty()) {
                    throw new IllegalStateException(file + " holds no key; remove it to have one made");
                }
                return new SigningKeys(file, clock, read);
            }
            SigningKeys made = new SigningKeys(file, clock, List.of(newKey(clock.instant(), null)));
            made.save(made.keys);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the signing keys in " + dir, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static ECKey newKey(Instant now, Instant signsFrom) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).issueTime(Date.from(now))
                    .notBeforeTime(signsFrom == null ? null : Date.from(signsFrom)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a P-256 key", e);
        }
    }

    /** The key that signs now: the newest whose time to sign has come. */
    synchronized ECKey signing() {
        Instant now = clock.instant();
        return keys.reversed().stream().filter(key -> !signsFrom(key).isAfter(now)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " has no key that may sign before " + now));
    }

    /** {@code claims} signed ES256 with the key that signs now, its kid in the header, typed {@code type}. */
    String sign(JOSEObjectType type, JWTClaimsSet claims) {
        ECKey key = signing();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + key.getKeyID(), e);
        }
        return jwt.serialize();
    }

    /**
     * What the JWKS endpoint publishes: the public halves of the keys not yet retired, the one about to sign among
     * them. The schedule stays here: a verifier that honoured a key's nbf would not hold it before it signs.
     */
    synchronized JWKSet published() {
        Instant now = clock.instant();
        List<JWK> shown = new ArrayList<>();
        for (ECKey key : keys) {
            if (key.getExpirationTime() == null || key.getExpirationTime().toInstant().isAfter(now)) {
                shown.add(new ECKey.Builder(key.toPublicJWK()).notBeforeTime(null).expirationTime(null).build());
            }
        }
        return new JWKSet(shown);
    }

    /** The rotation under way: a key published that does not sign yet. */
    synchronized Optional<Rotation> pending() {
        Instant now = clock.instant();
        ECKey newest = keys.getLast();
        if (!signsFrom(newest).isAfter(now) || keys.size() < 2) {
            return Optional.empty();
        }
        ECKey previous = keys.get(keys.size() - 2);
        return Optional.of(new Rotation(newest.getKeyID(), newest.getIssueTime().toInstant(), signsFrom(newest),
                previous.getKeyID(), previous.getExpirationTime().toInstant()));
    }

    /**
     * Publishes a new key now that signs after {@code lead}, and retires the key signing now {@code keepAfter} after
     * that (the longest a token it signs may still be presented). Keys retired before now are dropped.
     *
     * @throws IllegalStateException while another rotation is under way
     */
    synchronized Rotation rotate(Duration lead, Duration keepAfter) {
        if (lead.isNegative() || keepAfter.isNegative()) {
            throw new IllegalArgumentException("The lead and the time kept after must not be negative");
        }
        Optional<Rotation> underWay = pending();
        if (underWay.isPresent()) {
            throw new IllegalStateException("A rotation is under way: key " + underWay.get().kid() + " signs from "
                    + underWay.get().signsFrom() + "; rotate again after that.");
        }
        Instant now = clock.instant();
        ECKey current = signing();
        Instant signsFrom = now.plus(lead);
        Instant retires = signsFrom.plus(keepAfter);
        List<ECKey> next = new ArrayList<>();
        for (ECKey key : keys) {
            if (key.getExpirationTime() != null && !key.getExpirationTime().toInstant().isAfter(now)) {
                continue;
            }
            next.add(key == current || key.getExpirationTime() == null
                    ? new ECKey.Builder(key).expirationTime(Date.from(retires)).build() : key);
        }
        ECKey made = newKey(now, signsFrom);
        next.add(made);
        save(next);
        keys = List.copyOf(next);
        return new Rotation(made.getKeyID(), now, signsFrom, current.getKeyID(), retires);
    }

    /** Seconds since the key signing now was made. */
    double signingKeyAgeSeconds() {
        ECKey key = signing();
        return Duration.between(key.getIssueTime().toInstant(), clock.instant()).toMillis() / 1000.0;
    }

    /** How many keys the JWKS endpoint publishes now. */
    int publishedCount() {
        return published().size();
    }

    Path file() {
        return file;
    }

    private static Instant signsFrom(ECKey key) {
        return key.getNotBeforeTime() == null ? Instant.MIN : key.getNotBeforeTime().toInstant();
    }

    private void save(List<ECKey> next) {
        OwnerOnly.write(file, new JWKSet(List.<JWK>copyOf(next)).toString(false));
    }

    /**
     * A rotation: the new key and when it signs, the key it replaces and when that one leaves the published set.
     *
     * @param kid              the new key's id
     * @param published        when the new key was published
     * @param signsFrom        when the new key starts signing
     * @param previousKid      the key signing until then
     * @param previousRetires  when the previous key stops being published
     */
    record Rotation(String kid, Instant published, Instant signsFrom, String previousKid, Instant previousRetires) {
    }
}
