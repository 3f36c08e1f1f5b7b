package dev.faultline.gateway;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

/**
 * A token issuer for the gateway's tests: an ES256 key (kid its RFC 7638 thumbprint), its metadata document and JWK
 * set served over real HTTP, and access tokens as RFC 9068 has them, which a test may change at will before signing.
 * It counts the requests it receives, so a test can see that a token's headers never made the gateway fetch anything.
 */
final class TestIssuer implements AutoCloseable {

    static final String AUDIENCE = "faultline-api";

    final ECKey key;
    final AtomicInteger requests = new AtomicInteger();
    private final WebServer server;

    TestIssuer() {
        key = newKey();
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing -> routing
                .get("/.well-known/oauth-authorization-server", (req, res) -> {
                    requests.incrementAndGet();
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send("{\"issuer\": \"" + issuer() + "\", \"jwks_uri\": \"" + issuer() + "/jwks\"}");
                })
                .get("/jwks", (req, res) -> {
                    requests.incrementAndGet();
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/jwk-set+json");
                    res.send(new JWKSet(key.toPublicJWK()).toString());
                })
                .any((req, res) -> {
                    requests.incrementAndGet();
                    res.status(404).send();
                })).build().start();
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    String discovery() {
        return issuer() + "/.well-known/oauth-authorization-server";
    }

    /** The gateway's settings that trust this issuer. */
    String[] gatewaySettings() {
        return new String[] {"gateway.auth.discovery", discovery()};
    }

    /** An access token as the issuer makes it: 5 minutes, the given scope. */
    JWTClaimsSet.Builder claims(String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject("ada").claim("client_id", "shop-app")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString())
                .claim("scope", scope);
    }

    JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID());
    }

    /** A valid access token with this scope. */
    String token(String scope) {
        return sign(header(), claims(scope));
    }

    /** A token made as the test says, signed with the issuer's key. */
    String token(Consumer<JWSHeader.Builder> header, Consumer<JWTClaimsSet.Builder> claims) {
        JWSHeader.Builder h = header();
        header.accept(h);
        JWTClaimsSet.Builder c = claims("catalog:read");
        claims.accept(c);
        return sign(h, c);
    }

    String sign(JWSHeader.Builder header, JWTClaimsSet.Builder claims) {
        return sign(header, claims, key);
    }

    static String sign(JWSHeader.Builder header, JWTClaimsSet.Builder claims, ECKey with) {
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new ECDSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers and claims as JSON, for tokens Nimbus would refuse to build. */
    static List<String> parts(String token) {
        return List.of(token.split("\\.", -1));
    }

    @Override
    public void close() {
        server.stop();
    }
}
