package dev.faultline.chaos.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MetricsTextTest {

    private static final String TEXT = """
            # HELP faultline_circuitbreaker_state 1 for the circuit breaker's current state
            # TYPE faultline_circuitbreaker_state gauge
            faultline_circuitbreaker_state{name="payments",state="closed"} 0.0
            faultline_circuitbreaker_state{name="payments",state="open"} 1.0
            faultline_circuitbreaker_state{name="catalog",state="open"} 0.0
            http_server_request_duration_seconds_bucket{http_route="/api/orders/**",le="+Inf"} 12 # {trace_id="abc"} 0.1 1.7e9
            faultline_odd{path="a \\"quoted\\" \\\\ value"} 3
            process_start_time_seconds 1.79570003124E9
            """;

    @Test
    void samplesKeepNamesLabelsAndValuesAndIgnoreCommentsAndExemplars() {
        List<Sample> samples = MetricsText.parse(TEXT);
        assertThat(samples).hasSize(6);
        assertThat(samples.get(3).labels()).containsEntry("le", "+Inf");
        assertThat(samples.get(3).value()).isEqualTo(12);
        assertThat(samples.get(4).label("path")).isEqualTo("a \"quoted\" \\ value");
        assertThat(samples.get(5).value()).isEqualTo(1.79570003124E9);
    }

    @Test
    void aSelectorSumsWhatItMatches() {
        List<Sample> samples = MetricsText.parse(TEXT);
        assertThat(SeriesSelector.parse("faultline_circuitbreaker_state{name=\"payments\",state=\"open\"}").sum(samples))
                .hasValue(1);
        assertThat(SeriesSelector.parse("faultline_circuitbreaker_state{state=\"open\"}").sum(samples)).hasValue(1);
        assertThat(SeriesSelector.parse("faultline_circuitbreaker_state{name!=\"payments\"}").sum(samples)).hasValue(0);
        assertThat(SeriesSelector.parse("faultline_circuitbreaker_state{name=~\"pay.*|cat.*\", state=\"open\"}").sum(samples))
                .hasValue(1);
        assertThat(SeriesSelector.parse("faultline_missing").sum(samples)).isEmpty();
    }

    @Test
    void badSelectorsSayWhatIsWrong() {
        assertThatThrownBy(() -> SeriesSelector.parse("9lives")).hasMessageContaining("not a metric name");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=\"x\"")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=x}")).hasMessageContaining("name=\"payments\"");
    }
}
