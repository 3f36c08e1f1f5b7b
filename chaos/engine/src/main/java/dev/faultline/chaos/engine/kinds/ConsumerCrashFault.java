package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import dev.faultline.platform.ProcessExit;
import org.slf4j.LoggerFactory;

/**
 * {@code consumer-crash}: the process exits with {@code code} after it handled a consumed message and before it
 * acknowledged it (once: the exit ends the fault with the process). The broker delivers the message again to the
 * restarted consumer, which must absorb the duplicate: at-least-once delivery, shown.
 */
public final class ConsumerCrashFault implements FaultKind {

    private final ProcessExit exit;

    /** @param exit how the process ends itself before the acknowledgement */
    public ConsumerCrashFault(ProcessExit exit) {
        this.exit = exit;
    }

    @Override
    public String name() {
        return "consumer-crash";
    }

    @Override
    public Effect parse(Params params) {
        int code = (int) params.number("code", 1, 255, 137L);
        return new Effect.Consumer() {
            @Override
            public Stage stage() {
                return Stage.BEFORE_ACKNOWLEDGE;
            }

            @Override
            public void apply(dev.faultline.chaos.engine.Fault fault) {
                LoggerFactory.getLogger(ConsumerCrashFault.class).error(
                        "Fault {} (consumer-crash): exiting with code {} before acknowledging a handled message",
                        fault.id(), code);
                exit.halt(code);
            }
        };
    }
}
