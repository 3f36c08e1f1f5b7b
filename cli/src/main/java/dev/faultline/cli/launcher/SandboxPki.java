package dev.faultline.cli.launcher;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.faultline.pki.CertificateAuthority;
import dev.faultline.pki.IssuedCertificate;
import dev.faultline.pki.PkiLayout;

/**
 * The sandbox's PKI under {@code .faultline/secrets/pki}: an authority made at the first {@code up} with TLS, and a
 * short-lived certificate per process, re-issued before it expires (the supervisor looks every minute; each process
 * re-reads its certificate every two seconds and swaps it in without a restart). The authority's key stays here: no
 * process ever holds it.
 */
public final class SandboxPki {

    /** The authority's life; a new one is made (and every leaf re-issued) when less than a month is left. */
    static final Duration AUTHORITY_LIFE = Duration.ofDays(365);
    private static final Duration AUTHORITY_RENEWAL = Duration.ofDays(30);
    /** A leaf's life: a day, as service meshes issue them (Istio's default is 24 h), re-issued at two thirds. */
    static final Duration LEAF_LIFE = Duration.ofHours(24);
    /** Backdated a little, so a process whose clock lags the launcher's does not find its certificate not yet valid. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final PkiLayout layout;

    public SandboxPki(SandboxPaths paths) {
        this.layout = layout(paths);
    }

    /** Where a sandbox's PKI is. */
    static PkiLayout layout(SandboxPaths paths) {
        return new PkiLayout(paths.secrets().resolve("pki"));
    }

    public PkiLayout layout() {
        return layout;
    }

    /**
     * Makes sure every process has a valid certificate from the sandbox's authority: the authority made if there is
     * none (or renewed near its end), a leaf issued to each process that lacks one, holds another authority's, or is
     * two thirds through its life.
     *
     * @return the processes given a new certificate
     */
    public synchronized List<String> ensure(List<ProcessSpec> processes, Instant now) {
        CertificateAuthority authority = authority(now);
        List<String> issued = new ArrayList<>();
        for (ProcessSpec process : processes) {
            Optional<List<X509Certificate>> held = layout.installed(process.name());
            if (held.isEmpty() || due(held.get(), authority.certificate(), now)) {
                install(authority, process, now);
                issued.add(process.name());
            }
        }
        return issued;
    }

    /** Re-issues every process's certificate now ({@code ./faultline keys rotate tls}). */
    public synchronized List<String> reissue(List<ProcessSpec> processes, Instant now) {
        CertificateAuthority authority = authority(now);
        processes.forEach(process -> install(authority, process, now));
        return processes.stream().map(ProcessSpec::name).toList();
    }

    /** The leaf each process holds now, if any. */
    public Optional<X509Certificate> held(ProcessSpec process) {
        return layout.installed(process.name()).map(List::getFirst);
    }

    /** Whether a held chain must be replaced: another authority's, or two thirds through its life. */
    static boolean due(List<X509Certificate> chain, X509Certificate authority, Instant now) {
        X509Certificate leaf = chain.getFirst();
        try {
            leaf.verify(authority.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            return true;
        }
        Instant from = leaf.getNotBefore().toInstant();
        Instant until = leaf.getNotAfter().toInstant();
        return !now.isBefore(from.plus(Duration.between(from, until).multipliedBy(2).dividedBy(3)));
    }

    private void install(CertificateAuthority authority, ProcessSpec process, Instant now) {
        IssuedCertificate leaf = authority.issue(process.service(), now.minus(BACKDATE), LEAF_LIFE.plus(BACKDATE));
        layout.install(process.name(), leaf, authority.certificate());
        // what the certificate fault presents: the same authority's, for the same service, ended yesterday
        layout.installExpired(process.name(), authority.issue(process.service(), now.minus(LEAF_LIFE.multipliedBy(2)),
                LEAF_LIFE));
    }

    private CertificateAuthority authority(Instant now) {
        Optional<CertificateAuthority> kept = layout.authority()
                .filter(ca -> now.plus(AUTHORITY_RENEWAL).isBefore(ca.certificate().getNotAfter().toInstant()));
        if (kept.isPresent()) {
            return kept.get();
        }
        CertificateAuthority made = CertificateAuthority.create("Faultline sandbox CA", now.minus(BACKDATE),
                AUTHORITY_LIFE);
        layout.save(made);
        return made;
    }
}
