package dev.faultline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void aSeriesMissingAtAPointHasAGapThereAndTheWindowKeepsTheNewestPoints() {
        History history = new History(3);
        history.add(1_000, Map.of("rps:users", 1.0));
        Map<String, Double> withGap = new HashMap<>();
        withGap.put("rps:users", null);
        withGap.put("rps:orders", 5.0);
        history.add(2_000, withGap);
        history.add(3_000, Map.of("rps:users", 3.0, "rps:orders", 6.0));
        history.add(4_000, Map.of("rps:users", 4.0, "rps:orders", 7.0));

        History.Snapshot snapshot = history.snapshot();
        assertThat(snapshot.times()).containsExactly(2_000L, 3_000L, 4_000L);
        assertThat(snapshot.series().get("rps:users")).containsExactly(null, 3.0, 4.0);
        assertThat(snapshot.series().get("rps:orders")).containsExactly(5.0, 6.0, 7.0);
    }

    @Test
    void aFaultSpansFromWhenItWasFirstSeenToWhenItWasGone() {
        History history = new History(10);
        history.faultSeen("f1", "error", "payments-1", 1_000);
        history.faultSeen("f1", "error", "payments-1", 2_000);
        history.faultsEnded(Set.of("payments-1:f1"), 2_000);
        history.faultsEnded(Set.of(), 3_000);

        assertThat(history.snapshot().faults()).containsExactly(new History.FaultSpan("f1", "error", "payments-1", 1_000, 3_000L));
    }
}
