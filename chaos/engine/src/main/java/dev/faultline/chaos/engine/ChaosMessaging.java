package dev.faultline.chaos.engine;

import dev.faultline.platform.spi.MessagingFaults;

/**
 * The faults of a process's messaging: {@code dependency} faults on peer {@code broker} on each call over its
 * broker connection, and the consumer kinds on each message it handles (a fault's {@code route} names a queue,
 * exactly or as a prefix; absent, every queue).
 */
final class ChaosMessaging implements MessagingFaults {

    /** The peer name a {@code dependency} fault gives to reach a process's broker connection. */
    static final String BROKER = "broker";
    /** The method consumed messages match in a fault's target. */
    private static final String CONSUME = "CONSUME";

    private final FaultRegistry registry;

    ChaosMessaging(FaultRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeBrokerCall() throws Exception {
        for (Fault fault : registry.outbound(BROKER)) {
            if (fault.target().matchesProcess(registry.service(), registry.instance()) && fault.rolls()) {
                registry.hit(fault);
                ((Effect.Outbound) fault.effect()).apply(fault);
            }
        }
    }

    @Override
    public void beforeHandle(String queue) throws Exception {
        apply(queue, Effect.Consumer.Stage.BEFORE_HANDLE);
    }

    @Override
    public void beforeAcknowledge(String queue) {
        try {
            apply(queue, Effect.Consumer.Stage.BEFORE_ACKNOWLEDGE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(String queue, Effect.Consumer.Stage stage) throws Exception {
        for (Fault fault : registry.consumer()) {
            Effect.Consumer effect = (Effect.Consumer) fault.effect();
            if (effect.stage() == stage && fault.target().matchesProcess(registry.service(), registry.instance())
                    && fault.target().matchesRequest(CONSUME, queue, header -> null) && fault.rolls()) {
                registry.hit(fault);
                effect.apply(fault);
            }
        }
    }
}
