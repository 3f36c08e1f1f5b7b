package dev.faultline.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import dev.faultline.pki.CertificateAuthority;
import dev.faultline.pki.IssuedCertificate;
import dev.faultline.pki.PkiLayout;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.RunningProcess;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.IdentityHeaders;
import io.helidon.common.tls.Tls;
import io.helidon.config.Config;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service's API under mtls, as callers meet it: the sandbox's services get through as the rules say, anyone else
 * is refused in the handshake (plain HTTP, no certificate, another authority's certificate, TLS 1.2) or with 403
 * naming the rule; a re-issued certificate is served without a restart.
 */
class MutualTlsTest {

    private static final Instant NOW = Instant.now();
    private static final Path PKI = TestServices.dataDir("pki");
    private static final PkiLayout LAYOUT = new PkiLayout(PKI);
    private static final CertificateAuthority AUTHORITY = CertificateAuthority.create("test sandbox CA", NOW,
            Duration.ofDays(1));
    private static ProcessContext context;
    private static RunningProcess payments;
    private static int port;

    @BeforeAll
    static void start() {
        for (String service : List.of("payments", "orders", "gateway")) {
            LAYOUT.install(service, AUTHORITY.issue(service, NOW.minusSeconds(60), Duration.ofHours(1)),
                    AUTHORITY.certificate());
            LAYOUT.installExpired(service, AUTHORITY.issue(service, NOW.minus(Duration.ofDays(2)), Duration.ofDays(1)));
        }
        context = TestServices.context("payments", TestServices.config(TestServices.dataDir("payments"),
                "tls.mode", "mtls", "tls.dir", LAYOUT.instance("payments").toString(), "tls.reload-interval", "PT0.1S",
                "tls.callers.0.path", "/payments", "tls.callers.0.methods.0", "GET",
                "tls.callers.0.allow.0", "gateway", "tls.callers.0.allow.1", "orders",
                "tls.callers.1.path", "/payments", "tls.callers.1.methods.0", "POST", "tls.callers.1.allow.0", "orders"));
        payments = ServiceServer.run(context, new ServiceServer.Parts(
                routing -> routing.get("/payments", (req, res) -> res.send("[]"))
                        .post("/payments", (req, res) -> res.send("charged"))
                        .get("/refunds", (req, res) -> res.send("[]")),
                admin -> { }, java.util.Map.of(), () -> { }, false));
        port = payments.server().port();
    }

    @AfterAll
    static void stop() {
        if (payments != null) {
            payments.close();
        }
    }

    @Test
    void theCallersTheRulesNameGetThroughAndOthersGetA403NamingTheRule() {
        try (Http1ClientResponse charge = as("orders").post("/payments").submit("{}")) {
            assertThat(charge.status()).isEqualTo(Status.OK_200);
            assertThat(charge.as(String.class)).isEqualTo("charged");
        }
        try (Http1ClientResponse read = as("gateway").get("/payments").request()) {
            assertThat(read.status()).isEqualTo(Status.OK_200);
        }
        try (Http1ClientResponse charge = as("gateway").post("/payments").submit("{}")) {
            assertThat(charge.status()).isEqualTo(Status.FORBIDDEN_403);
            assertThat(charge.headers().contentType().orElseThrow().text()).isEqualTo("application/problem+json");
            assertThat(charge.as(String.class)).contains("only orders may POST /payments; the caller is gateway");
        }
        try (Http1ClientResponse unlisted = as("orders").get("/refunds").request()) {
            assertThat(unlisted.status()).isEqualTo(Status.FORBIDDEN_403);
            assertThat(unlisted.as(String.class)).contains("no rule lets anyone GET /refunds");
        }
    }

    @Test
    void onlyTheGatewayMaySayWhoTheOutsideCallerIs() {
        try (Http1ClientResponse forged = as("orders").get("/payments").header(IdentityHeaders.CONSUMER, "admin")
                .request()) {
            assertThat(forged.status()).isEqualTo(Status.FORBIDDEN_403);
            assertThat(forged.as(String.class)).contains("only gateway may set identity headers; the caller is orders");
        }
        try (Http1ClientResponse vouched = as("gateway").get("/payments").header(IdentityHeaders.CONSUMER, "demo")
                .request()) {
            assertThat(vouched.status()).isEqualTo(Status.OK_200);
        }
    }

    @Test
    void plainHttpNoCertificateAnotherAuthorityAndTls12AreRefusedInTheHandshake() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.getOutputStream().write("GET /payments HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = plain.getInputStream().readNBytes(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotStartWith("HTTP/1.1 200");
        } catch (IOException refused) {
            // closed on the plaintext: what a plain caller meets
        }
        Tls anonymous = Tls.builder().trust(List.of(AUTHORITY.certificate())).build();
        assertThatThrownBy(() -> handshake(anonymous.sslContext(), "TLSv1.3")).isInstanceOf(IOException.class);

        CertificateAuthority stranger = CertificateAuthority.create("another CA", NOW, Duration.ofDays(1));
        IssuedCertificate foreign = stranger.issue("orders", NOW.minusSeconds(60), Duration.ofHours(1));
        Tls impostor = Tls.builder().privateKey(foreign.key()).privateKeyCertChain(foreign.chain())
                .trust(List.of(AUTHORITY.certificate())).build();
        assertThatThrownBy(() -> handshake(impostor.sslContext(), "TLSv1.3")).isInstanceOf(IOException.class);

        assertThatThrownBy(() -> handshake(tls("orders").sslContext(), "TLSv1.2")).isInstanceOf(SSLException.class);
        assertThat(handshake(tls("orders").sslContext(), "TLSv1.3")).isNotNull();
    }

    @Test
    void aReissuedCertificateIsServedWithoutARestart() throws Exception {
        BigInteger before = handshake(tls("orders").sslContext(), "TLSv1.3").getSerialNumber();
        IssuedCertificate renewed = AUTHORITY.issue("payments", NOW.minusSeconds(30), Duration.ofHours(2));

        LAYOUT.install("payments", renewed, AUTHORITY.certificate());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(handshake(tls("orders").sslContext(), "TLSv1.3").getSerialNumber())
                        .isEqualTo(renewed.leaf().getSerialNumber()).isNotEqualTo(before));
        assertThat(payments.server().isRunning()).isTrue();
        try (Http1ClientResponse charge = as("orders").post("/payments").submit("{}")) {
            assertThat(charge.status()).isEqualTo(Status.OK_200);
        }
    }

    @Test
    void whileACertificateFaultLastsCallersRefuseWhatTheServicePresentsThenItsOwnComesBack() throws Exception {
        BigInteger own = handshake(tls("orders").sslContext(), "TLSv1.3").getSerialNumber();

        List<java.util.function.Supplier<AutoCloseable>> faults = List.of(context.tls()::presentExpired,
                context.tls()::presentUntrusted);
        for (java.util.function.Supplier<AutoCloseable> present : faults) {
            try (AutoCloseable fault = present.get()) {
                assertThatThrownBy(() -> handshake(tls("orders").sslContext(), "TLSv1.3"))
                        .isInstanceOf(SSLException.class);
                try (Http1ClientResponse ignored = as("orders").get("/payments").request()) {
                    throw new AssertionError("a call reached a service whose certificate the caller must refuse");
                } catch (RuntimeException refused) {
                    // the handshake failed: what orders meets when a payments instance's certificate expired
                }
            }
            assertThat(handshake(tls("orders").sslContext(), "TLSv1.3").getSerialNumber()).isEqualTo(own);
        }
    }

    /** A client of the service with the named service's certificate, as ProcessTls makes it under mtls. */
    private static Http1Client as(String service) {
        return Http1Client.builder().baseUri("https://127.0.0.1:" + port).tls(tls(service)).build();
    }

    private static Tls tls(String service) {
        Config config = TestServices.config(PKI, "tls.mode", "mtls",
                "tls.dir", LAYOUT.instance(service).toString());
        return ProcessTls.create(service, config.get("tls"), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                .client().orElseThrow();
    }

    /** The server's certificate after a full handshake with the given protocol only. */
    private static X509Certificate handshake(SSLContext context, String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            // TLS 1.3 checks the client's certificate after the client's Finished: a refusal shows on the first read
            socket.getOutputStream().write("GET /payments HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed without an answer");
            }
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
