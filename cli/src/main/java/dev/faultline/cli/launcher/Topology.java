package dev.faultline.cli.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.model.AdminApi;
import dev.faultline.chaos.model.SettingsFile;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.pki.PkiLayout;
import dev.faultline.pki.TlsMode;

/**
 * The processes of the sandbox and how they are wired; the one place that knows the local ports.
 *
 * @param processes in start order
 */
public record Topology(List<ProcessSpec> processes) {

    /**
     * A heap kept close to what is live: after a collection the JVM gives back what is over 30 % free (70 % by
     * default). Measured after 1,000 orders: a service's committed heap 31 -> 21 MB, RSS 8-10 MB less, 46 MB for the
     * seven shop processes (bench/RESULTS.md); the gateway, whose throughput it cost 6 %, keeps the defaults.
     */
    static final List<String> HEAP_FREE_RATIOS = List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /**
     * The C1 compiler only: it compiles in a fraction of C2's time, and a sandbox's request path reaches its speed
     * with it. Measured on a one-JVM sandbox (2 cores, 20 requests/s): CPU to start 11.2 -> 7.2 s, in the first 10 s of
     * load 6.6 -> 4.2 s, in the next 20 s 7.3 -> 4.8 s, at the same latency (checkout p50 15-16 ms).
     */
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * The native-heap trim: a product flag since JDK 23, backported to the 21 update line first as an experimental
     * one (hence the unlock before it, harmless where it is a product flag); 21.0.0 does not know it at all and would
     * refuse to start.
     */
    static final List<String> NATIVE_HEAP_TRIM = List.of("-XX:+UnlockExperimentalVMOptions",
            "-XX:TrimNativeHeapInterval=5000");

    /**
     * Flags for every service JVM, chosen by measurement for a laptop running the whole sandbox (README,
     * "Figures"): a small heap; the serial collector (one GC thread, least footprint); the C1 compiler only
     * ({@link #C1_ONLY}; start-up 1,070 -> 740 ms and RSS 106 -> 82 MB, at some cost in peak throughput that a
     * sandbox does not need); capped code cache, metaspace and direct memory (by default as large as the heap:
     * uncapped, the four could pass a 192 MB container limit); an out-of-memory ends the process (a JVM that runs out of heap can
     * stay alive serving nothing, and the supervisor restarts only what exits). sqlite-jdbc loads a native
     * library, hence native access. The JVM hands the C heap's freed memory back to the system every 5 s (glibc keeps
     * it otherwise: 4 MB a C1 process, 30 MB with C2's compiler arenas, measured under load). Locally the supervisor
     * adds a class-data archive per jar ({@link ClassDataArchives}), which halves start-up again.
     */
    public static final List<String> SERVICE_JVM_OPTIONS = java.util.stream.Stream.of(List.of(
            "-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", C1_ONLY, "-Xss512k",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=64m", "-XX:MaxDirectMemorySize=16m",
            "-XX:+ExitOnOutOfMemoryError"), HEAP_FREE_RATIOS, NATIVE_HEAP_TRIM,
            List.of("--enable-native-access=ALL-UNNAMED")).flatMap(List::stream).toList();

    /**
     * The options for processes started by this JVM's own {@code java} (the supervisor's): without the native-heap
     * trim on a JDK 21 from before its backport, which would refuse to start every process over it.
     */
    static List<String> forThisJvm(List<String> options, Runtime.Version version) {
        boolean trims = version.feature() > 21 || version.feature() == 21 && version.update() >= 1;
        return options.stream().filter(option -> trims || !NATIVE_HEAP_TRIM.contains(option)).toList();
    }

    /** {@link #SERVICE_JVM_OPTIONS} as this JVM's {@code java} takes them, worked out once. */
    private static final List<String> LOCAL_JVM_OPTIONS = forThisJvm(SERVICE_JVM_OPTIONS, Runtime.version());

    public Topology {
        processes = List.copyOf(processes);
    }

