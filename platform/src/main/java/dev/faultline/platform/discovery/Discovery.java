package dev.faultline.platform.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.ProcessContext;
import io.helidon.config.Config;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side discovery and load balancing, shared by the gateway and by services that call peers.
 *
 * <p>Balancing is power-of-two-choices on requests in flight: pick two available instances at random and use
 * the one with fewer requests outstanding. It needs no shared state, reacts at once to a slow instance (its
 * in-flight count grows), and avoids the herd that "least requests overall" causes.
 *
 * <p>An instance is available when its last active readiness check passed and it is not ejected. Passive
 * outlier ejection: {@code consecutive} connect errors or 5xx in a row eject it for {@code base} x the number
 * of its ejections, but never more than half of a service's instances at once; it returns by itself when the
 * period ends. When no instance is available all of them are tried (panic routing), so a wrong health signal
 * cannot black out a service.
 */
public final class Discovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private final Map<String, List<Instance>> services;
    private final Settings settings;
    private final Clock clock;
    private final Random random;
    private final MeterRegistry meters;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("health-checks").factory());

    Discovery(Map<String, List<URI>> instances, Settings settings, Clock clock, Random random, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.random = random;
        Map<String, List<Instance>> byService = new LinkedHashMap<>();
        instances.forEach((service, uris) -> byService.put(service,
                uris.stream().map(uri -> new Instance(service, uri)).toList()));
        this.services = Map.copyOf(byService);
        byService.values().forEach(list -> list.forEach(instance -> {
            Gauge.builder(TelemetryNames.UPSTREAM_HEALTHY, instance, i -> i.healthy() ? 1 : 0)
                    .description("1 when the instance passes its readiness check")
                    .tags(upstreamTags(instance)).register(meters);
            Gauge.builder(TelemetryNames.UPSTREAM_EJECTED, instance, i -> i.ejected(clock) ? 1 : 0)
                    .description("1 while the instance is ejected as an outlier")
                    .tags(upstreamTags(instance)).register(meters);
        }));
    }

    /**
     * Discovery of the given services with settings from {@code discovery.*} (all optional), starting the active
     * health checks.
     *
     * @param instances service name to the base URIs of its instances
     */
    public static Discovery create(Map<String, List<URI>> instances, ProcessContext context) {
        Discovery discovery = new Discovery(instances, Settings.from(context.config().get("discovery")), context.clock(),
                new Random(), context.meters());
        discovery.startHealthChecks();
        return discovery;
    }

    /** Parses a comma-separated list of base URLs, as configuration gives them. */
    public static List<URI> uris(String commaSeparated) {
        List<URI> uris = new ArrayList<>();
        for (String url : commaSeparated.split(",")) {
            if (!url.isBlank()) {
                uris.add(URI.create(url.strip()));
            }
        }
        return List.copyOf(uris);
    }

    /** The instances of a service. */
    public List<Instance> instances(String service) {
        List<Instance> instances = services.get(service);
        if (instances == null) {
            throw new IllegalArgumentException("No instances configured for service " + service);
        }
        return instances;
    }

    /** Every service with its instances, in configuration order. */
    public Map<String, List<Instance>> services() {
        return services;
    }

    /** Chooses an instance for the next call (power of two choices on requests in flight). */
    public Instance choose(String service) {
        List<Instance> all = instances(service);
        List<Instance> available = all.stream().filter(i -> i.healthy() && !i.ejected(clock)).toList();
        List<Instance> candidates = available.isEmpty() ? all : available;
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        int i = random.nextInt(candidates.size());
        int j = random.nextInt(candidates.size() - 1);
        if (j >= i) {
            j++;
        }
        Instance first = candidates.get(i);
        Instance second = candidates.get(j);
        return second.inFlight() < first.inFlight() ? second : first;
    }

    /** Marks a call as started on an instance; pair with {@link #finished}. */
    public void started(Instance instance) {
        instance.begin();
    }

    /**
     * Records how a call ended: {@code failed} for a connect error or a 5xx. Enough failures in a row eject
     * the instance, within the half-of-the-service cap.
     */
    public void finished(Instance instance, boolean failed) {
        instance.end();
        if (!failed) {
            instance.succeeded();
            return;
        }
        if (instance.failed() < settings.consecutiveFailures()) {
            return;
        }
        List<Instance> siblings = instances(instance.service());
        synchronized (siblings) {
            long ejected = siblings.stream().filter(i -> i.ejected(clock)).count();
            if (!instance.ejected(clock) && (ejected + 1) * 2 <= siblings.size()) {
                Duration period = instance.eject(clock, settings.ejectionBase());
                Counter.builder(TelemetryNames.UPSTREAM_EJECTIONS).description("Outlier ejections")
                        .tags(upstreamTags(instance)).register(meters).increment();
                LOG.warn("Ejected {} instance {} for {} s after {} consecutive failures", instance.service(),
                        instance.id(), period.toSeconds(), settings.consecutiveFailures());
            }
        }
    }

    /** The registry as the admin endpoint shows it. */
    public Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> snapshot = new LinkedHashMap<>();
        services.forEach((service, instances) -> snapshot.put(service, instances.stream().map(i -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", i.id());
            view.put("url", i.uri().toString());
            view.put("healthy", i.healthy());
            view.put("ejected", i.ejected(clock));
            view.put("ejectedUntil", i.ejected(clock) ? i.ejectedUntil().toString() : null);
            view.put("ejections", i.ejections());
            view.put("consecutiveFailures", i.consecutiveFailures());
            view.put("inFlight", i.inFlight());
            return view;
        }).toList()));
        return snapshot;
    }

    /** Runs one round of active readiness checks now (the scheduler runs them every {@code health-interval}). */
    public void checkHealth() {
        services.values().forEach(instances -> instances.forEach(this::check));
    }

    @Override
    public void close() {
        checker.shutdownNow();
        http.close();
    }

    private void startHealthChecks() {
        long interval = settings.healthInterval().toMillis();
        if (interval > 0) {
            checker.scheduleWithFixedDelay(this::checkHealth, 0, interval, TimeUnit.MILLISECONDS);
        }
    }

    private void check(Instance instance) {
        boolean ready;
        try {
            HttpRequest request = HttpRequest.newBuilder(instance.readinessUri()).timeout(settings.healthTimeout()).build();
            ready = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            ready = false;
        }
        if (ready != instance.healthy()) {
            LOG.info("{} instance {} is {}", instance.service(), instance.id(), ready ? "healthy again" : "unhealthy");
        }
        instance.healthy(ready);
    }

    /**
     * How instances are checked and ejected.
     *
     * @param healthInterval      time between active readiness checks; zero turns them off
     * @param healthTimeout       how long a readiness check may take
     * @param consecutiveFailures connect errors or 5xx in a row that eject an instance
     * @param ejectionBase        ejection period, multiplied by the instance's number of ejections
     */
    public record Settings(Duration healthInterval, Duration healthTimeout, int consecutiveFailures, Duration ejectionBase) {

        static Settings from(Config node) {
            return new Settings(
                    node.get("health-interval").as(Duration.class).orElse(Duration.ofSeconds(2)),
                    node.get("health-timeout").as(Duration.class).orElse(Duration.ofMillis(500)),
                    node.get("consecutive-failures").asInt().orElse(5),
                    node.get("ejection-base").as(Duration.class).orElse(Duration.ofSeconds(10)));
        }
    }

    /**
     * Names the upstream instance with labels of its own: {@code service} and {@code instance} are the labels
     * Prometheus gives the scraped process, and a series carrying them too would have its own renamed
     * {@code exported_*}.
     */
    private static Tags upstreamTags(Instance instance) {
        return Tags.of(TelemetryNames.UPSTREAM_SERVICE_TAG, instance.service(), TelemetryNames.UPSTREAM_INSTANCE_TAG,
                instance.id());
    }
}
