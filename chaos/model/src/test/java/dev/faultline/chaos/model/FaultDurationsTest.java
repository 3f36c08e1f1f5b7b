package dev.faultline.chaos.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FaultDurationsTest {

    @Test
    void readsEveryUnitAndDecimals() {
        assertThat(FaultDurations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FaultDurations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FaultDurations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(FaultDurations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(FaultDurations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void writesTheShortestExactFormThatReadsBackTheSame() {
        for (String text : new String[] {"1500ms", "30s", "2m", "1h", "0s"}) {
            assertThat(FaultDurations.format(FaultDurations.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void anythingElseIsRefusedSayingHowToWriteIt() {
        for (String text : new String[] {"", "30", "PT30S", "-1s", "1 s", "3d"}) {
            assertThatThrownBy(() -> FaultDurations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write it like 500ms, 30s, 2m or 1h");
        }
    }
}
