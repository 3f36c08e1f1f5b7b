package dev.faultline.platform.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import dev.faultline.pki.OwnerOnly;

/**
 * A process's certificate as PKCS#12 key and trust stores, for Artemis, which reads key stores, not PEM: written
 * owner-only into the process's own data directory under a password made at start and kept in memory only, and
 * written again when the certificate changes (the broker's acceptor reloads them, {@code sslAutoReload}).
 *
 * @param password never logged: Artemis takes it in the URL parameters this class builds, in memory
 */
public record KeyStoreFiles(Path keyStore, Path trustStore, String password) {

    /** The alias Helidon and Artemis both take for a store's one key (another fails every handshake, BUILD-NOTES). */
    private static final String ALIAS = "1";

    static KeyStoreFiles in(Path dir, String password) {
        return new KeyStoreFiles(dir.resolve("keystore.p12"), dir.resolve("truststore.p12"), password);
    }

    void write(TlsMaterial material) {
        try {
            char[] secret = password.toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, material.key(), secret, material.chain().toArray(X509Certificate[]::new));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sandbox-ca", material.trusted());
            // the trust store first: a key store that changed is what the acceptor's reload looks for
            OwnerOnly.write(trustStore, bytes(trust, secret));
            OwnerOnly.write(keyStore, bytes(keys, secret));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write the key stores in " + keyStore.getParent(), e);
        }
    }

    /** Artemis parameters of an acceptor that speaks TLS 1.3 only and requires a client certificate from the CA. */
    public String acceptorParameters() {
        return common() + ";needClientAuth=true;sslAutoReload=true";
    }

    /** Artemis parameters of a connector that presents this certificate and checks the broker's host name. */
    public String connectorParameters() {
        return common() + ";verifyHost=true";
    }

    private String common() {
        return "sslEnabled=true;enabledProtocols=TLSv1.3"
                + ";keyStoreType=PKCS12;keyStorePath=" + keyStore + ";keyStorePassword=" + password
                + ";trustStoreType=PKCS12;trustStorePath=" + trustStore + ";trustStorePassword=" + password;
    }

    @Override
    public String toString() {
        return "KeyStoreFiles[" + keyStore + ", " + trustStore + "]";
    }

    private static byte[] bytes(KeyStore store, char[] secret) throws GeneralSecurityException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, secret);
        return out.toByteArray();
    }
}
