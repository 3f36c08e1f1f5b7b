package dev.faultline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.platform.FaultyLink;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The saga keeps its promises under any mix of the failures Faultline teaches: lost answers, resets and late
 * requests on the links to catalog and payments, and orders killed at random points of its sagas, with clients
 * retrying by key. Each try is a fresh shop with its own seed.
 */
class SagaInvariantsTest {

    @Property(tries = 3, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE,
            afterFailure = AfterFailureMode.RANDOM_SEED)
    void noMoneyOrStockIsLostAndNoOrderIsStuck(@ForAll("plans") SagaTrial.Plan plan) throws Exception {
        SagaTrial.Report report = SagaTrial.run(plan);

        System.out.println("saga trial " + plan + ": " + report.summary());
        assertThat(report.violations()).as(report.summary()).isEmpty();
        assertThat(report.ordersPlaced()).as("orders placed").isPositive();
        assertThat(report.faultsApplied()).as("faults applied").isPositive();
    }

    @Provide
    Arbitrary<SagaTrial.Plan> plans() {
        return Combinators.combine(Arbitraries.longs(), mixes(), mixes(), Arbitraries.integers().between(1, 2))
                .as((seed, catalog, payments, crashes) -> new SagaTrial.Plan(seed, catalog, payments, crashes, 6, 5));
    }

    /** Each link breaks a tenth to a third of requests, split among lost answers, resets and delays up to 3 s. */
    private static Arbitrary<FaultyLink.Mix> mixes() {
        Arbitrary<Double> share = Arbitraries.doubles().between(0.03, 0.12);
        return Combinators.combine(share, share, share, Arbitraries.longs().between(100, 3_000))
                .as(FaultyLink.Mix::new);
    }
}
