package dev.faultline.orders;

/** A peer answered, and its answer fails the saga step (no such user, short stock, payment declined). */
final class StepRejected extends RuntimeException {

    StepRejected(String reason) {
        super(reason, null, false, false);
    }
}
