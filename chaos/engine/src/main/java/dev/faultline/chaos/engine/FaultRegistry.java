package dev.faultline.chaos.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.engine.kinds.TelemetryFault;
import dev.faultline.observability.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults active in this process. Every fault is a lease: it is removed (and its process-wide effect ended)
 * when it expires, whatever else happens; a restart clears them all.
 */
final class FaultRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRegistry.class);
    static final AttributeKey<String> FAULT_ID = AttributeKey.stringKey(dev.faultline.chaos.model.FaultEvent.ID);
    static final AttributeKey<String> FAULT_KIND = AttributeKey.stringKey(dev.faultline.chaos.model.FaultEvent.KIND);

    private final String service;
    private final String instance;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    /** What requests read: rebuilt when a fault starts or ends, never per request. */
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final Map<String, AutoCloseable> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chaos-leases").factory());

    FaultRegistry(String service, String instance, Clock clock, FaultKinds kinds, MeterRegistry meters) {
        this.service = service;
        this.instance = instance;
        this.clock = clock;
        this.meters = meters;
        for (String kind : kinds.all()) {
            Gauge.builder(TelemetryNames.CHAOS_FAULTS_ACTIVE, this, registry -> registry.count(kind))
                    .description("Faults active in this process").tag("kind", kind)
                    .register(meters);
        }
    }

    String service() {
        return service;
    }

    String instance() {
        return instance;
    }

    /** Starts a fault: its lease runs from now. */
    Fault add(Fault fault) {
        faults.put(fault.id(), fault);
        refresh();
        if (fault.hidden()) {
            // a mystery's: the logs a learner reads must not name it
            LOG.info("Fault {} (hidden) started on {} for {}", fault.id(), instance, fault.duration());
        } else {
            LOG.warn("Fault {} ({}) started on {} for {}: target {}, probability {}, parameters {}", fault.id(),
                    fault.kind(), instance, fault.duration(), fault.target(), fault.probability(), fault.parameters());
        }
        if (fault.effect() instanceof Effect.Process process) {
            hit(fault);
            running.put(fault.id(), process.start(fault));
        }
        long delay = Math.max(0, Duration.between(clock.instant(), fault.expiresAt()).toMillis());
        leases.schedule(() -> end(fault.id(), "expired"), delay, TimeUnit.MILLISECONDS);
        return fault;
    }

    /** The running faults, oldest first. */
    List<Fault> active() {
        return snapshot.all();
    }

    Optional<Fault> get(String id) {
        return Optional.ofNullable(faults.get(id));
    }

    /** Ends a fault now; false when there was none. */
    boolean remove(String id) {
        return end(id, "removed");
    }

    /** Ends every fault; returns how many there were. */
    int reset() {
        int count = 0;
        for (String id : List.copyOf(faults.keySet())) {
            if (end(id, "reset")) {
                count++;
            }
        }
        return count;
    }

    List<Fault> inbound() {
        return snapshot.inbound();
    }

    List<Fault> contextDrops() {
        return snapshot.contextDrops();
    }

    /** Whether an {@code exporter-outage} telemetry fault is active in this process. */
    boolean exportOutage() {
        return snapshot.exportOutage();
    }

    /** Those acting on consumed messages. */
    List<Fault> consumer() {
        return snapshot.consumer();
    }

    List<Fault> outbound(String peer) {
        return snapshot.outbound().getOrDefault(peer, List.of());
    }

    /** Marks a hit: counted, a {@code chaos.fault} event on the current span, a log line. */
    void hit(Fault fault) {
        // the span event stays for a hidden fault too: finding the trace that shows it is a mystery's evidence
        Span.current().addEvent(dev.faultline.chaos.model.FaultEvent.NAME, Attributes.of(FAULT_ID, fault.id(), FAULT_KIND, fault.kind()));
        if (fault.hidden()) {
            return;
        }
        Counter.builder(TelemetryNames.CHAOS_INJECTIONS).description("Requests, calls or processes hit by a fault")
                .tag("kind", fault.kind()).register(meters).increment();
        LOG.info("Fault {} ({}) hit", fault.id(), fault.kind());
    }

    @Override
    public void close() {
        reset();
        leases.shutdownNow();
    }

    private boolean end(String id, String why) {
        Fault fault = faults.remove(id);
        if (fault == null) {
            return false;
        }
        refresh();
        fault.lease().end();
        AutoCloseable effect = running.remove(id);
        if (effect != null) {
            try {
                effect.close();
            } catch (Exception e) {
                LOG.warn("Ending fault {} failed", id, e);
            }
        }
        LOG.warn("Fault {} ({}) ended: {}", id, fault.hidden() ? "hidden" : fault.kind(), why);
        return true;
    }

    private double count(String kind) {
        return active().stream().filter(f -> f.kind().equals(kind) && !f.hidden()).count();
    }

    private synchronized void refresh() {
        snapshot = Snapshot.of(faults.values());
    }

    /**
     * The running faults, sorted and split by what they act on, once per change.
     *
     * @param all          every running fault, oldest first
     * @param inbound      those acting on inbound requests
     * @param contextDrops those dropping incoming trace context
     * @param outbound     those acting on calls, by peer
     * @param exportOutage whether one fails every telemetry export
     * @param consumer     those acting on consumed messages
     */
    private record Snapshot(List<Fault> all, List<Fault> inbound, List<Fault> contextDrops,
                            Map<String, List<Fault>> outbound, boolean exportOutage, List<Fault> consumer) {

        static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of(), Map.of(), false, List.of());

        static Snapshot of(java.util.Collection<Fault> faults) {
            List<Fault> all = faults.stream().sorted(java.util.Comparator.comparing(Fault::createdAt)).toList();
            Map<String, List<Fault>> outbound = new java.util.HashMap<>();
            for (Fault fault : all) {
                if (fault.effect() instanceof Effect.Outbound call) {
                    outbound.computeIfAbsent(call.peer(), peer -> new java.util.ArrayList<>()).add(fault);
                }
            }
            outbound.replaceAll((peer, list) -> List.copyOf(list));
            return new Snapshot(all, all.stream().filter(f -> f.effect() instanceof Effect.Inbound).toList(),
                    all.stream().filter(f -> f.effect() instanceof Effect.DropTraceContext).toList(), Map.copyOf(outbound),
                    all.stream().anyMatch(f -> f.effect() instanceof TelemetryFault.ExportOutage),
                    all.stream().filter(f -> f.effect() instanceof Effect.Consumer).toList());
        }
    }
}
