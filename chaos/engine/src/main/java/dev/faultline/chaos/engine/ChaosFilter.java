package dev.faultline.chaos.engine;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Applies the active inbound faults whose target matches a request and whose dice say so. */
final class ChaosFilter implements Filter {

    private final FaultRegistry registry;
    private final String header;

    ChaosFilter(FaultRegistry registry, String header) {
        this.registry = registry;
        this.header = header;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String method = req.prologue().method().text();
        String path = req.path().path();
        for (Fault fault : registry.inbound()) {
            if (!fault.target().matchesProcess(registry.service(), registry.instance())
                    || !fault.target().matchesRequest(method, path, name -> req.headers().first(HeaderNames.create(name)).orElse(null))
                    || !fault.rolls()) {
                continue;
            }
            registry.hit(fault);
            res.headers().add(HeaderNames.create(header), fault.id());
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
