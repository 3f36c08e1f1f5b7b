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
        for (Fault fault : registry.consumer()) {
            if (matches(fault, queue) && fault.rolls()) {
                registry.hit(fault);
                ((Effect.Consumer) fault.effect()).beforeHandle(fault);
            }
        }
    }

    @Override
    public void beforeAcknowledge(String queue) {
        for (Fault fault : registry.consumer()) {
            if (matches(fault, queue)) {
                ((Effect.Consumer) fault.effect()).beforeAcknowledge(fault);
            }
        }
    }

    private boolean matches(Fault fault, String queue) {
        return fault.target().matchesProcess(registry.service(), registry.instance())
                && fault.target().matchesRequest(CONSUME, queue, header -> null);
    }
}
