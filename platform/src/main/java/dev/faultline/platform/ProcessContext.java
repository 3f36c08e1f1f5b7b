package dev.faultline.platform;

import java.time.Clock;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.spi.ProcessExtensions;
import io.helidon.config.Config;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a Faultline process is built from, made once per process and handed down to every part that needs it: its
 * name, configuration, telemetry (meter registry, OpenTelemetry), clock and extensions. Nothing reads a global in
 * its place, so two processes, each with its own chaos engine, can run in one test JVM.
 */
public final class ProcessContext {

    private final String name;
    private final Config config;
    private final Telemetry telemetry;
    private final Clock clock;
    private final ProcessExtensions extensions;

    private ProcessContext(String name, Config config, Telemetry telemetry, Clock clock) {
        this.name = name;
        this.config = config;
        this.telemetry = telemetry;
        this.clock = clock;
        this.extensions = ProcessExtensions.load();
    }

    /**
     * The context of a real process: telemetry exported by OTLP (the {@code OTEL_*} variables), configuration from
     * {@link ProcessConfig} ({@code application.yaml}, a learner's settings, the environment and system properties).
     * Call once, first thing in {@code main}.
     */
    public static ProcessContext start(String name) {
        Telemetry telemetry = Telemetry.start(name);
        return create(name, ProcessConfig.load(), telemetry, Clock.systemUTC());
    }

    /** A context over the given parts (tests: their own configuration and telemetry); its extensions are set up. */
    public static ProcessContext create(String name, Config config, Telemetry telemetry, Clock clock) {
        ProcessContext context = new ProcessContext(name, config, telemetry, clock);
        context.extensions.init(context);
        return context;
    }

    /** The service name: names the database file, the log lines and the chaos engine's target. */
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

    public Clock clock() {
        return clock;
    }

    public ProcessExtensions extensions() {
        return extensions;
    }
}
