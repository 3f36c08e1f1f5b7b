package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code consumer-fail}: handling a consumed message throws (for the fault's {@code probability} share of
 * messages, each delivery rolled anew): the consumer rolls back, the broker redelivers it after its redelivery
 * delay, and after the queue's last attempt moves it to the dead-letter queue. A poison message, made on purpose.
 */
public final class ConsumerFailFault implements FaultKind {

    @Override
    public String name() {
        return "consumer-fail";
    }

    @Override
    public Effect parse(Params params) {
        String message = params.text("message", "injected consumer failure");
        return new Effect.Consumer() {
            @Override
            public Stage stage() {
                return Stage.BEFORE_HANDLE;
            }

            @Override
            public void apply(dev.faultline.chaos.engine.Fault fault) {
                throw new PoisonMessage("Fault " + fault.id() + ": " + message);
            }
        };
    }

    /** What a {@code consumer-fail} fault throws. */
    public static final class PoisonMessage extends RuntimeException {

        PoisonMessage(String message) {
            super(message);
        }
    }
}
