package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void restartDelaysDoubleUpToTheCap() {
        Backoff backoff = Backoff.DEFAULT;
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
    }
}
