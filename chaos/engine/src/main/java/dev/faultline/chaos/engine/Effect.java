package dev.faultline.chaos.engine;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** What a fault does, once its parameters are checked: to a request, to an outbound call, or to the process. */
public sealed interface Effect {

    /** Acts on a matching inbound request. */
    non-sealed interface Inbound extends Effect {
        /** @return true when the effect answered the request itself (nothing else may run) */
        boolean apply(Fault fault, ServerRequest req, ServerResponse res) throws Exception;
    }

    /** Acts on an outbound call to a peer, before it is sent. */
    non-sealed interface Outbound extends Effect {
        /** The peer it applies to. */
        String peer();

        void apply(Fault fault) throws Exception;

        /** Changes the peer's answer once it came (by default, leaves it). */
        default io.helidon.webclient.api.WebClientServiceResponse answer(Fault fault,
                                                                          io.helidon.webclient.api.WebClientServiceResponse response) {
            return response;
        }
    }

    /** Acts on each message a consumer of this process handles, at one stage of its handling. */
    non-sealed interface Consumer extends Effect {

        /** When it acts. */
        enum Stage {
            /** before the message is handled: it may wait, or throw (the handling fails, the broker redelivers) */
            BEFORE_HANDLE,
            /** after it was handled, before it is acknowledged */
            BEFORE_ACKNOWLEDGE
        }

        Stage stage();

        void apply(Fault fault) throws Exception;
    }

    /** Drops a matching request's incoming trace context, so its spans start a new trace. */
    non-sealed interface DropTraceContext extends Effect {
    }

    /** Acts on the whole process while the fault lasts. */
    non-sealed interface Process extends Effect {
        /** Starts; closing the result ends the effect. */
        AutoCloseable start(Fault fault);
    }
}
