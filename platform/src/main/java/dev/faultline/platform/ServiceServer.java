package dev.faultline.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.faultline.observability.HttpServerTelemetry;
import dev.faultline.observability.Telemetry;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.ConnectionGuard;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import dev.faultline.platform.spi.InstanceDirectory;
import dev.faultline.platform.spi.ProcessDefinition;
import dev.faultline.platform.tls.CallerCheck;
import dev.faultline.platform.tls.ProcessTls;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.common.socket.SocketOptions;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs a Faultline service: its API on {@code server.port}, traced and measured, and an admin socket on
 * {@code admin.port} with liveness, readiness (readiness asks the database) and {@code /metrics}.
 */
public final class ServiceServer {

    /** Name of the admin listener. */
    public static final String ADMIN_SOCKET = "admin";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);
    /**
     * Connections a process holds at once unless {@code connections.max} says otherwise: what a 64 MB heap holds
     * with room to spare when every one of them is a client stuck inside its request (README, "Limits").
     */
    static final int DEFAULT_MAX_CONNECTIONS = 512;
    /**
     * The same for a listener that speaks TLS: a TLS connection holds about 66 KB of heap buffers against 16 KB plain
     * (BUILD-NOTES), so 128 of them cost what 512 plain ones do.
     */
    static final int DEFAULT_MAX_TLS_CONNECTIONS = 128;
    static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(10);

    private ServiceServer() {
    }

    /**
     * Runs a process in a JVM of its own, for its {@code main}: its context from the environment, its parts, its
     * server; a graceful shutdown at SIGTERM (in-flight requests finish, then its parts and telemetry close).
     */
    public static RunningProcess runAlone(ProcessDefinition definition) throws Exception {
        ProcessContext context = ProcessContext.start(definition);
        RunningProcess running = run(context, definition.parts(context));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, context.name() + "-shutdown"));
        return running;
    }

    /** The parts of a service that owns a database and nothing else to close: users, catalog, payments. */
    public static Parts withDatabase(ProcessContext context, String schema, ApiRegistration api) {
        return parts(openDatabase(context, schema), api);
    }

    /** The service's database in {@code data.dir} (default {@code .faultline/data/<name>}), traced. */
    public static Database openDatabase(ProcessContext context, String schema) {
        Path dataDir = Path.of(context.config().get("data.dir").asString().orElse(".faultline/data/" + context.name()));
        Database database = Database.open(dataDir, context.name(), schema, context.telemetry().openTelemetry());
        LOG.info("{} keeps its data in {}", context.name(), database.file());
        return database;
    }

    /** Starts a process from its parts; closing what it returns stops it and leaves nothing of it running. */
    public static RunningProcess run(ProcessContext context, Parts parts) {
        long started = System.nanoTime();
        String name = context.name();
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        configure(builder, context, parts);
        WebServer server = builder.build().start();
        context.tls().watch(server);
        LOG.info("{} ready in {} ms: http://{}:{} (admin http://{}:{}/health)",
                name, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                server.prototype().host(), server.port(), server.prototype().host(), adminPort(server));
        return new RunningProcess(context, server, parts.resources());
    }

    /** The admin socket's port: its own listener's, or the only one's in a process without an HTTP API. */
    public static int adminPort(WebServer server) {
        int admin = server.port(ADMIN_SOCKET);
        return admin > 0 ? admin : server.port();
    }

    /** Configures a server builder for a service; tests use it to run the production set-up on free ports. */
    public static void configure(WebServerConfig.Builder builder, ProcessContext context, Database database,
                                 ApiRegistration api) {
        configure(builder, context, parts(database, api));
    }

    /** Configures a server builder from a process's parts. */
    public static void configure(WebServerConfig.Builder builder, ProcessContext context, Parts parts) {
        Config config = context.config();
        Config server = config.get("server");
        builder.config(withoutProtocols(server));
        long maxPayload = server.get("max-payload-size").asLong().orElse(1_048_576L);
        builder.maxPayloadSize(maxPayload);
        builder.directHandlers(Problems.directHandlers(maxPayload));
        ConnectionGuard guard = guard(builder, server, config.get("connections"), context);
        boolean adminOnly = parts.api() == null;
        int adminPort = config.get("admin.port").asInt().orElse(0);
        if (adminOnly) {
            // a process whose API is not HTTP (the broker): its one listener is the admin socket
            builder.port(adminPort);
        } else {
            builder.putSocket(ADMIN_SOCKET, ListenerConfig.builder()
                    .name(ADMIN_SOCKET)
                    .host(server.get("host").asString().orElse("127.0.0.1"))
                    .port(adminPort)
                    .shutdownGracePeriod(Duration.ofSeconds(1))
                    .build());
        }
        String adminSocket = adminOnly ? WebServer.DEFAULT_SOCKET_NAME : ADMIN_SOCKET;
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).useSystemServices(false);
        parts.readiness().forEach((check, healthy) -> health.addCheck(
                () -> HealthCheckResponse.builder().status(healthy.getAsBoolean()).build(), HealthCheckType.READINESS, check));
        builder.addFeature(ObserveFeature.builder()
                .endpoint("/")
                .sockets(List.of(adminSocket))
                .addObserver(health.build())
                .build());
        Telemetry telemetry = context.telemetry();
        Consumer<HttpRouting.Builder> admin = routing -> {
            Problems.register(routing);
            routing.get("/metrics", telemetry.metricsEndpoint());
            context.extensions().admin(routing, parts.directory());
            parts.admin().accept(routing);
        };
        if (adminOnly) {
            builder.routing(routing -> {
                routing.addFilter(guard.filter());
                routing.register(closing(guard));
                admin.accept(routing);
            });
            return;
        }
        ProcessTls tls = context.tls();
        // under mtls a service's API asks every caller for its certificate, and the rules of who may call whom apply
        tls.apiSocket().ifPresent(api -> {
            builder.tls(api);
            tls.onFault(guard::closeAll);
        });
        builder.routing(routing -> {
            routing.addFilter(guard.filter());
            routing.register(closing(guard));
            api(routing, context, parts);
        });
        tls.httpsPort().ifPresent(port -> {
            ConnectionGuard httpsGuard = newGuard(ProcessTls.HTTPS_SOCKET, maxTls(config.get("connections")),
                    config.get("connections"), context);
            builder.putSocket(ProcessTls.HTTPS_SOCKET, httpsListener(server, context, port, maxPayload, httpsGuard));
            builder.routing(ProcessTls.HTTPS_SOCKET, routing -> {
                routing.addFilter(httpsGuard.filter());
                routing.register(closing(httpsGuard));
                api(routing, context, parts);
            });
        });
        builder.routing(ADMIN_SOCKET, admin);
    }

    /** What the API serves, on its own socket and, for an edge process under TLS, on the HTTPS socket too. */
    private static void api(HttpRouting.Builder routing, ProcessContext context, Parts parts) {
        Telemetry telemetry = context.telemetry();
        routing.addFilter(parts.edge() ? HttpServerTelemetry.edge(telemetry) : HttpServerTelemetry.create(telemetry));
        if (context.tls().mutualApi()) {
            routing.addFilter(new CallerCheck(context.tls().callers(), context.meters()));
        }
        context.extensions().api(routing);
        routing(routing, parts.api());
    }

    /**
     * Puts a {@link ConnectionGuard} on the API listener: {@code connections.max} connections at once (more are
     * refused at once) and {@code connections.request-deadline} for a request to arrive. The guard is the
     * listener's connection limit, so Helidon's own (which lets the excess wait in the backlog) is lifted.
     */
    private static ConnectionGuard guard(WebServerConfig.Builder builder, Config server, Config connections,
                                         ProcessContext context) {
        // under mtls the API listener speaks TLS, and holds fewer connections for the same heap
        ConnectionGuard guard = newGuard("api", context.tls().mutualApi() ? maxTls(connections)
                : connections.get("max").asInt().orElse(DEFAULT_MAX_CONNECTIONS), connections, context);
        builder.maxTcpConnections(-1);
        builder.connectionOptions(guard.socketOptions(builder.connectionOptions().orElseGet(SocketOptions::create)));
        // HTTP/1.1 as configured (server.protocols.http_1_1), with the guard listening; the only protocol, so
        // Helidon serves a new connection at once instead of waiting for bytes to pick one
        builder.protocolsDiscoverServices(false);
        builder.protocols(List.of(guarded(server, guard)));
        return guard;
    }

    /** The HTTPS listener for outside callers (the gateway under TLS), guarded as the API listener is, at the TLS cap. */
    private static ListenerConfig httpsListener(Config server, ProcessContext context, int port, long maxPayload,
                                                ConnectionGuard guard) {
        return ListenerConfig.builder()
                .name(ProcessTls.HTTPS_SOCKET)
                .host(server.get("host").asString().orElse("127.0.0.1"))
                .port(port)
                .tls(context.tls().httpsSocket())
                .maxPayloadSize(maxPayload)
                .maxTcpConnections(-1)
                .connectionOptions(guard.socketOptions(SocketOptions.create()))
                .protocolsDiscoverServices(false)
                .protocols(List.of(guarded(server, guard)))
                .build();
    }

    private static Http1Config guarded(Config server, ConnectionGuard guard) {
        return Http1Config.builder().config(server.get("protocols.http_1_1"))
                .addReceiveListener(guard).addSendListener(guard).build();
    }

    private static ConnectionGuard newGuard(String listener, int max, Config connections, ProcessContext context) {
        return ConnectionGuard.create(listener, max,
                connections.get("request-deadline").as(Duration.class).orElse(DEFAULT_REQUEST_DEADLINE), context.meters());
    }

    private static int maxTls(Config connections) {
        return connections.get("max-tls").asInt().orElse(DEFAULT_MAX_TLS_CONNECTIONS);
    }

    /**
     * The server's configuration less its {@code protocols}: Helidon adds the protocols it finds in the
     * configuration to those set in code when it builds, and two HTTP/1.1 configurations would mean two.
     */
    private static Config withoutProtocols(Config server) {
        Map<String, String> values = new java.util.HashMap<>(server.detach().asMap().orElse(Map.of()));
        values.keySet().removeIf(key -> key.equals("protocols") || key.startsWith("protocols."));
        return Config.just(ConfigSources.create(values));
    }

    /** Stops the guard's sweeper with the server. */
    private static HttpService closing(ConnectionGuard guard) {
        return new HttpService() {
            @Override
            public void routing(HttpRules rules) {
            }

            @Override
            public void afterStop() {
                guard.close();
            }
        };
    }

    private static Parts parts(Database database, ApiRegistration api) {
        return parts(database, api, routing -> { });
    }

    /**
     * The parts of a service that owns a database, with routes of its own on the admin socket: ready when its database
     * is, the database closed after the server stops.
     */
    public static Parts parts(Database database, ApiRegistration api, Consumer<HttpRouting.Builder> admin) {
        return new Parts(routing -> api.register(routing, database), admin,
                Map.of("database", database::isHealthy), database, false);
    }

    /** The API routing of a service: problem+json errors, the service's routes, then a 404 problem for the rest. */
    public static void routing(HttpRouting.Builder routing, Consumer<HttpRouting.Builder> routes) {
        Problems.register(routing);
        routes.accept(routing);
        routing.any((req, res) -> Problems.send(res, Problem.of(404, "Not Found",
                "No resource at " + req.path().path() + ".")));
    }

    /** Registers a service's routes once its database is open. */
    @FunctionalInterface
    public interface ApiRegistration {
        void register(HttpRouting.Builder routing, Database database);
    }

    /**
     * What a process is made of.
     *
     * @param api       registers the routes of the API socket; null for a process whose API is not HTTP (the broker),
 *                  which then listens on its admin socket only
     * @param admin     registers extra routes of the admin socket (health is always there)
     * @param readiness named checks that must pass for the process to be ready
     * @param resources closed after the server stopped
     * @param edge      whether this process faces outside callers (the gateway): its responses carry the trace id
     * @param directory the instances of other services this process knows, offered to its extensions
     */
    public record Parts(Consumer<HttpRouting.Builder> api, Consumer<HttpRouting.Builder> admin,
                        Map<String, BooleanSupplier> readiness, AutoCloseable resources, boolean edge,
                        InstanceDirectory directory) {

        public Parts {
            readiness = Map.copyOf(readiness);
        }

        /** The parts of a process that knows no other service's instances (every process but the gateway). */
        public Parts(Consumer<HttpRouting.Builder> api, Consumer<HttpRouting.Builder> admin,
                     Map<String, BooleanSupplier> readiness, AutoCloseable resources, boolean edge) {
            this(api, admin, readiness, resources, edge, InstanceDirectory.NONE);
        }
    }
}
