package dev.faultline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import dev.faultline.platform.FaultyLink;
import dev.faultline.platform.SeededTrials;
import org.junit.jupiter.api.Test;

/**
 * The saga keeps its promises under any mix of the failures Faultline teaches: lost answers, resets and late
 * requests on the links to catalog and payments, and orders killed at random points of its sagas, with clients
 * retrying by key. Each try is a fresh shop from a seed of its own; a failure names the seed that replays it.
 */
class SagaInvariantsTest {

    @Test
    void noMoneyOrStockIsLostAndNoOrderIsStuck() {
        SeededTrials.run(3, dice -> {
            SagaTrial.Plan plan = new SagaTrial.Plan(dice.nextLong(), mix(dice), mix(dice), dice.nextInt(1, 3), 6, 5);
            SagaTrial.Report report = SagaTrial.run(plan);

            System.out.println("saga trial " + plan + ": " + report.summary());
            assertThat(report.violations()).as(report.summary()).isEmpty();
            assertThat(report.ordersPlaced()).as("orders placed").isPositive();
            assertThat(report.faultsApplied()).as("faults applied").isPositive();
        });
    }

    /** Each link breaks a tenth to a third of requests, split among lost answers, resets and delays up to 3 s. */
    private static FaultyLink.Mix mix(Random dice) {
        return new FaultyLink.Mix(dice.nextDouble(0.03, 0.12), dice.nextDouble(0.03, 0.12), dice.nextDouble(0.03, 0.12),
                dice.nextLong(100, 3_001));
    }
}
