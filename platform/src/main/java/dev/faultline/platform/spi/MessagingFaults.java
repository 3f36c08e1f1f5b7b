package dev.faultline.platform.spi;

import java.util.List;

/**
 * Where faults reach this process's messaging: its connection to the broker (a {@code dependency} fault on peer
 * {@code broker}) and the handling of each message it consumes (the consumer-side kinds). The chaos engine
 * provides one per process; without it nothing happens.
 */
public interface MessagingFaults {

    /** No faults. */
    MessagingFaults NONE = new MessagingFaults() {
    };

    /** Before each call over the connection to the broker (a send, a receive): may delay it or fail it. */
    default void beforeBrokerCall() throws Exception {
    }

    /** Before a consumed message from {@code queue} is handled: may delay it or throw (a failed consumption). */
    default void beforeHandle(String queue) throws Exception {
    }

    /** After a message was handled, before it is acknowledged: may end the process (a duplicate delivery follows). */
    default void beforeAcknowledge(String queue) {
    }

    /** All of them, in order. */
    static MessagingFaults all(List<MessagingFaults> faults) {
        if (faults.isEmpty()) {
            return NONE;
        }
        return new MessagingFaults() {
            @Override
            public void beforeBrokerCall() throws Exception {
                for (MessagingFaults each : faults) {
                    each.beforeBrokerCall();
                }
            }

            @Override
            public void beforeHandle(String queue) throws Exception {
                for (MessagingFaults each : faults) {
                    each.beforeHandle(queue);
                }
            }

            @Override
            public void beforeAcknowledge(String queue) {
                faults.forEach(each -> each.beforeAcknowledge(queue));
            }
        };
    }
}
