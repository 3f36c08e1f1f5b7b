package dev.faultline.console;

import java.util.List;
import java.util.Map;

/**
 * The shop as the map page draws it, as of one poll.
 *
 * @param time  epoch milliseconds of the poll
 * @param nodes every process
 * @param edges every caller-to-service dependency that has been called
 */
record ShopMap(long time, List<Node> nodes, List<Edge> edges) {

    /**
     * One process.
     *
     * @param health     ready, unhealthy or ejected (as its callers' discovery sees it), or down (no scrape)
     * @param rps        requests served per second since the last poll; null before a second poll
     * @param errorPct   of those, the share answered 5xx
     * @param p99Ms      their 99th percentile latency
     * @param restarts   restarts by the supervisor after unexpected exits
     * @param supervisor the supervisor's state for it (STARTING, READY, RESTARTING, STOPPED), empty when unknown
     * @param breakers   its breakers' states by upstream name
     */
    record Node(String name, String service, String health, Double rps, Double errorPct, Double p99Ms,
                List<Fault> faults, int restarts, String supervisor, Map<String, String> breakers) {
    }

    /**
     * Calls from one process to a service, or messages through the broker.
     *
     * @param breaker the caller's breaker for it: closed, half-open, open, or none
     * @param kind    {@code http} (a call, answered) or {@code message} (asynchronous: a publish into the broker,
     *                or a consumption out of it; errors are failed sends or failed handlings)
     * @param mutualTls whether the listener at its end requires the client's certificate (mtls)
     * @param client    under mutual TLS, the identity the client's certificate carries (its SPIFFE ID); empty otherwise
     */
    record Edge(String from, String to, Double rps, Double errorPct, Double p99Ms, String breaker, String kind,
                boolean mutualTls, String client) {

        static final String HTTP = "http";
        static final String MESSAGE = "message";

        Edge(String from, String to, Double rps, Double errorPct, Double p99Ms, String breaker, String kind) {
            this(from, to, rps, errorPct, p99Ms, breaker, kind, false, "");
        }

        /** The same edge over mutual TLS, its client known by {@code identity}. */
        Edge overMutualTls(String identity) {
            return new Edge(from, to, rps, errorPct, p99Ms, breaker, kind, true, identity);
        }
    }

    /** An active fault with the seconds its lease has left. */
    record Fault(String id, String kind, long remainingSeconds) {
    }
}
