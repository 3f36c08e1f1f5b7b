package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import io.helidon.webserver.CloseConnectionException;

/**
 * {@code hang}: holds inbound requests without answering until the client gives up, at most {@code max}
 * milliseconds, then drops the connection.
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
            Thread.sleep(max);
            throw new CloseConnectionException("Fault " + fault.id() + " (hang) held the request for " + max + " ms");
        };
    }
}
