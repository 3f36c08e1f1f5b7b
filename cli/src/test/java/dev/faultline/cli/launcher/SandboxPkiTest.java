package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.faultline.pki.TlsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's side of TLS: what the topology tells each process under each mode, and when the sandbox's PKI
 * issues, keeps and re-issues certificates.
 */
class SandboxPkiTest {

    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    @Test
    void underMtlsEveryServiceAddressIsHttpsAndEveryProcessButTheConsoleHasACertificate(@TempDir Path home) {
        SandboxPaths paths = SandboxPaths.of(home);
        Topology off = Topology.local(paths, 0, "token", TlsMode.OFF);
        Topology edge = Topology.local(paths, 0, "token", TlsMode.EDGE);
        Topology mtls = Topology.local(paths, 0, "token", TlsMode.MTLS);

        assertThat(off.withCertificates()).isEmpty();
        assertThat(off.httpsPort()).isEmpty();
        assertThat(edge.process("gateway").env().get("GATEWAY_UPSTREAMS_PAYMENTS")).startsWith("http://");
        assertThat(edge.httpsPort()).contains(8443);
        assertThat(mtls.process("gateway").env().get("GATEWAY_UPSTREAMS_PAYMENTS"))
                .isEqualTo("https://127.0.0.1:8084,https://127.0.0.1:8094");
        assertThat(mtls.process("orders").env().get("ORDERS_USERS_URL")).isEqualTo("https://127.0.0.1:8081");
        assertThat(mtls.withCertificates()).extracting(ProcessSpec::name)
                .doesNotContain(Topology.CONSOLE).contains("gateway", "orders", "payments-2", "auth", Topology.BROKER);
        assertThat(mtls.process("payments-2").env().get("TLS_DIR"))
                .isEqualTo(paths.secrets().resolve("pki/payments-2").toString());
        assertThat(mtls.ports()).contains(8443);
        assertThat(mtls.owner(8443)).isEqualTo("gateway https");
        assertThat(mtls.apiUrl("payments-1")).isEqualTo("https://127.0.0.1:8084");
        assertThat(mtls.apiUrl("gateway")).isEqualTo("http://127.0.0.1:8080");
        assertThat(mtls.apiUrl("broker")).isEqualTo("tcp://127.0.0.1:8086");
    }

    @Test
    void certificatesAreIssuedOnceKeptUntilTwoThirdsOfTheirLifeThenReissued(@TempDir Path home) throws Exception {
        SandboxPaths paths = SandboxPaths.of(home);
        List<ProcessSpec> processes = Topology.local(paths, 0, "token", TlsMode.MTLS).withCertificates();
        SandboxPki pki = new SandboxPki(paths);

        assertThat(pki.ensure(processes, NOW)).hasSameSizeAs(processes);
        X509Certificate first = pki.held(processes.getFirst()).orElseThrow();
        assertThat(pki.ensure(processes, NOW.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(pki.held(processes.getFirst())).contains(first);

        assertThat(pki.ensure(processes, NOW.plus(Duration.ofHours(17)))).hasSameSizeAs(processes);
        assertThat(pki.held(processes.getFirst()).orElseThrow().getSerialNumber()).isNotEqualTo(first.getSerialNumber());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.layout().root()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.layout().authorityKey())))
                .isEqualTo("rw-------");
        assertThat(pki.layout().instance("orders").resolve("ca-key.pem")).doesNotExist();
    }

    @Test
    void aCertificateFromAnotherAuthorityIsReplaced(@TempDir Path home) {
        SandboxPaths paths = SandboxPaths.of(home);
        List<ProcessSpec> processes = Topology.local(paths, 0, "token", TlsMode.MTLS).withCertificates();
        SandboxPki pki = new SandboxPki(paths);
        pki.ensure(processes, NOW);
        X509Certificate before = pki.held(processes.getFirst()).orElseThrow();

        assertThat(pki.layout().authorityKey().toFile().delete()).isTrue();
        assertThat(pki.ensure(processes, NOW.plus(Duration.ofMinutes(1)))).hasSameSizeAs(processes);

        assertThat(pki.held(processes.getFirst()).orElseThrow().getIssuerX500Principal())
                .isEqualTo(before.getIssuerX500Principal());
        assertThat(SandboxPki.due(List.of(before), pki.layout().authority().orElseThrow().certificate(), NOW)).isTrue();
    }
}
