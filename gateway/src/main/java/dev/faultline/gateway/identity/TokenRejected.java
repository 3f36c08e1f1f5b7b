package dev.faultline.gateway.identity;

/** An access token the gateway refuses, and why; its message never contains the token. */
public final class TokenRejected extends Exception {

    private final Rejection reason;

    public TokenRejected(Rejection reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Rejection reason() {
        return reason;
    }
}
