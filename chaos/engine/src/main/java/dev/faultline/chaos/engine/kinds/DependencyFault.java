package dev.faultline.chaos.engine.kinds;

import java.net.ConnectException;
import java.io.UncheckedIOException;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import io.helidon.http.Status;
import io.helidon.webclient.api.WebClientServiceResponse;

/**
 * {@code dependency}: on outbound calls to {@code peer}, {@code mode} {@code refuse} fails them as a refused
 * connection (the peer never sees them), {@code latency} delays them by {@code ms} milliseconds, {@code status}
 * replaces the peer's answer with {@code status} (the peer did act: the answer was lost on the way, as behind a
 * failing proxy). The peer itself is untouched.
 */
public final class DependencyFault implements FaultKind {

    @Override
    public String name() {
        return "dependency";
    }

    @Override
    public Effect parse(Params params) {
        String peer = params.text("peer", null);
        if (peer == null) {
            params.reject("peer", "is required: the service whose calls fail (users, catalog, payments, orders; broker for a connection to the broker)");
        }
        Mode mode = params.choice("mode", Mode.class, Mode.REFUSE);
        long ms = params.number("ms", 0, 600_000, 1_000L);
        int status = (int) params.number("status", 400, 599, 503L);
        return new Effect.Outbound() {
            @Override
            public String peer() {
                return peer;
            }

            @Override
            public void apply(dev.faultline.chaos.engine.Fault fault) throws InterruptedException {
                switch (mode) {
                    case LATENCY -> fault.lease().hold(java.time.Duration.ofMillis(ms));
                    case STATUS -> { }
                    case REFUSE -> throw new UncheckedIOException(new ConnectException("Connection refused (fault "
                            + fault.id() + ")"));
                }
            }

            @Override
            public WebClientServiceResponse answer(dev.faultline.chaos.engine.Fault fault, WebClientServiceResponse response) {
                return mode == Mode.STATUS
                        ? WebClientServiceResponse.builder(response).status(Status.create(status)).build()
                        : response;
            }
        };
    }

    /** What happens to a call. */
    enum Mode { REFUSE, LATENCY, STATUS }
}