    /** The console's name and service; it watches the shop and is not part of it. */
    public static final String CONSOLE = "console";
    /** The console's port with no offset (the address the workshop's pages link to). */
    public static final int CONSOLE_PORT = 3030;
    /** The console's heap: its default stores full, with room for a collection (bench/console.sh). */
    static final String CONSOLE_HEAP = "-Xmx96m";
    /** The broker's name and service: Artemis, embedded in a process of its own. */
    public static final String BROKER = "broker";
    /** The broker's acceptor (Artemis's core protocol) with no offset; its admin socket is 1000 above. */
    public static final int BROKER_PORT = 8086;
    /** The users service's name: its personal data sealed, its key-encryption key in its secrets directory. */
    public static final String USERS = "users";
    /** The token issuer's name and service: a local OAuth 2.0 authorization server. */
    public static final String AUTH = SandboxEndpoints.ISSUER;
    /** The issuer's port with no offset; its admin socket is 1000 above. */
    public static final int AUTH_PORT = 8087;
    /** The gateway's HTTPS port with no offset, under TLS (edge or mtls). */
    public static final int HTTPS_PORT = 8443;
    /** The gateway's name and service. */
    private static final String GATEWAY = SandboxEndpoints.GATEWAY;
    /** The variables that tell a process its TLS (its {@code tls.mode}, {@code tls.dir}, {@code tls.https.port}). */
    private static final String TLS_MODE = "TLS_MODE";
    private static final String TLS_DIR = "TLS_DIR";
    private static final String TLS_HTTPS_PORT = "TLS_HTTPS_PORT";
    /** The console's OTLP/HTTP receiver, where every process exports unless OTEL_EXPORTER_OTLP_ENDPOINT says else. */
    public static final int OTLP_PORT = 4318;

    /**
     * The local sandbox on 127.0.0.1: the console 3030 first (so it receives the others' telemetry from their
     * start), users 8081, catalog 8082, payments 8084 and 8094, the broker 8086 (Artemis's core protocol), orders
     * 8083 (publishing to the broker), shipping 8085 (consuming from it), the token issuer auth 8087, and the gateway
     * 8080 in front, each with
     * its admin socket 1000 above, all shifted by {@code portOffset} (tests use it to run beside a sandbox already
     * up). Started in this order, the gateway last.
     */
    public static Topology local(SandboxPaths paths, int portOffset) {
        return local(paths, portOffset, "");
    }

    /** The local sandbox with the chaos admin token every process accepts, TLS off. */
    public static Topology local(SandboxPaths paths, int portOffset, String adminToken) {
        return local(paths, portOffset, adminToken, TlsMode.OFF);
    }

