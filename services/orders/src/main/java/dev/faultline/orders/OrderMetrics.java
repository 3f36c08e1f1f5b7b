package dev.faultline.orders;

import java.util.Locale;

import dev.faultline.observability.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/** The counters of orders' saga, in one place. */
final class OrderMetrics {

    private OrderMetrics() {
    }

    /** An order reached a final status. */
    static void ended(String status) {
        Counter.builder(TelemetryNames.ORDERS).tag("status", status.toLowerCase(Locale.ROOT))
                .description("Orders by final status").register(Metrics.globalRegistry).increment();
    }

    /** One try of a compensation step ended. */
    static void compensated(Compensation.Action action, String outcome) {
        Counter.builder(TelemetryNames.SAGA_COMPENSATIONS).tag("step", action.step())
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).description("Saga compensation steps")
                .register(Metrics.globalRegistry).increment();
    }
}
