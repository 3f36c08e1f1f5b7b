package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/** {@code exception}: throws inside the request's handling, so a stack trace reaches the logs and the span (a 500). */
public final class ExceptionFault implements FaultKind {

    @Override
    public String name() {
        return "exception";
    }

    @Override
    public Effect parse(Params params) {
        String message = params.text("message", "injected failure");
        return (Effect.Inbound) (fault, req, res) -> {
            throw new InjectedFailure("Fault " + fault.id() + ": " + message);
        };
    }

    /** The exception an {@code exception} fault throws. */
    public static final class InjectedFailure extends RuntimeException {

        InjectedFailure(String message) {
            super(message);
        }
    }
}
