package dev.faultline.chaos.engine;

import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;

/** Applies the process's active {@code dependency} faults on outbound calls to one peer. */
final class ChaosClient implements WebClientService {

    private final FaultRegistry registry;
    private final String peer;

    ChaosClient(FaultRegistry registry, String peer) {
        this.registry = registry;
        this.peer = peer;
    }

    @Override
    public String name() {
        return "faultline-chaos";
    }

    @Override
    public String type() {
        return "faultline-chaos";
    }

    @Override
    public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
        java.util.List<Fault> hits = new java.util.ArrayList<>();
        for (Fault fault : registry.outbound(peer)) {
            if (fault.target().matchesProcess(registry.service(), registry.instance())
                    && fault.target().matchesRequest(request.method().text(), request.uri().path().path(), name -> null)
                    && fault.rolls()) {
                registry.hit(fault);
                hits.add(fault);
                try {
                    ((Effect.Outbound) fault.effect()).apply(fault);
                } catch (RuntimeException e) {
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        WebClientServiceResponse response = chain.proceed(request);
        for (Fault fault : hits) {
            response = ((Effect.Outbound) fault.effect()).answer(fault, response);
        }
        return response;
    }
}
