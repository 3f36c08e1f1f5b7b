package dev.faultline.chaos.engine.kinds;

import java.time.Duration;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import io.helidon.webserver.CloseConnectionException;

/**
 * {@code hang}: holds inbound requests without answering until the client gives up, at most {@code max}
 * milliseconds, then drops the connection. When the fault ends first (cleared or expired), the requests it holds
 * go on as if it had never been.
 */
public final class HangFault implements FaultKind {

    @Override
    public String name() {
        return "hang";
    }

    @Override
    public Effect parse(Params params) {
        long max = params.number("max", 1, 600_000, 60_000L);
        return (Effect.Inbound) (fault, req, res) -> {
            if (fault.lease().hold(Duration.ofMillis(max))) {
                throw new CloseConnectionException("Fault " + fault.id() + " (hang) held the request for " + max + " ms");
            }
            return false;
        };
    }
}
