package dev.faultline.chaos.runner.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load's access tokens against an issuer whose answers the test decides: the first token before any load, a new
 * one when due without holding a request up, the current one kept while the issuer is down, and neither the secret
 * nor a token in anything printed.
 */
class ClientCredentialsTest {

    private static final String SECRET = "s3cret";

    private HttpServer issuer;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();

    @BeforeEach
    void startIssuer() throws IOException {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.createContext("/token", this::token);
        issuer.start();
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    @Test
    void theFirstTokenComesBeforeTheLoadAndANewOneWhenDue() {
        ClientCredentials credentials = credentials(Optional.of(Duration.ofMillis(300)));

        credentials.prepare();

        assertThat(bearer(credentials)).isEqualTo("token-1");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> bearer(credentials).equals("token-2"));
        assertThat(credentials.renewals()).isEqualTo(1);
    }

    @Test
    void whileTheIssuerIsDownTheCurrentTokenIsKeptAndRenewalIsTriedAgain() {
        ClientCredentials credentials = credentials(Optional.of(Duration.ofMillis(100)));
        credentials.prepare();
        down.set(true);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            bearer(credentials);
            return credentials.failedRenewals() >= 2;
        });

        assertThat(bearer(credentials)).isEqualTo("token-1");
        down.set(false);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> bearer(credentials).equals("token-2"));
    }

    @Test
    void aRefusalNamesTheIssuersErrorAndNothingSecretIsPrinted() {
        ClientCredentials wrong = new ClientCredentials(endpoint(), "faultline-cli", "pa55-x", Optional.empty(), Optional.empty());

        assertThatThrownBy(wrong::prepare).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid_client").hasMessageNotContaining("pa55-x");
        ClientCredentials credentials = credentials(Optional.empty());
        credentials.prepare();
        assertThat(credentials.toString()).doesNotContain(SECRET).doesNotContain("token-1");
        assertThat(LoadIdentity.jwt("faultline-cli", Optional.empty()).toString()).isEqualTo("jwt (client faultline-cli)");
    }

    @Test
    void withoutARenewalPeriodATokenIsKeptForFourFifthsOfItsLife() throws Exception {
        ClientCredentials.Token token = credentials(Optional.empty()).request();

        assertThat(token.expiresIn()).isEqualTo(300);
        long renewIn = token.renewNanos() - System.nanoTime();
        assertThat(Duration.ofNanos(renewIn)).isBetween(Duration.ofSeconds(230), Duration.ofSeconds(240));
    }

    private ClientCredentials credentials(Optional<Duration> renewEvery) {
        return new ClientCredentials(endpoint(), "faultline-cli", SECRET, Optional.empty(), renewEvery);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + issuer.getAddress().getPort() + "/token");
    }

    private static String bearer(Credentials credentials) {
        return credentials.present(HttpRequest.newBuilder(URI.create("http://127.0.0.1/"))).build().headers()
                .firstValue("Authorization").orElse("none").replace("Bearer ", "");
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("faultline-cli:" + SECRET).getBytes(StandardCharsets.UTF_8));
        String body;
        int status;
        if (down.get()) {
            status = 503;
            body = "{\"detail\": \"down\"}";
        } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).equals("grant_type=client_credentials")) {
            status = 401;
            body = "{\"error\": \"invalid_client\", \"error_description\": \"The client is unknown or its secret is wrong.\"}";
        } else {
            status = 200;
            body = "{\"access_token\": \"token-" + issued.incrementAndGet() + "\", \"token_type\": \"Bearer\", "
                    + "\"expires_in\": 300, \"scope\": \"catalog:read\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
