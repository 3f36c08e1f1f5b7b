package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import io.helidon.webserver.CloseConnectionException;

/** {@code reset}: closes the connection of inbound requests without any response. No parameters. */
public final class ResetFault implements FaultKind {

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public Effect parse(Params params) {
        return (Effect.Inbound) (fault, req, res) -> {
            throw new CloseConnectionException("Fault " + fault.id() + " (reset) closed the connection");
        };
    }
}
