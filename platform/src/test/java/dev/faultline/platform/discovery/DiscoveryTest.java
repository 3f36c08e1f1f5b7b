package dev.faultline.platform.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.faultline.platform.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static final Discovery.Settings SETTINGS = new Discovery.Settings(Duration.ofSeconds(2),
            Duration.ofMillis(200), 3, Duration.ofSeconds(10));

    private final MutableClock clock = new MutableClock();

    @Test
    void loadSpreadsEvenlyOverIdleInstances() {
        Discovery discovery = discovery(3);
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            picks.merge(discovery.choose("payments").id(), 1, Integer::sum);
        }
        assertThat(picks).hasSize(3);
        assertThat(picks.values()).allSatisfy(count -> assertThat(count).isBetween(800, 1_200));
    }

    @Test
    void theInstanceWithFewerRequestsInFlightWins() {
        Discovery discovery = discovery(2);
        Instance busy = discovery.instances("payments").getFirst();
        for (int i = 0; i < 5; i++) {
            discovery.started(busy);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(discovery.choose("payments")).isNotSameAs(busy);
        }
    }

    @Test
    void consecutiveFailuresEjectAnInstanceWhichReturnsByItself() {
        Discovery discovery = discovery(2);
        Instance failing = discovery.instances("payments").getFirst();
        fail(discovery, failing, 3);

        assertThat(failing.ejected(clock)).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(discovery.choose("payments")).isNotSameAs(failing);
        }
        clock.advance(Duration.ofSeconds(11));
        assertThat(failing.ejected(clock)).isFalse();

        fail(discovery, failing, 3);
        clock.advance(Duration.ofSeconds(11));
        assertThat(failing.ejected(clock)).as("the second ejection lasts twice as long").isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(failing.ejected(clock)).isFalse();
        assertThat(failing.ejections()).isEqualTo(2);
    }

    @Test
    void aSuccessBreaksTheRunOfFailures() {
        Discovery discovery = discovery(2);
        Instance instance = discovery.instances("payments").getFirst();
        fail(discovery, instance, 2);
        discovery.started(instance);
        discovery.finished(instance, false);
        fail(discovery, instance, 2);
        assertThat(instance.ejected(clock)).isFalse();
    }

    @Test
    void neverMoreThanHalfOfAServiceIsEjected() {
        Discovery discovery = discovery(2);
        List<Instance> instances = discovery.instances("payments");
        fail(discovery, instances.get(0), 3);
        fail(discovery, instances.get(1), 3);
        assertThat(instances.get(0).ejected(clock)).isTrue();
        assertThat(instances.get(1).ejected(clock)).isFalse();
    }

    @Test
    void unhealthyInstancesAreSkippedAndWhenNoneIsHealthyAllAreTried() {
        Discovery discovery = discovery(2);
        List<Instance> instances = discovery.instances("payments");
        instances.get(0).healthy(false);
        for (int i = 0; i < 50; i++) {
            assertThat(discovery.choose("payments")).isSameAs(instances.get(1));
        }
        instances.get(1).healthy(false);
        assertThat(discovery.choose("payments")).isIn(instances);
    }

    @Test
    void anInstanceWhoseReadinessDoesNotAnswerTurnsUnhealthy() {
        // nothing listens on port 1 (+1000) of the loopback
        Discovery discovery = new Discovery(Map.of("ghost", List.of(URI.create("http://127.0.0.1:1"))), SETTINGS, clock,
                new Random(7), new SimpleMeterRegistry());
        discovery.checkHealth();
        assertThat(discovery.instances("ghost").getFirst().healthy()).isFalse();
        assertThat(discovery.snapshot().get("ghost").getFirst()).containsEntry("healthy", false);
    }

    private Discovery discovery(int instances) {
        List<URI> uris = java.util.stream.IntStream.range(0, instances)
                .mapToObj(i -> URI.create("http://127.0.0.1:" + (18_084 + 10 * i))).toList();
        return new Discovery(Map.of("payments", uris), SETTINGS, clock, new Random(42), new SimpleMeterRegistry());
    }

    private static void fail(Discovery discovery, Instance instance, int times) {
        for (int i = 0; i < times; i++) {
            discovery.started(instance);
            discovery.finished(instance, true);
        }
    }
}
