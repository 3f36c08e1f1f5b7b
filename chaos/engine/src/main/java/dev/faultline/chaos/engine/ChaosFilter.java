package dev.faultline.chaos.engine;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Applies the active inbound faults whose target matches a request and whose dice say so. */
final class ChaosFilter implements Filter {

    private static final String DROPPED_BY = "faultline.chaos.dropped-trace-context";

    private final FaultRegistry registry;
    private final String header;

    ChaosFilter(FaultRegistry registry, String header) {
        this.registry = registry;
        this.header = header;
    }

    /** Called by the HTTP telemetry before it reads the trace context: whether a fault drops it for this request. */
    boolean dropsTraceContext(RoutingRequest req, RoutingResponse res) {
        for (Fault fault : registry.contextDrops()) {
            if (matches(fault, req) && fault.rolls()) {
                // counted and marked by filter(), inside the new trace's server span
                req.context().register(DROPPED_BY, fault);
                mark(fault, res);
                return true;
            }
        }
        return false;
    }

    /** The response header naming the fault, except for a hidden one (a mystery's: the answer must not say it). */
    private void mark(Fault fault, RoutingResponse res) {
        if (!fault.hidden()) {
            res.headers().add(HeaderNames.create(header), fault.id());
        }
    }

    private boolean matches(Fault fault, RoutingRequest req) {
        return fault.target().matchesProcess(registry.service(), registry.instance())
                && fault.target().matchesRequest(req.prologue().method().text(), req.path().path(),
                        name -> req.headers().first(HeaderNames.create(name)).orElse(null));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().get(DROPPED_BY, Fault.class).ifPresent(registry::hit);
        for (Fault fault : registry.inbound()) {
            if (!matches(fault, req) || !fault.rolls()) {
                continue;
            }
            registry.hit(fault);
            mark(fault, res);
            try {
                if (((Effect.Inbound) fault.effect()).apply(fault, req, res)) {
                    return;
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while applying fault " + fault.id(), e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        chain.proceed();
    }
}
