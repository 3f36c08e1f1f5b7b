package dev.faultline.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A leaf certificate with its chain (leaf first, then its issuer) and its private key.
 */
public record IssuedCertificate(List<X509Certificate> chain, PrivateKey key) {

    public IssuedCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A certificate chain needs its leaf");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Names the certificate, never the key. */
    @Override
    public String toString() {
        return "IssuedCertificate[" + leaf().getSubjectX500Principal() + ", serial " + leaf().getSerialNumber().toString(16)
                + ", until " + notAfter() + "]";
    }
}
