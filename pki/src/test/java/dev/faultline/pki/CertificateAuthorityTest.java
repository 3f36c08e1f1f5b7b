package dev.faultline.pki;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
    private final CertificateAuthority authority = CertificateAuthority.create("Faultline test CA", NOW,
            Duration.ofDays(365));

    @Test
    void aLeafValidatesAgainstItsAuthorityAsPkixDoes() throws Exception {
        IssuedCertificate leaf = authority.issue("payments", NOW, Duration.ofHours(24));

        validate(leaf.chain(), authority.certificate(), NOW.plus(Duration.ofHours(1)));

        assertThat(leaf.leaf().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.leaf().getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .contains("localhost", "127.0.0.1", "payments", "spiffe://faultline.local/payments");
        assertThat(leaf.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aLeafPastItsLifeOrFromAnotherAuthorityIsRefused() {
        IssuedCertificate expired = authority.issue("orders", NOW.minus(Duration.ofDays(2)), Duration.ofDays(1));
        assertThatThrownBy(() -> validate(expired.chain(), authority.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class).hasMessageContaining("validity");

        CertificateAuthority other = CertificateAuthority.create("Another CA", NOW, Duration.ofDays(365));
        IssuedCertificate stranger = other.issue("orders", NOW, Duration.ofDays(1));
        assertThatThrownBy(() -> validate(List.of(stranger.leaf()), authority.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void theIdentityIsTheServicesSpiffeIdAndNothingElseCounts() {
        assertThat(WorkloadIdentity.service(authority.issue("orders", NOW, Duration.ofHours(1)).leaf()))
                .contains("orders");
        assertThat(WorkloadIdentity.service(authority.certificate())).isEmpty();
        assertThatThrownBy(() -> WorkloadIdentity.of("../gateway")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pemRoundTripsChainsAndPkcs8Keys() {
        IssuedCertificate leaf = authority.issue("users", NOW, Duration.ofHours(1));

        String chain = Pem.certificates(leaf.chain());
        String key = Pem.privateKey(leaf.key());

        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.readCertificates(chain)).isEqualTo(leaf.chain());
        assertThat(Pem.readPrivateKey(key)).isEqualTo(leaf.key());
        assertThatThrownBy(() -> Pem.readCertificates(key)).hasMessageContaining("No certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey(chain)).hasMessageContaining("found 0");
    }

    private static void validate(List<X509Certificate> chain, X509Certificate root, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }
}