    /**
     * The local sandbox with TLS as {@code tls} says: under edge the gateway also serves HTTPS on 8443; under mtls
     * the services' APIs (and so every address of one) are HTTPS with client certificates, and the broker's acceptor
     * is TLS with client certificates. Each process but the console is told its directory of the sandbox's PKI
     * ({@link SandboxPki}).
     */
    public static Topology local(SandboxPaths paths, int portOffset, String adminToken, TlsMode tls) {
        String scheme = tls.mutual() ? "https" : "http";
        int users = 8081 + portOffset;
        int catalog = 8082 + portOffset;
        int orders = 8083 + portOffset;
        int payments1 = 8084 + portOffset;
        int payments2 = 8094 + portOffset;
        int shipping = 8085 + portOffset;
        int broker = BROKER_PORT + portOffset;
        int auth = AUTH_PORT + portOffset;
        List<ProcessSpec> processes = new ArrayList<>();
        Map<String, String> token = with(Map.of("FAULTLINE_ADMIN_TOKEN", adminToken), telemetryTo(portOffset));
        // the key-encryption key of the users' personal data, apart from the data
        processes.add(service(paths, USERS, USERS, users, with(token,
                Map.of("SECRETS_DIR", paths.secrets().resolve(USERS).toString()))));
        processes.add(service(paths, "catalog", "catalog", catalog, token));
        processes.add(service(paths, "payments-1", "payments", payments1, token));
        processes.add(service(paths, "payments-2", "payments", payments2, token));
        processes.add(process(paths, BROKER, BROKER, broker, "broker/target/broker.jar", with(token, Map.of(
                "BROKER_PORT", Integer.toString(broker)))));
        Map<String, String> messaging = with(token, Map.of("MESSAGING_BROKER_URL", "tcp://127.0.0.1:" + broker));
        processes.add(service(paths, "orders", "orders", orders, with(messaging, Map.of(
                "ORDERS_USERS_URL", url(scheme, users),
                "ORDERS_CATALOG_URL", url(scheme, catalog),
                "ORDERS_PAYMENTS_URL", url(scheme, payments1) + "," + url(scheme, payments2)))));
        processes.add(service(paths, "shipping", "shipping", shipping, messaging));
        // the token issuer: its identifier is its address, fixed in its configuration, and the gateway finds its keys
        // from its metadata
        processes.add(process(paths, AUTH, AUTH, auth, "auth/target/auth.jar", with(token, Map.of(
                "AUTH_ISSUER", url(auth)))));
        // the gateway stays on C1 like the services: C2 took it from 0.43 to 0.61 of nginx's throughput but cost a
        // sandbox 1.3 s more CPU at start and 1.4 s in its first 20 s of traffic, and three sandboxes on two cores
        // then failed latency checks (bench/RESULTS.md, "The gateway against its own floor")
        processes.add(withoutOptions(process(paths, "gateway", "gateway", 8080 + portOffset, "gateway/target/gateway.jar",
                with(token, Map.of(
                        "GATEWAY_UPSTREAMS_USERS", url(scheme, users),
                        "GATEWAY_UPSTREAMS_CATALOG", url(scheme, catalog),
                        "GATEWAY_UPSTREAMS_ORDERS", url(scheme, orders),
                        "GATEWAY_UPSTREAMS_SHIPPING", url(scheme, shipping),
                        "GATEWAY_UPSTREAMS_PAYMENTS", url(scheme, payments1) + "," + url(scheme, payments2),
                        "GATEWAY_AUTH_DISCOVERY", url(auth) + "/.well-known/oauth-authorization-server"))), HEAP_FREE_RATIOS));
        if (tls != TlsMode.OFF) {
            PkiLayout pki = SandboxPki.layout(paths);
            processes.replaceAll(spec -> withEnv(spec, Map.of(
                    TLS_MODE, tls.toString(), TLS_DIR, pki.instance(spec.name()).toString())));
            processes.replaceAll(spec -> !spec.name().equals(GATEWAY) ? spec : withEnv(spec, Map.of(
                    TLS_HTTPS_PORT, Integer.toString(HTTPS_PORT + portOffset))));
        }
        processes.addFirst(withOptions(process(paths, CONSOLE, CONSOLE, CONSOLE_PORT + portOffset, "console/target/console.jar", Map.of(
                "FAULTLINE_ADMIN_TOKEN", adminToken,
                "FAULTLINE_PROCESSES", processes.stream().map(p -> p.name() + "=" + p.service() + ":" + p.port() + ":"
                        + p.adminPort()).collect(java.util.stream.Collectors.joining(",")),
                "FAULTLINE_HOME", paths.home().toString(),
                "FAULTLINE_STATE_DIR", paths.state().toString(),
                "CONSOLE_OTLP_PORT", Integer.toString(OTLP_PORT + portOffset))), CONSOLE_HEAP));
        return new Topology(processes);
    }

    /**
     * A process with JVM options of its own after a service's (the last of a flag wins): the console's heap keeps the
     * sandbox's recent traces and logs.
     */
    private static ProcessSpec withOptions(ProcessSpec spec, String option) {
        List<String> jvmOptions = new ArrayList<>(spec.jvmOptions());
        jvmOptions.add(option);
        return spec.withJvmOptions(jvmOptions);
    }

    /** A process with more environment. */
    private static ProcessSpec withEnv(ProcessSpec spec, Map<String, String> more) {
        return new ProcessSpec(spec.name(), spec.service(), spec.port(), spec.adminPort(), spec.jar(),
                with(spec.env(), more), spec.jvmOptions());
    }

    /** A process without some of a service's JVM options. */
    private static ProcessSpec withoutOptions(ProcessSpec spec, List<String> options) {
        return spec.withJvmOptions(spec.jvmOptions().stream().filter(option -> !options.contains(option)).toList());
    }

    /**
     * The same sandbox with the console listening on {@code host} (e.g. 0.0.0.0 for a workshop room's projector
     * machine) instead of the loopback; it then asks every request for the admin token.
     */
    public Topology withConsoleOn(String host) {
        List<ProcessSpec> changed = processes.stream().map(spec -> {
            if (!spec.name().equals(CONSOLE)) {
                return spec;
            }
            Map<String, String> env = new LinkedHashMap<>(spec.env());
            env.put("SERVER_HOST", host);
            env.put("CONSOLE_REQUIRE_TOKEN", "true");
            return new ProcessSpec(spec.name(), spec.service(), spec.port(), spec.adminPort(), spec.jar(), env,
                    spec.jvmOptions());
        }).toList();
        return new Topology(changed);
    }

