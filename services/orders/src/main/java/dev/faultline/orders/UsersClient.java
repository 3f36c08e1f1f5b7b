package dev.faultline.orders;

import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerResponse;

/** The users service as the order saga needs it. */
final class UsersClient {

    private final PeerClient peer;

    UsersClient(PeerClient peer) {
        this.peer = peer;
    }

    /** Returns when the user exists; a missing user is a {@link StepRejected}. */
    void requireExisting(String userId) {
        PeerResponse response = peer.get("/users/" + userId);
        if (!response.isSuccess()) {
            throw new StepRejected("user " + userId + " not found (" + response.detail() + ")");
        }
    }
}
