package dev.faultline.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.semconv.ServiceAttributes;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.otel.OpenTelemetrySpanContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's telemetry, built once by the process context and handed down: its meter registry (Prometheus, served
 * on the admin socket), its OpenTelemetry (traces and logs) and the telemetry faults the chaos engine may switch on.
 * No class reads a global: two processes in one JVM (a test) each have their own.
 *
 * <ul>
 *   <li>Traces and logs ({@link #start}): the OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables
 *       ({@code OTEL_SERVICE_NAME}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL},
 *       {@code OTEL_TRACES_SAMPLER}, {@code OTEL_SDK_DISABLED}, {@code OTEL_RESOURCE_ATTRIBUTES}); OTLP
 *       http/protobuf by default. A failing exporter is logged once and its losses counted.</li>
 *   <li>Metrics: Micrometer with a Prometheus registry, served by {@link #metricsEndpoint()} on the admin socket;
 *       histograms carry exemplars (trace ids) from the current span.</li>
 * </ul>
 */
public final class Telemetry {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    /**
     * How long an SQL read must take for its span to be kept ({@link FastSqlReadFilter}): a system property, or the
     * environment variable {@code FAULTLINE_SQL_SLOW_READ}, as the SDK's own settings are read (e.g. {@code 20ms}).
     */
    public static final String SLOW_READ_PROPERTY = "faultline.sql.slow-read";
    /** How long a process may spend at exit exporting what it still holds. */
    static final java.time.Duration SHUTDOWN_FLUSH = java.time.Duration.ofSeconds(1);
    /** Resource attributes; service.instance.id is still incubating, so not in the stable semconv artifact. */
    static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");

    /**
     * Micrometer turns exemplars on for every metric type; Prometheus 2.x then rejects the whole scrape ("does not
     * support exemplars" on counters and histogram counts). Exemplars stay on histogram buckets.
     */
    private static final PrometheusConfig EXEMPLARS_ON_BUCKETS_ONLY = new PrometheusConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public Properties prometheusProperties() {
            Properties properties = PrometheusConfig.super.prometheusProperties();
            properties.setProperty("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
            return properties;
        }
    };

    /**
     * Helidon's own fault-tolerance meters ({@code ft.bulkhead.executionsRunning}...) come in camelCase and without
     * help text, which promtool rejects: they are renamed to snake_case and described.
     */
    private static final MeterFilter HELIDON_FT_NAMES = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith("ft.")) {
                return id;
            }
            String name = id.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            String description = id.getDescription() != null ? id.getDescription()
                    : "Helidon fault tolerance: " + name.substring(3).replace('.', ' ').replace('_', ' ');
            return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
        }
    };

    private final String service;
    private final PrometheusMeterRegistry meters;
    private final OpenTelemetry openTelemetry;
    private final TelemetryFaults faults;
    private final Runnable closing;

    private Telemetry(String service, PrometheusMeterRegistry meters, OpenTelemetry openTelemetry,
                      TelemetryFaults faults, Runnable closing) {
        this.service = service;
        this.meters = meters;
        this.openTelemetry = openTelemetry;
        this.faults = faults;
        this.closing = closing;
    }

    /**
     * Telemetry that exports nothing by itself: a fresh meter registry and the given OpenTelemetry (tests give one
     * whose spans land in memory; {@link OpenTelemetry#noop()} for none).
     */
    public static Telemetry create(String service, OpenTelemetry openTelemetry) {
        return new Telemetry(service, registry(), openTelemetry, new TelemetryFaults(), () -> { });
    }

    /**
     * The telemetry of a process whose spans and logs stay in it: logging as every process has it, metrics on
     * {@code /metrics}, no OTLP export. The console is such a process: it receives the others' OTLP itself, and its
     * own would arrive at its own receiver.
     */
    public static Telemetry startLocal(String service) {
        return local(service, JvmShare.OWN);
    }

    /**
     * The telemetry of a production process: logging, the SDK with OTLP exporters, flushed within a bound by
     * {@link #close()}. Only the process context calls it, once per process.
     *
     * @param service the default service name, when {@code OTEL_SERVICE_NAME} is not set
     */
    public static Telemetry start(String service) {
        return exported(service, Map.of(), JvmShare.OWN);
    }

    /**
     * The telemetry of a process that shares its JVM with the rest of the shop ({@code ./faultline up --one-jvm}):
     * its {@code OTEL_*} settings come from {@code variables} (its own environment, over the JVM's), its log lines
     * go to its own SDK ({@link ProcessLogs}), and its meters stay out of Micrometer's global registry, which every
     * process of the JVM would otherwise see.
     *
     * @param export whether spans and logs go out by OTLP (the console keeps its own)
     */
    public static Telemetry hosted(String service, Map<String, String> variables, boolean export) {
        return export ? exported(service, variables, JvmShare.SHARED) : local(service, JvmShare.SHARED);
    }

    /** Whether a process has its JVM to itself. */
    private enum JvmShare { OWN, SHARED }

    private static Telemetry local(String service, JvmShare share) {
        Logging.configure();
        return new Telemetry(service, share == JvmShare.OWN ? processRegistry() : registry(), OpenTelemetry.noop(),
                new TelemetryFaults(), () -> { });
    }

    private static Telemetry exported(String service, Map<String, String> variables, JvmShare share) {
        Logging.configure();
        PrometheusMeterRegistry meters = share == JvmShare.OWN ? processRegistry() : registry();
        TelemetryFaults faults = new TelemetryFaults();
        List<ExportHealth> exports = new CopyOnWriteArrayList<>();
        Map<String, String> overrides = properties(variables);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults(service))
                .addPropertiesCustomizer(config -> overrides)
                .addResourceCustomizer((resource, config) -> resource.merge(Resource.create(Attributes.of(
                        SERVICE_INSTANCE_ID, Optional.ofNullable(resource.getAttribute(SERVICE_INSTANCE_ID))
                                .orElse(UUID.randomUUID().toString()),
                        ServiceAttributes.SERVICE_VERSION, version()))))
                .addSpanExporterCustomizer((exporter, config) -> new WatchedSpanExporter(exporter,
                        watched(exports, new ExportHealth("traces",
                                endpoint(config.getString("otel.exporter.otlp.endpoint")), faults, meters))))
                .addSpanProcessorCustomizer((processor, config) -> FastSqlReadFilter.before(processor,
                        config.getDuration(SLOW_READ_PROPERTY, FastSqlReadFilter.DEFAULT_SLOW_READ)))
                .addLogRecordExporterCustomizer((exporter, config) -> new WatchedLogExporter(exporter,
                        watched(exports, new ExportHealth("logs",
                                endpoint(config.getString("otel.exporter.otlp.endpoint")), faults, meters))))
                // ours, bounded (close); the SDK's own waits up to 10 s
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        String endpoint = endpoint(overrides.getOrDefault("otel.exporter.otlp.endpoint",
                System.getProperty("otel.exporter.otlp.endpoint", System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))));
        if (share == JvmShare.OWN) {
            OpenTelemetryAppender.install(sdk);
        } else {
            ProcessLogs.install();
            ProcessLogs.routeThisThread(sdk);
        }
        LOG.info("Telemetry for {}: OTLP to {}, metrics on the admin socket at /metrics", service, endpoint);
        return new Telemetry(service, meters, sdk, faults, () -> flushAndClose(sdk, exports, endpoint));
    }

    /**
     * Environment variables as the SDK's properties ({@code OTEL_EXPORTER_OTLP_ENDPOINT} is
     * {@code otel.exporter.otlp.endpoint}): the SDK reads a process's own environment so, and a process that shares
     * its JVM has its variables in a map.
     */
    static Map<String, String> properties(Map<String, String> variables) {
        Map<String, String> properties = new HashMap<>();
        variables.forEach((name, value) -> {
            if (name.startsWith("OTEL_") || name.startsWith("FAULTLINE_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }

    /**
     * Exports what is still queued and shuts the exporters down, within {@link #SHUTDOWN_FLUSH}; a process calls it
     * once, as it stops, after its server.
     */
    public void close() {
        closing.run();
    }

    public String service() {
        return service;
    }

    /** Where this process's meters are registered. */
    public MeterRegistry meters() {
        return meters;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The tracer of a piece of Faultline, named after its package as instrumentation scopes are. */
    public Tracer tracer(Class<?> owner) {
        return openTelemetry.getTracer(owner.getPackageName());
    }

    /** The switches the chaos engine breaks this process's telemetry with. */
    public TelemetryFaults faults() {
        return faults;
    }

    /** The {@code /metrics} endpoint of this process. */
    public MetricsEndpoint metricsEndpoint() {
        return new MetricsEndpoint(meters);
    }

    /** The meters as Prometheus text, as {@code /metrics} serves them. */
    public String scrape() {
        return meters.scrape();
    }

    /**
     * The registry of a real process. Helidon's fault-tolerance blocks register their meters in Micrometer's global
     * registry; this process's registry joins it so /metrics shows them (the only use of the global, and only in a
     * real process: tests' telemetries stay apart).
     */
    private static PrometheusMeterRegistry processRegistry() {
        PrometheusMeterRegistry meters = registry();
        Metrics.globalRegistry.add(meters);
        return meters;
    }

    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(EXEMPLARS_ON_BUCKETS_ONLY,
                new PrometheusRegistry(), Clock.SYSTEM, new OpenTelemetrySpanContext());
        // promtool check metrics rejects these two names (a unit abbreviation, a misleading _count suffix);
        // process_cpu_usage and system_cpu_usage say the same
        prometheus.config().meterFilter(MeterFilter.deny(id ->
                id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        prometheus.config().meterFilter(HELIDON_FT_NAMES);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        new FileDescriptorMetrics().bindTo(prometheus);
        return prometheus;
    }

    /**
     * Exports what is still queued and shuts the SDK down: for at most {@link #SHUTDOWN_FLUSH} when something listens
     * on the OTLP endpoint (a collector takes milliseconds, so nothing is lost), not at all when nothing does or
     * exports already fail. Otherwise the exporters would retry for ten seconds and hold the process's exit
     * ({@code ./faultline down} took 14 s) for telemetry nobody can receive.
     */
    private static void flushAndClose(OpenTelemetrySdk sdk, List<ExportHealth> exports, String endpoint) {
        boolean receivable = exports.stream().noneMatch(ExportHealth::failing) && listening(endpoint);
        long wait = receivable ? SHUTDOWN_FLUSH.toMillis() : 0;
        if (!sdk.shutdown().join(wait, java.util.concurrent.TimeUnit.MILLISECONDS).isSuccess() && receivable) {
            LOG.info("Telemetry not flushed within {} ms at shutdown; the rest is dropped", wait);
        }
    }

    /** Whether anything accepts connections at the endpoint (a refused connection answers at once on loopback). */
    private static boolean listening(String endpoint) {
        try {
            java.net.URI uri = java.net.URI.create(endpoint);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 200);
                return true;
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    private static ExportHealth watched(List<ExportHealth> exports, ExportHealth health) {
        exports.add(health);
        return health;
    }

    private static Map<String, String> defaults(String service) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", service);
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        defaults.put("otel.traces.exporter", "otlp");
        defaults.put("otel.logs.exporter", "otlp");
        // metrics are pulled by Prometheus from /metrics, not pushed
        defaults.put("otel.metrics.exporter", "none");
        // batches for a collector on loopback: half as many posts as the SDK's 512 under load (each post costs the
        // JDK HTTP client more than its bytes), still well under the console's 1 MB request limit (~400 KB of
        // spans); a queue of four batches rides out a slow export without holding more than a few MB of heap
        for (String processor : List.of("bsp", "blrp")) {
            defaults.put("otel." + processor + ".max.export.batch.size", "1024");
            defaults.put("otel." + processor + ".max.queue.size", "4096");
        }
        return defaults;
    }

    private static String endpoint(String configured) {
        return configured == null || configured.isBlank() ? "http://localhost:4318" : configured;
    }

    private static String version() {
        return Optional.ofNullable(Telemetry.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT");
    }
}
