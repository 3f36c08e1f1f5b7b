package dev.faultline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class WatchCadenceTest {

    private final WatchCadence cadence = new WatchCadence(Duration.ofSeconds(10), Duration.ofSeconds(5));

    @Test
    void whileNobodyLooksARoundIsDueEveryFiveSeconds() {
        assertThat(roundsIn(0, 30)).containsExactly(0L, 5_000L, 10_000L, 15_000L, 20_000L, 25_000L);
    }

    @Test
    void aLookMakesEverySecondARoundForTenSecondsThenItSlowsDownAgain() {
        cadence.due(0);
        cadence.looked(2_000);

        assertThat(roundsIn(2, 30)).containsExactly(2_000L, 3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L, 9_000L,
                10_000L, 11_000L, 16_000L, 21_000L, 26_000L);
    }

    /** The ticks (one a second, from {@code from} to {@code to} seconds) at which a round was due. */
    private java.util.List<Long> roundsIn(long from, long to) {
        return LongStream.range(from, to).map(second -> second * 1_000).filter(cadence::due).boxed().toList();
    }
}
