package dev.faultline.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys as PEM text (RFC 7468). Keys are PKCS#8 ({@code BEGIN PRIVATE KEY}): Helidon reads
 * nothing else, and Bouncy Castle's PEM writer would write an EC key as {@code BEGIN EC PRIVATE KEY}.
 */
public final class Pem {

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private Pem() {
    }

    /** Certificates one after another, a chain's leaf first. */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(block(CERTIFICATE, certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("Cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return text.toString();
    }

    /** A private key as PKCS#8. */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("Not a PKCS#8 key: " + key.getFormat());
        }
        return block(PRIVATE_KEY, key.getEncoded());
    }

    /** Every certificate in the text, in order. */
    public static List<X509Certificate> readCertificates(String text) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new java.util.ArrayList<>();
            for (byte[] der : blocks(text, CERTIFICATE)) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("No certificate in the PEM text");
            }
            return List.copyOf(certificates);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not a valid certificate: " + e.getMessage(), e);
        }
    }

    /** The one EC private key in the text (PKCS#8). */
    public static PrivateKey readPrivateKey(String text) {
        List<byte[]> keys = blocks(text, PRIVATE_KEY);
        if (keys.size() != 1) {
            throw new IllegalArgumentException("Expected one PKCS#8 private key, found " + keys.size());
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keys.getFirst()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an EC private key: " + e.getMessage(), e);
        }
    }

    private static List<byte[]> blocks(String text, String label) {
        List<byte[]> found = new java.util.ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(label)) {
                found.add(Base64.getMimeDecoder().decode(matcher.group(2)));
            }
        }
        return found;
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
