package dev.faultline.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import dev.faultline.platform.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The gateway's memory of tokens it verified: the exact token only, never past its expiry and the allowance for
 * clocks, bounded however many distinct tokens arrive, and off when its capacity is zero.
 */
class VerifiedTokensTest {

    private static final Duration SKEW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock();

    @Test
    void theExactTokenIsFoundUntilItExpiresAndTheSkewHasPassed() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, SKEW);
        tokens.remember("a.b.c", caller(Duration.ofMinutes(5)));

        assertThat(tokens.find("a.b.c")).isPresent();
        assertThat(tokens.find("a.b.d")).as("one byte changed is another token").isEmpty();
        clock.advance(Duration.ofMinutes(5).plus(SKEW).minusSeconds(1));
        assertThat(tokens.find("a.b.c")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.find("a.b.c")).as("expired: checked in full again, and refused there").isEmpty();
    }

    @Test
    void manyDistinctTokensNeverHoldMoreThanTheCapacity() {
        VerifiedTokens tokens = new VerifiedTokens(100, clock, SKEW);
        for (int i = 0; i < 1_000; i++) {
            tokens.remember("token-" + i, caller(Duration.ofMinutes(5)));
        }

        long kept = java.util.stream.IntStream.range(0, 1_000).filter(i -> tokens.find("token-" + i).isPresent()).count();
        assertThat(kept).isPositive().isLessThanOrEqualTo(100);
        assertThat(tokens.find("token-999")).as("the newest is kept").isPresent();
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock, SKEW);
        tokens.remember("a.b.c", caller(Duration.ofMinutes(5)));

        assertThat(tokens.find("a.b.c")).isEmpty();
    }

    private AccessToken caller(Duration life) {
        return new AccessToken("catalog-reader", "catalog-reader", Set.of("catalog:read"), clock.instant().plus(life));
    }
}
