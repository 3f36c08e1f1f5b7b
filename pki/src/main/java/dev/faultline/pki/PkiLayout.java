package dev.faultline.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Where the sandbox's PKI lives on disk, the one contract between the launcher that writes it and the processes that
 * read it: under an owner-only root, the authority's certificate and key, and a directory per process instance
 * holding what that process needs and nothing more (its chain, its key, the authority's certificate to trust).
 * Every file is written owner-only and whole ({@link OwnerOnly#write}): a process polling for a re-issued
 * certificate never reads half of one.
 */
public record PkiLayout(Path root) {

    /** In a process's directory: its certificate chain, leaf first. */
    public static final String CERTIFICATE = "certificate.pem";
    /** In a process's directory: its private key (PKCS#8). */
    public static final String KEY = "key.pem";
    /** In a process's directory and at the root: the authority's certificate, the one trusted. */
    public static final String TRUST = "ca.pem";
    /**
     * In a process's directory: a certificate the authority issued it that has expired, and its key. Never used but by
     * the certificate fault, which makes the process present it: a process cannot make one itself (it never holds the
     * authority's key), and an expired certificate from the right authority is what a failed renewal leaves.
     */
    public static final String EXPIRED_CERTIFICATE = "expired-certificate.pem";
    public static final String EXPIRED_KEY = "expired-key.pem";

    /** The authority's certificate. */
    public Path authorityCertificate() {
        return root.resolve(TRUST);
    }

    /** The authority's key: read by the launcher only, never handed to a process. */
    public Path authorityKey() {
        return root.resolve("ca-key.pem");
    }

    /** The directory of one process instance (e.g. payments-2). */
    public Path instance(String name) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Not an instance name: " + name);
        }
        return root.resolve(name);
    }

    /** The authority kept here, if one was made. */
    public Optional<CertificateAuthority> authority() {
        if (!Files.exists(authorityCertificate()) || !Files.exists(authorityKey())) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificateAuthority.of(
                    Pem.readCertificates(Files.readString(authorityCertificate())).getFirst(),
                    Pem.readPrivateKey(Files.readString(authorityKey()))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sandbox's certificate authority in " + root, e);
        }
    }

    /** Keeps an authority here (its key first: a certificate without its key would be taken for a whole one). */
    public void save(CertificateAuthority authority) {
        OwnerOnly.directory(root);
        OwnerOnly.write(authorityKey(), Pem.privateKey(authority.key()));
        OwnerOnly.write(authorityCertificate(), Pem.certificates(List.of(authority.certificate())));
    }

    /**
     * Gives an instance its certificate: the authority to trust and the key first, the chain last, since a process
     * takes a new chain as the sign that all three are new.
     */
    public void install(String instance, IssuedCertificate issued, X509Certificate authority) {
        Path dir = OwnerOnly.directory(instance(instance));
        OwnerOnly.write(dir.resolve(TRUST), Pem.certificates(List.of(authority)));
        OwnerOnly.write(dir.resolve(KEY), Pem.privateKey(issued.key()));
        OwnerOnly.write(dir.resolve(CERTIFICATE), Pem.certificates(issued.chain()));
    }

    /** Gives an instance the expired certificate the certificate fault presents. */
    public void installExpired(String instance, IssuedCertificate expired) {
        Path dir = OwnerOnly.directory(instance(instance));
        OwnerOnly.write(dir.resolve(EXPIRED_KEY), Pem.privateKey(expired.key()));
        OwnerOnly.write(dir.resolve(EXPIRED_CERTIFICATE), Pem.certificates(expired.chain()));
    }

    /** The chain an instance holds now, if it has one. */
    public Optional<List<X509Certificate>> installed(String instance) {
        Path chain = instance(instance).resolve(CERTIFICATE);
        if (!Files.exists(chain)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.readCertificates(Files.readString(chain)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
