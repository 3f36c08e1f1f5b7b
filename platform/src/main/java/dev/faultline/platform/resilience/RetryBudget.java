package dev.faultline.platform.resilience;

/**
 * Keeps retries to a share of calls, so retries cannot multiply the load on a struggling upstream: each call
 * deposits {@code ratio} of a token, each retry spends a whole one. The balance is capped, so a long quiet
 * success streak does not bank a retry storm.
 */
final class RetryBudget {

    private final double ratio;
    private final double cap;
    private double balance;

    RetryBudget(double ratio) {
        this.ratio = ratio;
        this.cap = Math.max(1, ratio * 100);
    }

    synchronized void deposit() {
        balance = Math.min(cap, balance + ratio);
    }

    /** True when a retry may be made (and pays for it). */
    synchronized boolean withdraw() {
        if (balance < 1) {
            return false;
        }
        balance -= 1;
        return true;
    }
}
