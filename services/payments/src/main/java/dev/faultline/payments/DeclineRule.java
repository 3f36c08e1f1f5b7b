package dev.faultline.payments;

import java.util.Optional;

import io.helidon.config.Config;

/**
 * When a charge is declined: amounts above a limit. It gives the order saga a business failure to
 * compensate, with no fault injection needed.
 *
 * @param above largest amount (minor units) that is still accepted
 */
record DeclineRule(long above) {

    static DeclineRule from(Config config) {
        return new DeclineRule(config.get("payments.decline.above").asLong().orElse(100_000L));
    }

    /** The reason to decline the amount, or empty when it is accepted. */
    Optional<String> reasonToDecline(long amount, String currency) {
        if (amount > above) {
            return Optional.of("amount " + amount + " " + currency + " exceeds the limit of " + above);
        }
        return Optional.empty();
    }
}
