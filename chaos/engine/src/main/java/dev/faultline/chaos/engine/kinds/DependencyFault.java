package dev.faultline.chaos.engine.kinds;

import java.net.ConnectException;
import java.io.UncheckedIOException;
import java.util.Set;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code dependency}: on outbound calls to {@code peer}, {@code mode} {@code refuse} fails them as a refused
 * connection, {@code latency} delays them by {@code ms} milliseconds; the peer itself is untouched.
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
            params.reject("peer", "is required: the service whose calls fail (users, catalog, payments, orders)");
        }
        String mode = params.choice("mode", Set.of("refuse", "latency"), "refuse");
        long ms = params.number("ms", 0, 600_000, 1_000L);
        return new Effect.Outbound() {
            @Override
            public String peer() {
                return peer;
            }

            @Override
            public void apply(dev.faultline.chaos.engine.Fault fault) throws InterruptedException {
                if ("latency".equals(mode)) {
                    Thread.sleep(ms);
                    return;
                }
                throw new UncheckedIOException(new ConnectException("Connection refused (fault " + fault.id() + ")"));
            }
        };
    }
}
