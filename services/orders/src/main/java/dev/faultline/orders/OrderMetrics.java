package dev.faultline.orders;

import java.util.Locale;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.orders.Order.Step.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/** The counters of orders' saga, in one place. */
final class OrderMetrics {

    private OrderMetrics() {
    }

    /** An order reached a final status. */
    static void ended(Order.Status status) {
        Counter.builder(TelemetryNames.ORDERS).tag("status", status.name().toLowerCase(Locale.ROOT))
                .description("Orders by final status").register(Metrics.globalRegistry).increment();
    }

    /** One try of a compensation step ended. */
    static void compensated(SagaStep action, Outcome outcome) {
        Counter.builder(TelemetryNames.SAGA_COMPENSATIONS).tag("step", action.label())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).description("Saga compensation steps")
                .register(Metrics.globalRegistry).increment();
    }
}
