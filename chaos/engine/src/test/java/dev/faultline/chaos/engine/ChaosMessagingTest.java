package dev.faultline.chaos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.engine.kinds.ConsumerFailFault;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The faults of a process's messaging as the engine applies them: consumer kinds on the queue they name, at their
 * stage, with their probability; a {@code dependency} fault on peer {@code broker} on the broker connection.
 */
class ChaosMessagingTest {

    private final FaultKinds kinds = FaultKinds.standard();
    private final FaultRegistry registry = new FaultRegistry("shipping", "shipping", Clock.systemUTC(), kinds,
            new SimpleMeterRegistry());
    private final FaultParser parser = new FaultParser(kinds, Duration.ofMinutes(1), Clock.systemUTC());
    private final ChaosMessaging messaging = new ChaosMessaging(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aFailingConsumerThrowsOnItsQueueOnlyAndNeverAtTheAcknowledgement() throws Exception {
        add("{\"kind\": \"consumer-fail\", \"target\": {\"service\": \"shipping\", \"route\": \"shipping.orders\"}, "
                + "\"duration\": \"30s\"}");

        assertThatThrownBy(() -> messaging.beforeHandle("shipping.orders")).isInstanceOf(ConsumerFailFault.PoisonMessage.class);
        messaging.beforeHandle("billing.orders");
        messaging.beforeAcknowledge("shipping.orders");
    }

    @Test
    void aShareOfMessagesFailsByTheFaultsProbability() {
        add("{\"kind\": \"consumer-fail\", \"target\": {\"service\": \"shipping\"}, \"probability\": 0.3, \"seed\": 7, "
                + "\"duration\": \"30s\"}");
        int failed = 0;
        for (int i = 0; i < 2_000; i++) {
            try {
                messaging.beforeHandle("shipping.orders");
            } catch (ConsumerFailFault.PoisonMessage e) {
                failed++;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(failed / 2_000.0).isBetween(0.25, 0.35);
    }

    @Test
    void aSlowConsumerWaitsUntilTheFaultIsCleared() throws Exception {
        String id = add("{\"kind\": \"consumer-slow\", \"target\": {\"service\": \"shipping\"}, \"parameters\": "
                + "{\"ms\": 60000}, \"duration\": \"30s\"}");
        CompletableFuture<Void> handled = CompletableFuture.runAsync(() -> {
            try {
                messaging.beforeHandle("shipping.orders");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // held, not failed: it neither returns nor throws while the fault lasts
        assertThat(handled).failsWithin(Duration.ofMillis(300)).withThrowableThat()
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        registry.remove(id);
        handled.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedBrokerConnectionFailsEveryCall() {
        add("{\"kind\": \"dependency\", \"target\": {\"service\": \"shipping\"}, \"parameters\": {\"peer\": \"broker\"}, "
                + "\"duration\": \"30s\"}");

        assertThatThrownBy(messaging::beforeBrokerCall).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aConsumerKindsParameterOutOfRangeIsRefused() {
        assertThatThrownBy(() -> add("{\"kind\": \"consumer-slow\", \"target\": {\"service\": \"shipping\"}, "
                + "\"parameters\": {\"ms\": -1}, \"duration\": \"30s\"}")).isInstanceOf(ProblemException.class);
    }

    private String add(String json) {
        Fault fault = parser.parse(Json.parse(json));
        registry.add(fault);
        return fault.id();
    }
}
