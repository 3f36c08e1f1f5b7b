package dev.faultline.chaos.runner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The one calculation between two scrapes that top and the console both show. */
class RatesTest {

    @Test
    void requestsASecondFailedShareAndP99OfWhatWasServedBetweenTwoScrapes() {
        ProcessSnapshot before = snapshot(100, 10, 0, 0, 0);
        ProcessSnapshot now = snapshot(300, 30, 190, 200, 200);

        Rates rates = Rates.served(before, now, 2.0);

        assertThat(rates.rps()).isEqualTo(100.0);
        assertThat(rates.errorPercent()).isEqualTo(10.0);
        assertThat(rates.p99Millis()).as("within the 0.1-1 s bucket").isCloseTo(550.0, within(450.0));
    }

    @Test
    void nothingToSayWithoutAnEarlierScrapeOrAfterARestartSetTheCountersBack() {
        ProcessSnapshot now = snapshot(300, 30, 190, 200, 200);

        assertThat(Rates.served(null, now, 2.0)).isSameAs(Rates.NONE);
        assertThat(Rates.served(now, snapshot(5, 0, 5, 5, 5), 2.0)).isSameAs(Rates.NONE);
        assertThat(Rates.served(now, now, Double.NaN)).isSameAs(Rates.NONE);
    }

    @Test
    void aQuietProcessServedNothingAndFailedNothing() {
        ProcessSnapshot quiet = snapshot(100, 10, 50, 100, 100);

        Rates rates = Rates.served(quiet, quiet, 1.0);

        assertThat(rates.rps()).isZero();
        assertThat(rates.errorPercent()).isZero();
        assertThat(rates.p99Millis()).isNull();
    }

    /** A process's totals with a histogram of three buckets: up to 0.1 s, up to 1 s, and all. */
    private static ProcessSnapshot snapshot(double requests, double errors, double fast, double upToASecond, double all) {
        TreeMap<Double, Double> buckets = new TreeMap<>(Map.of(0.1, fast, 1.0, upToASecond, Double.POSITIVE_INFINITY, all));
        return new ProcessSnapshot(requests, errors, buckets, Map.of());
    }
}
