package dev.faultline.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.ProcessSnapshot;
import dev.faultline.chaos.runner.metrics.PrometheusNames;
import dev.faultline.chaos.runner.metrics.Rates;
import dev.faultline.chaos.runner.metrics.Quantiles;
import dev.faultline.chaos.runner.metrics.Sample;
import dev.faultline.observability.TelemetryNames;
import dev.faultline.pki.WorkloadIdentity;
import dev.faultline.platform.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sandbox once a second while a page looks ({@link WatchCadence}; every five seconds otherwise), as
 * {@code faultline top} does: scrapes every process's {@code /metrics}, lists
 * its faults through the admin API, and reads the supervisor's state file for restarts. From two scrapes in a row it
 * makes the map (nodes and edges with rates, errors, p99, breakers, health, faults) and adds a point to the charts.
 */
final class SandboxWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxWatch.class);
    /** Ten minutes of one point a second (more while nobody looks: a point every five seconds). */
    static final int HISTORY_POINTS = 600;

    /** Prometheus's name of the gauge that says a process's listener requires client certificates. */
    private static final String MUTUAL_TLS = PrometheusNames.gauge(TelemetryNames.TLS_CLIENT_CERTIFICATES_REQUIRED);
    /** The broker's process name, where the map's asynchronous edges meet. */
    private static final String BROKER = "broker";

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;
    private final Optional<Path> stateFile;
    private final Clock clock;
    private final History history = new History(HISTORY_POINTS);
    /** One round a second while a page looks, one every five seconds otherwise. */
    private final WatchCadence cadence = new WatchCadence(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("console-watch").factory());
    private final Map<String, ProcessSnapshot> previousServed = new HashMap<>();
    private final Map<String, ProcessScrape> previousCalls = new HashMap<>();
    private long previousNanos;
    private volatile ShopMap current = new ShopMap(0, List.of(), List.of());

    SandboxWatch(SandboxEndpoints endpoints, Optional<Path> stateFile, Clock clock) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
        this.stateFile = stateFile;
        this.clock = clock;
    }

    void start() {
        poller.scheduleWithFixedDelay(() -> {
            try {
                if (cadence.due(clock.millis())) {
                    poll();
                }
            } catch (RuntimeException e) {
                LOG.warn("Watching the sandbox failed once: {}", e.toString());
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** The map as of the last poll; asking for it keeps the watch at one round a second for a while. */
    ShopMap map() {
        cadence.looked(clock.millis());
        return current;
    }

    /** The charts' points; asking for them keeps the watch at one round a second for a while. */
    History.Snapshot history() {
        cadence.looked(clock.millis());
        return history.snapshot();
    }

    /** One round: every process scraped, the map and the charts updated. Public to the package for tests. */
    synchronized void poll() {
        long nanos = System.nanoTime();
        long now = clock.millis();
        double seconds = previousNanos == 0 ? Double.NaN : (nanos - previousNanos) / 1e9;
        previousNanos = nanos;
        Map<String, JsonNode> supervised = supervised();
        Map<String, String> health = new HashMap<>();
        List<ShopMap.Node> nodes = new ArrayList<>();
        List<ShopMap.Edge> edges = new ArrayList<>();
        Map<String, Double> point = new LinkedHashMap<>();
        Set<String> activeFaults = new HashSet<>();
        Map<String, List<ShopMap.Fault>> faults = new HashMap<>();
        Map<String, Boolean> up = new HashMap<>();
        Map<String, ProcessSnapshot> served = new HashMap<>();
        Set<String> mutualTls = new HashSet<>();
        for (ProcessEndpoint process : endpoints.processes()) {
            List<Sample> samples;
            try {
                samples = MetricsText.parse(admin.metrics(process));
            } catch (ControlException | IllegalArgumentException e) {
                up.put(process.name(), false);
                previousServed.remove(process.name());
                previousCalls.remove(process.name());
                continue;
            }
            up.put(process.name(), true);
            if (samples.stream().anyMatch(sample -> sample.name().equals(MUTUAL_TLS) && sample.value() == 1)) {
                mutualTls.add(process.service());
            }
            ProcessSnapshot server = ProcessSnapshot.of(samples);
            ProcessScrape calls = ProcessScrape.of(samples);
            served.put(process.name(), server);
            calls.instances().forEach((instance, state) -> health.merge(instance, state, SandboxWatch::worse));
            ProcessScrape before = previousCalls.put(process.name(), calls);
            for (Map.Entry<String, ProcessScrape.Counts> peer : calls.calls().entrySet()) {
                // a dependency missing from the last scrape was first called since: its counters started at zero
                ProcessScrape.Counts then = before == null ? null
                        : before.calls().getOrDefault(peer.getKey(), new ProcessScrape.Counts());
                Rates rates = then == null || Double.isNaN(seconds) ? Rates.NONE
                        : Rates.of(peer.getValue().calls - then.calls, peer.getValue().failed - then.failed, seconds,
                        Quantiles.since(peer.getValue().buckets, then.buckets, 0.99));
                String breaker = calls.breakers().getOrDefault(peer.getKey(), "none");
                edges.add(new ShopMap.Edge(process.name(), peer.getKey(), rates.rps(), rates.errorPercent(),
                        rates.p99Millis(), breaker, ShopMap.Edge.HTTP));
                String key = process.name() + "->" + peer.getKey();
                point.put("breaker:" + key, switch (breaker) {
                    case "open" -> 1.0;
                    case "half-open" -> 0.5;
                    case "closed" -> 0.0;
                    default -> null;
                });
                double attemptsNow = calls.attempts().getOrDefault(peer.getKey(), 0.0);
                double attemptsThen = before == null ? attemptsNow : before.attempts().getOrDefault(peer.getKey(), 0.0);
                double retriesNow = calls.retries().getOrDefault(peer.getKey(), 0.0);
                double retriesThen = before == null ? retriesNow : before.retries().getOrDefault(peer.getKey(), 0.0);
                double callsMade = attemptsNow - attemptsThen;
                point.put("amplification:" + key, callsMade <= 0 ? null : (callsMade + retriesNow - retriesThen) / callsMade);
                point.put("bulkhead:" + key, calls.bulkheads().get(peer.getKey()));
            }
            if (calls.published().calls > 0) {
                edges.add(messages(process.name(), BROKER, calls.published(), before == null ? null : before.published(), seconds));
            }
            if (calls.consumed().calls > 0) {
                edges.add(messages(BROKER, process.service(), calls.consumed(), before == null ? null : before.consumed(), seconds));
            }
            faults.put(process.name(), faults(process, now, activeFaults));
        }
        history.faultsEnded(activeFaults, now);
        for (ProcessEndpoint process : endpoints.processes()) {
            ProcessSnapshot server = served.get(process.name());
            ProcessSnapshot before = server == null ? null : previousServed.put(process.name(), server);
            Rates rates = server == null ? Rates.NONE : Rates.served(before, server, seconds);
            if (server != null && before != null) {
                point.put("rps:" + process.name(), rates.rps());
                point.put("errors:" + process.name(), rates.errorPercent());
                point.put("p99:" + process.name(), rates.p99Millis());
                double p50 = Quantiles.since(server.buckets(), before.buckets(), 0.5);
                point.put("p50:" + process.name(), Double.isNaN(p50) ? null : p50 * 1000);
            }
            JsonNode state = supervised.get(process.name());
            String processHealth = !up.getOrDefault(process.name(), false) ? "down"
                    : health.getOrDefault(process.host() + ":" + process.port(), "ready");
            nodes.add(new ShopMap.Node(process.name(), process.service(), processHealth, rates.rps(),
                    rates.errorPercent(), rates.p99Millis(), faults.getOrDefault(process.name(), List.of()),
                    state == null ? 0 : state.path("restarts").asInt(), state == null ? "" : state.path("state").asText(),
                    server == null ? Map.of() : server.breakers()));
        }
        // an edge is mutual TLS when the listener it ends at requires client certificates; the client is the
        // caller (or the publisher), or for a consumption the consuming service
        edges.replaceAll(edge -> {
            String listener = edge.kind().equals(ShopMap.Edge.MESSAGE) ? BROKER : edge.to();
            String client = edge.from().equals(BROKER) ? edge.to() : serviceOf(edge.from());
            return mutualTls.contains(listener) ? edge.overMutualTls(WorkloadIdentity.of(client).toString()) : edge;
        });
        history.add(now, point);
        current = new ShopMap(now, nodes, edges);
    }

    /** The service of a process of the sandbox (its own name when it is not one). */
    private String serviceOf(String process) {
        return endpoints.processes().stream().filter(p -> p.name().equals(process)).map(ProcessEndpoint::service)
                .findFirst().orElse(process);
    }

    /** An asynchronous edge: messages published into the broker or consumed out of it since the last poll. */
    private static ShopMap.Edge messages(String from, String to, ProcessScrape.Counts now, ProcessScrape.Counts then,
                                         double seconds) {
        Rates rates = then == null || Double.isNaN(seconds) || now.calls < then.calls ? Rates.NONE
                : Rates.of(now.calls - then.calls, now.failed - then.failed, seconds, Double.NaN);
        return new ShopMap.Edge(from, to, rates.rps(), rates.errorPercent(), null, "none", ShopMap.Edge.MESSAGE);
    }

    private List<ShopMap.Fault> faults(ProcessEndpoint process, long now, Set<String> active) {
        if (endpoints.adminToken().isEmpty()) {
            return List.of();
        }
        List<ShopMap.Fault> found = new ArrayList<>();
        try {
            for (JsonNode fault : admin.faults(process)) {
                String id = fault.path("id").asText();
                String kind = fault.path("kind").asText();
                found.add(new ShopMap.Fault(id, kind, Math.round(fault.path("remainingMs").asLong() / 1000.0)));
                history.faultSeen(id, kind, process.name(), now);
                active.add(process.name() + ":" + id);
            }
        } catch (ControlException e) {
            // the process stopped answering between the scrape and this call: its faults show next round
        }
        return found;
    }

    /** The supervisor's view of each process (state, restarts), when a state file is known. */
    private Map<String, JsonNode> supervised() {
        Map<String, JsonNode> processes = new HashMap<>();
        if (stateFile.isEmpty() || !Files.exists(stateFile.get())) {
            return processes;
        }
        try {
            JsonNode state = Json.parse(Files.readString(stateFile.get()));
            state.path("processes").forEach(process -> processes.put(process.path("name").asText(), process));
        } catch (IOException | RuntimeException e) {
            // written while read: the next round reads it whole
        }
        return processes;
    }

    /** Ejected is worse than unhealthy, which is worse than ready: any caller that sees it so says so. */
    private static String worse(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(String health) {
        return switch (health) {
            case "ejected" -> 2;
            case "unhealthy" -> 1;
            default -> 0;
        };
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
