package dev.faultline.chaos.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.load.Endpoint;
import dev.faultline.chaos.runner.load.LoadStats;
import org.junit.jupiter.api.Test;

/**
 * A load probe with {@code per} judges one endpoint's measure against another's over the same window: browsing
 * that stays fast while checkouts crawl holds however slow the machine is, and browsing that slows with checkout
 * (as it would if it went through the slow dependency) does not.
 */
class RelativeLoadProbeTest {

    private static final Probe.Load BROWSING_STAYS_FAST = new Probe.Load("browsing stays fast", "p50",
            Optional.of(Endpoint.BROWSE), Duration.ofSeconds(8), Condition.parse("< 34%", null),
            Optional.of(Endpoint.PLACE_ORDER));

    private final LoadStats stats = new LoadStats();
    private final ProbeRunner probes = new ProbeRunner(new SandboxEndpoints(List.of(), "token"),
            new AdminClient("token"), Optional.empty(), stats);

    @Test
    void holdsWhenBrowsingIsAFractionOfCheckoutEvenWhenBothAreStretched() {
        Reading reading = browsingAgainstCheckout(211, 2113);

        assertThat(reading.holds()).as(reading.detail()).isTrue();
        assertThat(reading.value()).isBetween(0.09, 0.11);
        assertThat(reading.detail()).contains("over 60 requests").contains("over 40 place-order requests");
    }

    @Test
    void failsWhenBrowsingSlowsWithCheckout() {
        Reading reading = browsingAgainstCheckout(320, 350);

        assertThat(reading.holds()).as(reading.detail()).isFalse();
        assertThat(reading.value()).isBetween(0.85, 0.97);
    }

    @Test
    void nothingToDivideByIsNoReadingNotAPass() {
        record(Endpoint.BROWSE, 5, 60);

        Reading reading = probes.read(BROWSING_STAYS_FAST, ProbeRunner.Baseline.ZERO);

        assertThat(reading.holds()).isFalse();
        assertThat(reading.value()).isNaN();
        assertThat(reading.detail()).isEqualTo("nothing measured on place-order in the last 8 s to divide by");
    }

    /** The probe over 60 browses and 40 checkouts of these latencies. */
    private Reading browsingAgainstCheckout(long browseMillis, long checkoutMillis) {
        record(Endpoint.BROWSE, browseMillis, 60);
        record(Endpoint.PLACE_ORDER, checkoutMillis, 40);
        return probes.read(BROWSING_STAYS_FAST, ProbeRunner.Baseline.ZERO);
    }

    private void record(Endpoint endpoint, long millis, int count) {
        for (int i = 0; i < count; i++) {
            stats.record(endpoint, Duration.ofMillis(millis).toNanos(), Optional.empty(), "trace-" + i);
        }
    }
}
