package dev.faultline.platform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.faultline.pki.CertificateAuthority;
import dev.faultline.pki.PkiLayout;
import dev.faultline.platform.RunningProcess;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import io.helidon.common.tls.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTPS listener is guarded as the plain one is, at the TLS cap ({@code connections.max-tls}): a TLS
 * connection holds four times the heap of a plain one, so a flood of handshaken, silent clients is refused at the cap
 * instead of filling the heap, and the plain listener keeps its own.
 */
class TlsConnectionCapTest {

    private static final int CAP = 4;
    private static final Path PKI = TestServices.dataDir("pki-cap");
    private static final CertificateAuthority AUTHORITY = CertificateAuthority.create("cap test CA", Instant.now(),
            Duration.ofDays(1));
    private static RunningProcess edge;
    private static int https;

    @BeforeAll
    static void start() {
        PkiLayout layout = new PkiLayout(PKI);
        layout.install("gateway", AUTHORITY.issue("gateway", Instant.now().minusSeconds(60), Duration.ofHours(1)),
                AUTHORITY.certificate());
        https = TestServices.freePortForRestarts();
        edge = ServiceServer.run(TestServices.context("gateway", TestServices.config(TestServices.dataDir("edge"),
                "tls.mode", "edge", "tls.dir", layout.instance("gateway").toString(), "tls.https.port",
                String.valueOf(https), "connections.max-tls", String.valueOf(CAP))),
                new ServiceServer.Parts(routing -> routing.get("/hello", (req, res) -> res.send("hi")),
                        admin -> { }, Map.of(), () -> { }, true));
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
    }

    @Test
    void silentTlsClientsBeyondTheCapAreRefusedAndTheListenerServesWhenTheyGo() throws Exception {
        SSLContext context = Tls.builder().trust(List.of(AUTHORITY.certificate())).build().sslContext();
        assertThat(hello(context)).as("the HTTPS listener serves").startsWith("HTTP/1.1 200");
        List<SSLSocket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", https);
                socket.setSoTimeout(5_000);
                socket.startHandshake();
                silent.add(socket);
            }
            assertThatThrownBy(() -> hello(context)).as("one over the cap").isInstanceOf(IOException.class);
            // the plain listener has a cap of its own
            try (Socket plain = new Socket("127.0.0.1", edge.server().port())) {
                plain.setSoTimeout(5_000);
                plain.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(statusLine(plain)).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (SSLSocket socket : silent) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hello(context)).startsWith("HTTP/1.1 200"));
    }

    private static String hello(SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", https)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return statusLine(socket);
        }
    }

    /** The answer's status line (the server may close the connection later than it answers). */
    private static String statusLine(Socket socket) throws IOException {
        String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII)).readLine();
        if (status == null) {
            throw new IOException("closed without an answer");
        }
        return status;
    }
}
