package dev.faultline.platform;

import java.security.SecureRandom;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * A property checked over random cases, each built from a seed of its own: new seeds every run (so runs explore),
 * and a failure names its seed, with which the case is built again exactly ({@code -Dfaultline.trial.seed=...}
 * runs that one case alone). For the heavy invariants, where every try is a whole shop under faults and property
 * libraries spend their few tries on boundary values.
 */
public final class SeededTrials {

    /** The system property that replays one case. */
    public static final String SEED_PROPERTY = "faultline.trial.seed";
    /** The system property that sets how many fresh cases a run tries (to hunt a rare failure locally). */
    public static final String TRIES_PROPERTY = "faultline.trial.tries";

    private SeededTrials() {
    }

    /** One case, made from its own dice. */
    @FunctionalInterface
    public interface Trial {
        void run(Random dice) throws Exception;
    }

    /**
     * Runs {@code tries} cases from fresh seeds ({@link #TRIES_PROPERTY} may ask for more), or the one case whose seed {@link #SEED_PROPERTY} names; the first
     * that fails ends the run with its seed in the message.
     */
    public static void run(int tries, Trial trial) {
        String replay = System.getProperty(SEED_PROPERTY);
        long[] seeds = replay != null && !replay.isBlank() ? new long[] {Long.parseLong(replay.strip())}
                : LongStream.generate(new SecureRandom()::nextLong).limit(Integer.getInteger(TRIES_PROPERTY, tries)).toArray();
        for (long seed : seeds) {
            System.out.println("trial seed " + seed);
            try {
                trial.run(new Random(seed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(failed(seed, e), e);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(failed(seed, e), e);
            }
        }
    }

    /** The cause goes into the message because a build's summary shows messages, not causes. */
    private static String failed(long seed, Throwable cause) {
        return "the trial with seed " + seed + " failed (" + cause + "); run it again with -D" + SEED_PROPERTY + "="
                + seed;
    }
}
