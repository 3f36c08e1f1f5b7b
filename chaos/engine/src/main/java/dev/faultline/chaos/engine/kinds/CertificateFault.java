package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import dev.faultline.platform.tls.ProcessTls;

/**
 * {@code certificate}: the process presents a certificate its peers refuse, as a server and as a client, while the
 * fault lasts: {@code problem: expired} (the default) the one the sandbox's authority issued it that ended yesterday,
 * as a failed renewal leaves; {@code untrusted} one from an authority of its own making. Under mtls its callers' (or,
 * for orders and the gateway, its peers') handshakes fail: errors, retries on other instances, ejection. Its own
 * certificate comes back when the fault ends. Needs TLS ({@code ./faultline up --tls mtls}; edge: the gateway's HTTPS).
 */
public final class CertificateFault implements FaultKind {

    /** What is wrong with the certificate presented. */
    public enum Problem {
        EXPIRED,
        UNTRUSTED
    }

    private final ProcessTls tls;

    public CertificateFault(ProcessTls tls) {
        this.tls = tls;
    }

    @Override
    public String name() {
        return "certificate";
    }

    @Override
    public Effect parse(Params params) {
        Problem problem = params.choice("problem", Problem.class, Problem.EXPIRED);
        if (!tls.enabled()) {
            params.reject("problem", "needs TLS, and this process has no certificate: start the sandbox with "
                    + "./faultline up --tls mtls");
        }
        return (Effect.Process) fault -> problem == Problem.EXPIRED ? tls.presentExpired() : tls.presentUntrusted();
    }
}
