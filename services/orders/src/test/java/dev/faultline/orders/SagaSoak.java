package dev.faultline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.faultline.platform.FaultyLink;
import org.junit.jupiter.api.Test;

/**
 * The saga's promises over a longer run than the property test: trials back to back, each with a fresh fault mix,
 * more clients and more crashes, for {@code soak.seconds} (default 300). Run by {@code bench/saga-soak.sh}; the test suite
 * leaves it out, its name being outside Surefire's default includes.
 */
class SagaSoak {

    @Test
    void keepsItsPromisesForAsLongAsItRuns() throws Exception {
        Duration budget = Duration.ofSeconds(Long.getLong("soak.seconds", 300));
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Random random = new Random(seed);
        Instant end = Instant.now().plus(budget);
        int trials = 0;
        int orders = 0;
        int crashes = 0;
        long faults = 0;
        long slowestSettle = 0;
        List<String> violations = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            SagaTrial.Plan plan = new SagaTrial.Plan(random.nextLong(), mix(random), mix(random), 1 + random.nextInt(3),
                    12, 8);
            SagaTrial.Report report = SagaTrial.run(plan);
            trials++;
            orders += report.ordersPlaced();
            crashes += report.crashes();
            faults += report.faultsApplied();
            slowestSettle = Math.max(slowestSettle, report.settledIn().toMillis());
            violations.addAll(report.violations());
            System.out.println("soak trial " + trials + ": " + report.summary());
        }
        System.out.println("SAGA SOAK seed " + seed + ": " + trials + " trials in " + budget.toSeconds() + " s; orders placed "
                + orders + ", faults applied " + faults + ", orders crashes " + crashes + ", slowest settle "
                + slowestSettle + " ms, invariant violations " + violations.size());
        violations.forEach(violation -> System.out.println("VIOLATION " + violation));
        assertThat(violations).isEmpty();
    }

    private static FaultyLink.Mix mix(Random random) {
        return new FaultyLink.Mix(0.03 + random.nextDouble() * 0.12, 0.03 + random.nextDouble() * 0.12,
                0.03 + random.nextDouble() * 0.12, 100 + random.nextInt(2_900));
    }
}