    /** How much of the sandbox speaks TLS, as its processes were told. */
    public TlsMode tls() {
        return processes.stream().map(p -> p.env().get(TLS_MODE)).filter(java.util.Objects::nonNull)
                .map(TlsMode::parse).findFirst().orElse(TlsMode.OFF);
    }

    /** The processes that hold a certificate of the sandbox's PKI (none with TLS off). */
    public List<ProcessSpec> withCertificates() {
        return processes.stream().filter(p -> p.env().containsKey(TLS_DIR)).toList();
    }

    /** The gateway's HTTPS port, under TLS. */
    public java.util.Optional<Integer> httpsPort() {
        return tls() == TlsMode.OFF ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(process(GATEWAY).env().get(TLS_HTTPS_PORT)).map(Integer::parseInt);
    }

    /**
     * Where a process's API is, as its callers reach it: the broker speaks Artemis's core protocol, and under mtls the
     * services behind the gateway speak HTTPS (the addresses orders and the gateway are given).
     */
    public String apiUrl(String name) {
        ProcessSpec spec = process(name);
        if (spec.name().equals(BROKER)) {
            return "tcp://127.0.0.1:" + spec.port();
        }
        boolean mutual = tls().mutual() && !spec.name().equals(CONSOLE) && !spec.service().equals(AUTH)
                && !spec.service().equals(GATEWAY);
        return url(mutual ? "https" : "http", spec.port());
    }

    /** The console's address. */
    public ProcessSpec console() {
        return process(CONSOLE);
    }

    /** A process of the sandbox by its name. */
    public ProcessSpec process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No process " + name + " in the sandbox"));
    }

    /** The processes of the shop itself: everything but the console. */
    public List<ProcessSpec> shop() {
        return processes.stream().filter(p -> !p.name().equals(CONSOLE)).toList();
    }

    /**
     * Where the shop's processes export traces and logs: the console's receiver, unless the environment names a
     * collector of its own (OTEL_EXPORTER_OTLP_ENDPOINT is then inherited as it is).
     */
    private static Map<String, String> telemetryTo(int portOffset) {
        String configured = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        return configured != null && !configured.isBlank() ? Map.of()
                : Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", url(OTLP_PORT + portOffset));
    }

    /** Every port the sandbox listens on, API and admin. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        processes.forEach(process -> {
            ports.add(process.port());
            ports.add(process.adminPort());
        });
        httpsPort().ifPresent(ports::add);
        return ports;
    }

    /** The process listening on a port, for error messages. */
    public String owner(int port) {
        if (httpsPort().filter(https -> https == port).isPresent()) {
            return GATEWAY + " https";
        }
        return processes.stream()
                .filter(process -> process.port() == port || process.adminPort() == port)
                .map(process -> process.name() + (process.port() == port ? "" : " admin"))
                .findFirst()
                .orElse("?");
    }

    private static ProcessSpec service(SandboxPaths paths, String name, String service, int port, Map<String, String> extra) {
        return process(paths, name, service, port, "services/" + service + "/target/" + service + ".jar", extra);
    }

    private static ProcessSpec process(SandboxPaths paths, String name, String service, int port, String jar,
                                       Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_HOST", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("ADMIN_PORT", Integer.toString(port + AdminApi.PORT_DISTANCE));
        env.put("DATA_DIR", paths.data().resolve(service).toString());
        env.put("OTEL_SERVICE_NAME", service);
        env.put("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + name);
        env.put("FAULTLINE_INSTANCE", name);
        env.put(SettingsFile.VARIABLE, paths.settings().resolve(SettingsFile.name(service)).toString());
        env.putAll(extra);
        return new ProcessSpec(name, service, port, port + AdminApi.PORT_DISTANCE, jar, env, LOCAL_JVM_OPTIONS);
    }

    private static Map<String, String> with(Map<String, String> first, Map<String, String> second) {
        Map<String, String> both = new LinkedHashMap<>(first);
        both.putAll(second);
        return both;
    }

    private static String url(int port) {
        return url("http", port);
    }

    private static String url(String scheme, int port) {
        return scheme + "://127.0.0.1:" + port;
    }
}
