package dev.faultline.platform.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import dev.faultline.pki.Pem;
import dev.faultline.pki.PkiLayout;

/**
 * What one process holds for TLS, read from its directory of the sandbox's PKI ({@link PkiLayout}): its chain, its
 * key and the authority it trusts.
 *
 * @param modified when the chain was last written: a newer one means a re-issued certificate
 */
record TlsMaterial(List<X509Certificate> chain, PrivateKey key, X509Certificate trusted, FileTime modified) {

    static TlsMaterial read(Path directory) {
        return read(directory, PkiLayout.CERTIFICATE, PkiLayout.KEY);
    }

    /** The expired certificate the authority issued this process, for the certificate fault. */
    static TlsMaterial readExpired(Path directory) {
        return read(directory, PkiLayout.EXPIRED_CERTIFICATE, PkiLayout.EXPIRED_KEY);
    }

    private static TlsMaterial read(Path directory, String chainFile, String keyFile) {
        try {
            Path certificate = directory.resolve(chainFile);
            FileTime modified = Files.getLastModifiedTime(certificate);
            return new TlsMaterial(Pem.readCertificates(Files.readString(certificate)),
                    Pem.readPrivateKey(Files.readString(directory.resolve(keyFile))),
                    Pem.readCertificates(Files.readString(directory.resolve(PkiLayout.TRUST))).getFirst(), modified);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read this process's certificate from " + directory
                    + " (./faultline up writes it under .faultline/secrets/pki)", e);
        }
    }

    /** The same trust with another certificate and key presented. */
    TlsMaterial presenting(List<X509Certificate> otherChain, PrivateKey otherKey) {
        return new TlsMaterial(otherChain, otherKey, trusted, modified);
    }

    /** Names the certificate, never the key. */
    @Override
    public String toString() {
        return "TlsMaterial[serial " + serial() + ", until " + notAfter() + "]";
    }

    /** When this process's certificate stops being valid. */
    Instant notAfter() {
        return chain.getFirst().getNotAfter().toInstant();
    }

    /** The certificate's serial number in hex, how logs name which certificate is in use. */
    String serial() {
        return chain.getFirst().getSerialNumber().toString(16);
    }
}
