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
import io.micrometer.core.instrument.Metrics;
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
    static final AttributeKey<String> FAULT_ID = AttributeKey.stringKey("faultline.fault.id");
    static final AttributeKey<String> FAULT_KIND = AttributeKey.stringKey("faultline.fault.kind");

    private final String service;
    private final String instance;
    private final Clock clock;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chaos-leases").factory());

    FaultRegistry(String service, String instance, Clock clock, FaultKinds kinds) {
        this.service = service;
        this.instance = instance;
        this.clock = clock;
        for (String kind : kinds.all()) {
            Gauge.builder(TelemetryNames.CHAOS_FAULTS_ACTIVE, this, registry -> registry.count(kind))
                    .description("Faults active in this process").tag("kind", kind).tag("service", service)
                    .register(Metrics.globalRegistry);
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
        LOG.warn("Fault {} ({}) started on {} for {}: target {}, probability {}, parameters {}", fault.id(), fault.kind(),
                instance, fault.duration(), fault.target(), fault.probability(), fault.parameters());
        if (fault.effect() instanceof Effect.Process process) {
            hit(fault);
            running.put(fault.id(), process.start(fault));
        }
        long delay = Math.max(0, Duration.between(clock.instant(), fault.expiresAt()).toMillis());
        leases.schedule(() -> end(fault.id(), "expired"), delay, TimeUnit.MILLISECONDS);
        return fault;
    }

    List<Fault> active() {
        return faults.values().stream().filter(f -> f.expiresAt().isAfter(clock.instant()))
                .sorted(java.util.Comparator.comparing(Fault::createdAt)).toList();
    }

    Optional<Fault> get(String id) {
        return Optional.ofNullable(faults.get(id)).filter(f -> f.expiresAt().isAfter(clock.instant()));
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
        return active().stream().filter(f -> f.effect() instanceof Effect.Inbound).toList();
    }

    List<Fault> contextDrops() {
        return active().stream().filter(f -> f.effect() instanceof Effect.DropTraceContext).toList();
    }

    /** Whether an {@code exporter-outage} telemetry fault is active in this process. */
    boolean exportOutage() {
        return active().stream().anyMatch(f -> f.effect() instanceof TelemetryFault.ExportOutage);
    }

    List<Fault> outbound(String peer) {
        return active().stream()
                .filter(f -> f.effect() instanceof Effect.Outbound outbound && peer.equals(outbound.peer())).toList();
    }

    /** Marks a hit: counted, a {@code chaos.fault} event on the current span, a log line. */
    void hit(Fault fault) {
        Counter.builder(TelemetryNames.CHAOS_INJECTIONS).description("Requests, calls or processes hit by a fault")
                .tag("kind", fault.kind()).tag("service", service).register(Metrics.globalRegistry).increment();
        Span.current().addEvent("chaos.fault", Attributes.of(FAULT_ID, fault.id(), FAULT_KIND, fault.kind()));
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
        AutoCloseable effect = running.remove(id);
        if (effect != null) {
            try {
                effect.close();
            } catch (Exception e) {
                LOG.warn("Ending fault {} failed", id, e);
            }
        }
        LOG.warn("Fault {} ({}) ended: {}", id, fault.kind(), why);
        return true;
    }

    private double count(String kind) {
        return active().stream().filter(f -> f.kind().equals(kind)).count();
    }
}
