package dev.faultline.platform.discovery;

import java.net.URI;

import dev.faultline.chaos.model.AdminApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a service and what the caller knows of it: health from active checks, requests in flight,
 * and outlier ejection from passive observation. Thread-safe.
 */
public final class Instance {

    private final String service;
    private final URI uri;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean healthy = true;
    private int consecutiveFailures;
    private int ejections;
    private Instant ejectedUntil = Instant.MIN;

    Instance(String service, URI uri) {
        this.service = service;
        this.uri = uri;
    }

    public String service() {
        return service;
    }

    /** Base URI of the API. */
    public URI uri() {
        return uri;
    }

    /** {@code host:port}, how logs and the registry name it. */
    public String id() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Where readiness is checked: the admin socket, by Faultline's port convention. */
    public URI readinessUri() {
        return URI.create(AdminApi.socket(uri) + "/health/ready");
    }

    public boolean healthy() {
        return healthy;
    }

    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    public int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    public synchronized boolean ejected(Clock clock) {
        return clock.instant().isBefore(ejectedUntil);
    }

    public synchronized int ejections() {
        return ejections;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized Instant ejectedUntil() {
        return ejectedUntil;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
    }

    /** Counts a failure; returns the new run of consecutive failures. */
    synchronized int failed() {
        return ++consecutiveFailures;
    }

    /** Ejects for {@code base} times the number of ejections so far, this one included. */
    synchronized Duration eject(Clock clock, Duration base) {
        ejections++;
        consecutiveFailures = 0;
        Duration period = base.multipliedBy(ejections);
        ejectedUntil = clock.instant().plus(period);
        return period;
    }
}
