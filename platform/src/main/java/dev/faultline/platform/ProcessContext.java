package dev.faultline.platform;

import java.time.Clock;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.spi.ProcessDefinition;
import dev.faultline.platform.spi.ProcessExtensions;
import dev.faultline.platform.tls.ProcessTls;
import io.helidon.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Faultline process is built from, made once per process and handed down to every part that needs it: its
 * name, configuration, telemetry (meter registry, OpenTelemetry), clock and extensions. Nothing reads a global in
 * its place, so several processes, each with its own chaos engine, can run in one JVM (a test, or
 * {@code ./faultline up --one-jvm}).
 */
public final class ProcessContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessContext.class);

    private final String name;
    private final Config config;
    private final Telemetry telemetry;
    private final Clock referenceClock;
    private final ProcessClock clock;
    private final ProcessExit exit;
    private final ProcessExtensions extensions;
    private final ProcessTls tls;
    private final Deque<AutoCloseable> closing = new ConcurrentLinkedDeque<>();

    private ProcessContext(String name, Config config, Telemetry telemetry, Clock clock, ProcessExit exit) {
        this.name = name;
        this.config = config;
        this.telemetry = telemetry;
        this.referenceClock = clock;
        this.clock = new ProcessClock(clock);
        this.exit = exit;
        this.extensions = ProcessExtensions.load();
        this.tls = ProcessTls.create(name, config.get("tls"), telemetry.meters());
        closing.push(tls);
    }

    /**
     * The context of a process with a JVM of its own: telemetry exported by OTLP (the {@code OTEL_*} variables) unless
     * the definition keeps its own, configuration from {@link ProcessConfig} ({@code application.yaml}, a learner's
     * settings, the environment and system properties); a crash halts the JVM. Call once, first thing in {@code main}.
     */
    public static ProcessContext start(ProcessDefinition definition) {
        Telemetry telemetry = definition.exportsTelemetry() ? Telemetry.start(definition.name())
                : Telemetry.startLocal(definition.name());
        return create(definition.name(), ProcessConfig.load(), telemetry, Clock.systemUTC(), ProcessExit.JVM);
    }

    /**
     * The context of a process that shares its JVM with the rest of the shop: its configuration and telemetry
     * settings from {@code environment} (what its own process's environment would be) over its
     * {@code application.yaml}, its log lines routed to its own telemetry; a crash ends it through {@code exit}.
     * Call on the thread that builds the process: the threads it starts log as the process.
     */
    public static ProcessContext hosted(ProcessDefinition definition, Map<String, String> environment, ProcessExit exit) {
        Telemetry telemetry = Telemetry.hosted(definition.name(), environment, definition.exportsTelemetry());
        return create(definition.name(), ProcessConfig.of(definition.getClass(), environment), telemetry,
                Clock.systemUTC(), exit);
    }

    /**
     * A context over the given parts (tests: their own configuration and telemetry); its extensions are set up. A
     * crash fault halts the JVM.
     */
    public static ProcessContext create(String name, Config config, Telemetry telemetry, Clock clock) {
        return create(name, config, telemetry, clock, ProcessExit.JVM);
    }

    /** A context over the given parts, ended by {@code exit} when a fault crashes it. */
    public static ProcessContext create(String name, Config config, Telemetry telemetry, Clock clock, ProcessExit exit) {
        ProcessContext context = new ProcessContext(name, config, telemetry, clock, exit);
        context.extensions.init(context);
        return context;
    }

    /** Ends the process at once with {@code code}, as a crash does; see {@link ProcessExit#halt}. */
    public void halt(int code) {
        exit.halt(code);
    }

    /** Something of the process's own (an extension's state) to close when the process stops, before its telemetry. */
    public void onClose(AutoCloseable resource) {
        closing.push(resource);
    }

    /** Closes what was registered, last first, then flushes and closes the telemetry. */
    @Override
    public void close() {
        for (AutoCloseable resource = closing.poll(); resource != null; resource = closing.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing part of {} failed", name, e);
            }
        }
        telemetry.close();
    }

    public String name() {
        return name;
    }

    public Config config() {
        return config;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    /** Where this process's meters go: shorthand for {@code telemetry().meters()}. */
    public MeterRegistry meters() {
        return telemetry.meters();
    }

    /** The time as this process sees it (a clock fault may shift it). */
    public ProcessClock clock() {
        return clock;
    }

    /** The machine's time, never shifted: what the chaos engine measures its faults' leases by. */
    public Clock referenceClock() {
        return referenceClock;
    }

    /** Which of the process's sockets and clients speak TLS, with which certificate. */
    public ProcessTls tls() {
        return tls;
    }

    public ProcessExtensions extensions() {
        return extensions;
    }
}
