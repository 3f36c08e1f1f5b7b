package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.pki.Pem;
import dev.faultline.pki.PkiLayout;
import dev.faultline.pki.TlsMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox started with {@code up --tls mtls}, as a learner and an attacker on the same machine meet it: the
 * gateway's HTTPS speaks TLS 1.3 only (as openssl sees it), an order goes through it and is shipped while every hop
 * behind the gateway (and to and from the broker) is mutual TLS, a service's API refuses plain HTTP, callers without a
 * certificate or with another authority's, and a sandbox service the rules do not name (403); {@code keys rotate tls}
 * gives every process a new certificate that it serves without a restart; a certificate fault makes one instance
 * present an expired one, and only its handshakes fail. The mysteries that need mutual TLS are solved here as
 * {@link MysteryIT} solves the others. Tests in any order; each makes the situation it reads.
 */
class TlsIT extends MysteryRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "faultline-demo-key";
    private static FaultlineScript faultline;
    private static PkiLayout pki;
    private static HttpClient https;

    /** The mysteries that need mutual TLS run here too, on this class's sandbox (see {@link MysteryRuns}). */
    @Override
    boolean wholeProcess() {
        return false;
    }

    @Override
    TlsMode tls() {
        return TlsMode.MTLS;
    }

    /** After the sandbox is up ({@link MysteryRuns#up}): a client that trusts its authority. */
    @BeforeAll
    void clients() throws Exception {
        faultline = sandbox();
        pki = new SandboxPki(faultline.sandbox().paths()).layout();
        https = HttpClient.newBuilder().sslContext(context(Path.of("none"))).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** A mystery here starts as the TLS tests do: no payments instance ejected, checkouts going through. */
    @Override
    void settled() throws Exception {
        ordersGoThrough();
    }

    @AfterAll
    void closeClients() {
        if (https != null) {
            https.close();
        }
    }

    @Test
    void anOrderPlacedOverHttpsIsShippedWhileEveryHopBehindTheGatewayIsMutualTls() throws Exception {
        Topology topology = faultline.sandbox().runningTopology();
        assertThat(topology.tls().toString()).isEqualTo("mtls");
        assertThat(topology.process("orders").env().get("ORDERS_PAYMENTS_URL")).startsWith("https://");
        ordersGoThrough();

        JsonNode user = send("POST", "/api/users", "{\"name\": \"Tls Tester\", \"email\": \"tls-"
                + UUID.randomUUID() + "@example.com\"}", 201);
        JsonNode order = send("POST", "/api/orders", "{\"userId\": \"" + user.path("id").asText()
                + "\", \"items\": [{\"productId\": \"desk-lamp\", \"quantity\": 1}]}", 201);
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("CONFIRMED");

        String orderId = order.path("id").asText();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(send("GET", "/api/shipments?orderId=" + orderId, null, 200).path("items")).hasSize(1));
        // the saga's calls were made with orders' certificate and let through by the rules
        assertThat(adminMetrics("payments-1") + adminMetrics("payments-2"))
                .doesNotContain("faultline_tls_callers_refused_total{caller=\"orders\"");
    }

    @Test
    void theConsolesMapMarksEveryMutualTlsEdgeWithTheClientsIdentity() throws Exception {
        ordersGoThrough();
        int console = faultline.sandbox().topology().console().port();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            ordersGoThrough();
            JsonNode edges;
            try (HttpClient plain = HttpClient.newHttpClient()) {
                edges = JSON.readTree(plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console
                        + "/api/map")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("edges");
            }
            assertThat(edge(edges, "orders", "payments").path("mutualTls").asBoolean()).isTrue();
            assertThat(edge(edges, "orders", "payments").path("client").asText()).isEqualTo("spiffe://faultline.local/orders");
            assertThat(edge(edges, "gateway", "orders").path("client").asText()).isEqualTo("spiffe://faultline.local/gateway");
            assertThat(edge(edges, "orders", "broker").path("mutualTls").asBoolean()).as("publishing to the broker").isTrue();
        });
    }

    private static JsonNode edge(JsonNode edges, String from, String to) {
        return java.util.stream.StreamSupport.stream(edges.spliterator(), false)
                .filter(edge -> edge.path("from").asText().equals(from) && edge.path("to").asText().equals(to))
                .findFirst().orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to + " in " + edges));
    }

    @Test
    void theGatewaysHttpsSpeaksTls13OnlyAsOpensslSees() throws Exception {
        int port = faultline.sandbox().runningTopology().httpsPort().orElseThrow();

        String tls12 = openssl(port, "-tls1_2");
        String tls13 = openssl(port, "-tls1_3");

        assertThat(tls12).containsAnyOf("alert protocol version", "no protocols available", "Cipher is (NONE)");
        assertThat(tls13).contains("TLSv1.3").contains("Verify return code: 0 (ok)").contains("CN = gateway");
    }

    @Test
    void aServicesApiRefusesPlainHttpStrangersAndCallersTheRulesDoNotName() throws Exception {
        int payments = faultline.port("payments-1");
        try (Socket plain = new Socket("127.0.0.1", payments)) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write("GET /payments HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(plain.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).doesNotStartWith("HTTP/1.1");
        } catch (IOException closed) {
            // closed on the plaintext
        }
        assertThatThrownBy(() -> served(context(Path.of("none")), payments)).isInstanceOf(IOException.class);
        Path stranger = strangerIdentity();
        assertThatThrownBy(() -> served(context(stranger), payments)).isInstanceOf(IOException.class);

        // the gateway's own certificate: a sandbox service, but not one that may charge
        try (HttpClient asGateway = HttpClient.newBuilder().sslContext(context(pki.instance("gateway"))).build()) {
            HttpResponse<String> charge = asGateway.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + payments + "/payments"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"x\", \"amount\": 1, \"currency\": \"EUR\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(charge.statusCode()).isEqualTo(403);
            assertThat(charge.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(charge.body()).contains("only orders may POST /payments; the caller is gateway");
        }
        assertThat(adminMetrics("payments-1")).contains("faultline_tls_callers_refused_total{caller=\"gateway\"");
    }

    @Test
    void keysRotateTlsGivesEveryProcessANewCertificateServedWithoutARestart() throws Exception {
        int payments = faultline.port("payments-1");
        int gateway = faultline.sandbox().runningTopology().httpsPort().orElseThrow();
        SSLContext asOrders = context(pki.instance("orders"));
        BigInteger before = served(asOrders, payments).getSerialNumber();

        FaultlineScript.Result rotate = faultline.run("keys", "rotate", "tls");

        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        BigInteger issuedToPayments = Pem.readCertificates(Files.readString(pki.instance("payments-1")
                .resolve(PkiLayout.CERTIFICATE))).getFirst().getSerialNumber();
        BigInteger issuedToGateway = Pem.readCertificates(Files.readString(pki.instance("gateway")
                .resolve(PkiLayout.CERTIFICATE))).getFirst().getSerialNumber();
        assertThat(issuedToPayments).isNotEqualTo(before);
        ordersGoThrough();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(served(asOrders, payments).getSerialNumber()).isEqualTo(issuedToPayments);
            assertThat(served(context(Path.of("none")), gateway).getSerialNumber()).isEqualTo(issuedToGateway);
        });
        assertThat(faultline.sandbox().runningState().orElseThrow().processes())
                .allSatisfy(process -> assertThat(process.restarts()).as(process.name()).isZero());
        assertThat(adminMetrics("payments-1")).containsPattern("faultline_tls_reloads_total [1-9]");
        // orders' clients took on its new certificate too: the saga still charges through mutual TLS
        JsonNode user = send("POST", "/api/users", "{\"name\": \"After Rotation\", \"email\": \"rotated-"
                + UUID.randomUUID() + "@example.com\"}", 201);
        JsonNode order = send("POST", "/api/orders", "{\"userId\": \"" + user.path("id").asText()
                + "\", \"items\": [{\"productId\": \"desk-lamp\", \"quantity\": 1}]}", 201);
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("CONFIRMED");
    }

    @Test
    void theBrokerSpeaksTlsAndACertificateFaultOnOnePaymentsInstanceFailsOnlyItsHandshakes() throws Exception {
        SSLContext asOrders = context(pki.instance("orders"));
        assertThat(served(asOrders, faultline.port("broker"), false).getSubjectX500Principal().getName())
                .contains("CN=broker");
        int payments2 = faultline.port("payments-2");
        ordersGoThrough();

        FaultlineScript.Result added = faultline.run("fault", "add", "certificate", "--service", "payments",
                "--instance", "payments-2", "-p", "problem=expired", "--duration", "60s");
        try {
            assertThat(added.exitCode()).as(added.output()).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> served(asOrders, payments2))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class).hasMessageContaining("expired"));
            assertThat(Double.parseDouble(metric(adminMetrics("payments-2"), "faultline_tls_certificate_expiry_timestamp_seconds")))
                    .as("the expiry metric shows the certificate presented").isLessThan(System.currentTimeMillis() / 1000.0);
            // orders' charges that go to payments-2 fail their handshakes: a retry the budget allows reaches
            // payments-1, or the saga compensates, and enough failures open orders' breaker for payments (which of
            // these a run sees depends on the order of its calls); payments-1 still takes orders' handshakes and
            // nothing fails for any other reason
            JsonNode user = send("POST", "/api/users", "{\"name\": \"Expired Peer\", \"email\": \"expired-"
                    + UUID.randomUUID() + "@example.com\"}", 201);
            List<String> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JsonNode order = send("POST", "/api/orders", "{\"userId\": \"" + user.path("id").asText()
                        + "\", \"items\": [{\"productId\": \"desk-lamp\", \"quantity\": 1}]}", 201);
                outcomes.add(order.path("status").asText() + " " + order.path("reason").asText());
            }
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome)
                            .matches("CONFIRMED |.*CertificateExpiredException.*|.*circuit breaker open.*"));
            assertThat(served(asOrders, faultline.port("payments-1"))).isNotNull();
        } finally {
            FaultlineScript.Result cleared = faultline.run("fault", "clear");
            assertThat(cleared.exitCode()).as(cleared.output()).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(served(asOrders, payments2)).isNotNull());
        // as found: orders' breaker for payments, opened by the failed handshakes, lets charges through again
        ordersGoThrough();
    }

    /**
     * Waits until no payments instance is ejected and a checkout is confirmed: what a test that places orders starts
     * from (a mystery or a fault before it may have left an instance ejected, or orders' breaker for payments open).
     */
    private static void ordersGoThrough() throws Exception {
        // no payments instance ejected from orders' discovery (what refused handshakes leave for up to half a minute)
        int ordersAdmin = faultline.sandbox().topology().process("orders").adminPort();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (HttpClient plain = HttpClient.newHttpClient()) {
                JsonNode registry = JSON.readTree(plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ordersAdmin + "/admin/registry")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                return java.util.stream.StreamSupport.stream(registry.path("payments").spliterator(), false)
                        .noneMatch(instance -> instance.path("ejected").asBoolean());
            }
        });
        JsonNode user = send("POST", "/api/users", "{\"name\": \"Orders Go Through\", \"email\": \"through-"
                + UUID.randomUUID() + "@example.com\"}", 201);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> send("POST", "/api/orders",
                "{\"userId\": \"" + user.path("id").asText() + "\", \"items\": [{\"productId\": \"desk-lamp\", "
                        + "\"quantity\": 1}]}", 201).path("status").asText().equals("CONFIRMED"));
    }

    private static String metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + metrics));
    }

    private static JsonNode send(String method, String path, String body, int expected) throws Exception {
        int port = faultline.sandbox().runningTopology().httpsPort().orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", KEY);
        if (body != null) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        HttpResponse<String> response = https.send(request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private static String adminMetrics(String process) throws Exception {
        int admin = faultline.sandbox().topology().process(process).adminPort();
        try (HttpClient plain = HttpClient.newHttpClient()) {
            return plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /**
     * The certificate a TLS server presents after a full TLS 1.3 handshake and a request it answers (a read of
     * payments, which orders may make: this probe is never one of the refusals counted).
     */
    private static X509Certificate served(SSLContext context, int port) throws IOException {
        return served(context, port, true);
    }

    /** @param http whether to send a request and wait for its answer (not to the broker, which speaks Artemis's core) */
    private static X509Certificate served(SSLContext context, int port, boolean http) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            if (!http) {
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
            // under TLS 1.3 the server judges the client's certificate after the handshake: a refusal shows on read
            socket.getOutputStream().write("GET /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed without an answer");
            }
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static String openssl(int port, String version) throws Exception {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version,
                "-CAfile", pki.authorityCertificate().toString(), "-servername", "localhost")
                .redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("openssl s_client finished").isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }

    /** A certificate for orders from an authority of its own, in a directory laid out as the sandbox's. */
    private static Path strangerIdentity() throws IOException {
        Path dir = Files.createTempDirectory(faultline.stateDir, "stranger-");
        var authority = dev.faultline.pki.CertificateAuthority.create("not the sandbox's", java.time.Instant.now(),
                Duration.ofDays(1));
        new PkiLayout(dir).install("orders", authority.issue("orders", java.time.Instant.now().minusSeconds(60),
                Duration.ofHours(1)), authority.certificate());
        return new PkiLayout(dir).instance("orders");
    }

    /**
     * A TLS context trusting the sandbox's authority; with a process's directory (as the PKI lays it out), presenting
     * that process's certificate; with a directory that does not exist, presenting none.
     */
    private static SSLContext context(Path identity) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sandbox", Pem.readCertificates(Files.readString(pki.authorityCertificate())).getFirst());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (Files.isDirectory(identity)) {
            List<X509Certificate> chain = Pem.readCertificates(Files.readString(identity.resolve(PkiLayout.CERTIFICATE)));
            own.setKeyEntry("1", Pem.readPrivateKey(Files.readString(identity.resolve(PkiLayout.KEY))), new char[0],
                    chain.toArray(X509Certificate[]::new));
        }
        keys.init(own, new char[0]);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
        return context;
    }
}
