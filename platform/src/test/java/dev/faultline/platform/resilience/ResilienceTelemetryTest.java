package dev.faultline.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.TestTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

class ResilienceTelemetryTest {

    private final TestTelemetry traces = TestTelemetry.inMemory();
    private final InMemorySpanExporter spans = traces.spans();
    private final Telemetry telemetry = traces.telemetry("resilience-test");

    @Test
    void eachAttemptIsAChildSpanWithItsNumberAndRetriesAreEvents() {
        ResiliencePolicy policy = ResiliencePolicy.create("traced-retries", TestResilience.base().attempts(3)
                .retryBudget(1.0).breakerVolume(1_000).breakerErrorRatio(100).build(), telemetry);
        policy.call(true, () -> "banked");
        policy.call(true, () -> "banked");
        spans.reset();

        Span parent = traces.openTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope scope = parent.makeCurrent()) {
            assertThatThrownBy(() -> policy.call(true, () -> {
                throw new IllegalStateException("HTTP 503");
            })).isInstanceOf(IllegalStateException.class);
        } finally {
            parent.end();
        }

        List<SpanData> attempts = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().startsWith("traced-retries attempt")).toList();
        assertThat(attempts).extracting(span -> span.getAttributes().get(ResilienceTelemetry.ATTEMPT)).containsExactly(1L, 2L, 3L);
        assertThat(attempts).allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
        SpanData caller = spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals("caller")).findFirst().orElseThrow();
        assertThat(caller.getEvents()).extracting(EventData::getName).containsExactly("faultline.retry", "faultline.retry");
    }

    @Test
    void aBreakerRejectionIsAnEventAndTheStateSeriesShowsOpen() {
        ResiliencePolicy policy = ResiliencePolicy.create("traced-breaker", TestResilience.base().breakerVolume(4)
                .breakerDelay(Duration.ofSeconds(30)).build(), telemetry);
        for (int i = 0; i < 4; i++) {
            try {
                policy.call(true, () -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // filling the window
            }
        }
        String scrape = telemetry.scrape();
        assertThat(scrape).contains("faultline_circuitbreaker_window_calls{name=\"traced-breaker\"} 4.0")
                .contains("faultline_circuitbreaker_failure_ratio{name=\"traced-breaker\"} 1.0")
                .contains("faultline_circuitbreaker_failure_ratio_threshold{name=\"traced-breaker\"} 0.5");
        spans.reset();

        assertThatThrownBy(() -> policy.call(true, () -> "never runs")).isInstanceOf(ResilienceException.class);

        assertThat(spans.getFinishedSpanItems()).flatExtracting(SpanData::getEvents).extracting(EventData::getName)
                .contains("faultline.circuit_breaker.rejected");
        scrape = telemetry.scrape();
        assertThat(scrape).contains("faultline_circuitbreaker_state{name=\"traced-breaker\",state=\"open\"} 1.0")
                .contains("faultline_circuitbreaker_state{name=\"traced-breaker\",state=\"closed\"} 0.0")
                .contains("faultline_circuitbreaker_calls_total{name=\"traced-breaker\",outcome=\"rejected\"} 1.0")
                .contains("faultline_circuitbreaker_transitions_total{from=\"closed\",name=\"traced-breaker\",to=\"open\"} 1.0");
    }
}
