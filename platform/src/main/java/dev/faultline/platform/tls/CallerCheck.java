package dev.faultline.platform.tls;

import java.security.cert.X509Certificate;
import java.util.Optional;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.pki.WorkloadIdentity;
import dev.faultline.platform.http.IdentityHeaders;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;

/**
 * Enforces {@link CallerRules} on an API socket that requires client certificates: the caller is the service its
 * certificate names (the TLS handshake already proved the certificate is the sandbox authority's and the caller
 * holds its key). A refused request gets 403 problem+json naming the rule; the span carries the caller and why.
 */
public final class CallerCheck implements Filter {

    /** Span attribute: the calling service, as its certificate names it. */
    public static final String CALLER = "faultline.tls.caller";
    /** Span attribute: why the caller was refused. */
    public static final String REFUSED = "faultline.tls.refused";

    private final CallerRules rules;
    private final MeterRegistry meters;

    public CallerCheck(CallerRules rules, MeterRegistry meters) {
        this.rules = rules;
        this.meters = meters;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> caller = req.remotePeer().tlsCertificates()
                .filter(chainOfCaller -> chainOfCaller.length > 0)
                .map(chainOfCaller -> chainOfCaller[0])
                .filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast)
                .flatMap(WorkloadIdentity::service);
        boolean setsIdentity = IdentityHeaders.ALL.stream().anyMatch(req.headers()::contains);
        Span span = Span.current();
        caller.ifPresent(service -> span.setAttribute(CALLER, service));
        Optional<String> refusal = rules.refusal(caller, req.prologue().method().text(), req.path().path(), setsIdentity);
        if (refusal.isEmpty()) {
            chain.proceed();
            return;
        }
        span.setAttribute(REFUSED, refusal.get());
        Counter.builder(TelemetryNames.TLS_CALLERS_REFUSED)
                .description("Requests refused because the calling service may not make them (mtls)")
                .tag("caller", caller.orElse("unknown"))
                .register(meters).increment();
        Problems.send(res, Problem.typed("caller-not-allowed", 403, "Forbidden",
                "Refused by the sandbox's rules of who may call whom: " + refusal.get() + "."));
    }
}
