package dev.faultline.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.data.Database;
import io.opentelemetry.api.OpenTelemetry;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** Test support: a service's production configuration, moved to free ports and a fresh data directory. */
public final class TestServices {

    /** A broker address where nothing listens. */
    public static final String NO_BROKER = "tcp://127.0.0.1:1";
    /** The data directories this JVM made, deleted when it exits. */
    private static final Set<Path> DELETED_AT_EXIT = deletedAtExit();

    private TestServices() {
    }

    /**
     * A free port below Linux's ephemeral range (32768 on), for a process restarted on the same port: a port the
     * system handed out could meanwhile be taken as the local end of some outgoing connection.
     */
    public static int freePortForRestarts() {
        for (int i = 0; i < 100; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("No free port found below 32000");
    }

    /** A port of the loopback nothing listens on now (for a process that must be told its port: the broker). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new, empty data directory under the module's {@code target/test-data}, deleted when the test JVM exits: a
     * broker's journal alone preallocates tens of MB, and left in the system's temp directory a day of test runs
     * filled 12 GB there. Under {@code target} a killed run's leftovers go with {@code mvn clean}.
     */
    public static Path dataDir(String service) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-data"));
            Path dir = Files.createTempDirectory(parent, service + "-").toAbsolutePath();
            DELETED_AT_EXIT.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Path> deletedAtExit() {
        Set<Path> dirs = ConcurrentHashMap.newKeySet();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dirs.forEach(TestServices::deleteTree), "delete-test-data"));
        return dirs;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: what is left stays under target/
        }
    }

    /**
     * The service's {@code application.yaml} with ports 0 (free), the given data directory, and overrides as
     * alternating keys and values.
     */
    public static Config config(Path dataDir, String... overrides) {
        return config(ConfigSources.classpath("application.yaml").optional().build(), dataDir, overrides);
    }

    /**
     * As {@link #config(Path, String...)}, over the {@code application.yaml} of the given process's {@code Main}: for
     * a test that runs another module's process beside its own (the classpath's file is its own module's).
     */
    public static Config config(Class<?> main, Path dataDir, String... overrides) {
        return config(ProcessConfig.defaults(main), dataDir, overrides);
    }

    private static Config config(io.helidon.config.spi.ConfigSource defaults, Path dataDir, String... overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("server.host", "127.0.0.1");
        values.put("server.port", "0");
        values.put("admin.port", "0");
        values.put("data.dir", dataDir.toString());
        // beside the data directory, never the default under the module's own tree
        Path secrets = secretsDir(dataDir);
        DELETED_AT_EXIT.add(secrets);
        values.put("secrets.dir", secrets.toString());
        // never the broker of a sandbox running on this machine: a test that needs one starts its own
        values.put("messaging.broker.url", NO_BROKER);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(defaults)
                .build();
    }

    /** Where a test service with data in {@code dataDir} keeps its secrets: a directory beside it. */
    public static Path secretsDir(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-secrets");
    }

    /** A service's database without tracing. */
    public static Database database(Path dataDir, String name, String schema) {
        return Database.open(dataDir, name, schema, OpenTelemetry.noop());
    }

    /** A process context over the configuration, with telemetry of its own that exports nothing. */
    public static ProcessContext context(String name, Config config) {
        return context(name, config, Telemetry.create(name, OpenTelemetry.noop()));
    }

    /** A process context over the configuration and telemetry (a {@link TestTelemetry}'s, to see its spans). */
    public static ProcessContext context(String name, Config config, Telemetry telemetry) {
        return ProcessContext.create(name, config, telemetry, Clock.systemUTC());
    }

    /**
     * Runs a service on free ports over the given data directory for the duration of {@code work}, then stops
     * it and closes its database, as a process restart would.
     *
     * @param config the service's configuration ({@link #config})
     */
    public static <T> T withServer(Path dataDir, String name, String schema, Config config,
                                   Function<ProcessContext, ServiceServer.ApiRegistration> api,
                                   Function<Http1Client, T> work) {
        ProcessContext context = context(name, config);
        try (Database database = Database.open(dataDir, name, schema, context.telemetry().openTelemetry())) {
            WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
            ServiceServer.configure(builder, context, database, api.apply(context));
            WebServer server = builder.build().start();
            try {
                return work.apply(Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build());
            } finally {
                server.stop();
            }
        }
    }

    /**
     * Starts a service on free ports over a fresh data directory, as its Main would; close it when done.
     *
     * @param overrides alternating configuration keys and values
     */
    public static Running start(String name, String schema, Function<ProcessContext, ServiceServer.ApiRegistration> api,
                                String... overrides) {
        return start(Telemetry.create(name, OpenTelemetry.noop()), name, schema, api, overrides);
    }

    /** The same, with the given telemetry. */
    public static Running start(Telemetry telemetry, String name, String schema,
                                Function<ProcessContext, ServiceServer.ApiRegistration> api, String... overrides) {
        Path data = dataDir(name);
        ProcessContext context = context(name, config(data, overrides), telemetry);
        Database database = Database.open(data, name, schema, telemetry.openTelemetry());
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, context, database, api.apply(context));
        return new Running(builder.build().start(), database, context);
    }

    /** Starts a process from its parts on free ports. */
    public static Running start(ProcessContext context, ServiceServer.Parts parts) {
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, context, parts);
        return new Running(builder.build().start(), parts.resources(), context);
    }

    /**
     * A service running in the test.
     *
     * @param server    its server
     * @param resources closed with it
     * @param context   the process it is
     */
    public record Running(WebServer server, AutoCloseable resources, ProcessContext context) implements AutoCloseable {

        public String url() {
            return "http://127.0.0.1:" + server.port();
        }

        public Http1Client client() {
            return Http1Client.builder().baseUri(url()).build();
        }

        @Override
        public void close() {
            server.stop();
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
