package dev.faultline.chaos.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.faultline.chaos.runner.metrics.MetricsText;
import org.junit.jupiter.api.Test;

class ProcessSnapshotTest {

    private static ProcessSnapshot snapshot(long fast, long slow, long errors) {
        return ProcessSnapshot.of(MetricsText.parse("""
                http_server_request_duration_seconds_count{http_response_status_code="200"} %d
                http_server_request_duration_seconds_count{http_response_status_code="503"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="200",le="0.1"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="200",le="1.0"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="200",le="+Inf"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="503",le="0.1"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="503",le="1.0"} %d
                http_server_request_duration_seconds_bucket{http_response_status_code="503",le="+Inf"} %d
                faultline_circuitbreaker_state{name="payments",state="open"} 1.0
                faultline_circuitbreaker_state{name="payments",state="closed"} 0.0
                faultline_circuitbreaker_state{name="users",state="closed"} 1.0
                """.formatted(fast + slow, errors, fast, fast + slow, fast + slow, errors, errors, errors)));
    }

    @Test
    void ratesErrorsAndP99AreForTheRequestsBetweenTwoScrapes() {
        ProcessSnapshot before = snapshot(1000, 0, 0);
        // since then: 90 fast, 10 slow (between 0.1 and 1 s), of 100 requests, plus 0 errors
        ProcessSnapshot now = snapshot(1090, 10, 0);
        assertThat(now.requests() - before.requests()).isEqualTo(100);
        // rank 99 of 100: the 9th of the 10 in the (0.1, 1] bucket -> 0.1 + 0.9 * 9/10
        assertThat(now.p99Since(before)).isCloseTo(0.91, within(1e-9));
        assertThat(now.breakers()).containsEntry("payments", "open").containsEntry("users", "closed");
        assertThat(snapshot(1090, 10, 5).errors()).isEqualTo(5);
        assertThat(now.p99Since(now)).isNaN();
    }
}
