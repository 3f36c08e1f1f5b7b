package dev.faultline.orders;

import java.util.Locale;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.orders.Order.Step.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counters of orders' saga, in one place. */
final class OrderMetrics {

    private final MeterRegistry meters;

    OrderMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** An order reached a final status. */
    void ended(Order.Status status) {
        Counter.builder(TelemetryNames.ORDERS).tag("status", status.name().toLowerCase(Locale.ROOT))
                .description("Orders by final status").register(meters).increment();
    }

    /** One try of a compensation step ended. */
    void compensated(SagaStep action, Outcome outcome) {
        Counter.builder(TelemetryNames.SAGA_COMPENSATIONS).tag("step", action.label())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).description("Saga compensation steps")
                .register(meters).increment();
    }
}
