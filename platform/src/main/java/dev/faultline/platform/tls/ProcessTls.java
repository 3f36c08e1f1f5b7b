package dev.faultline.platform.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.pki.CertificateAuthority;
import dev.faultline.pki.IssuedCertificate;
import dev.faultline.pki.TlsMode;
import dev.faultline.pki.WorkloadIdentity;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's TLS, from its {@code tls} settings: which of its sockets speak TLS, what its clients present, and the
 * certificate behind both, re-read when the launcher re-issues it (the file changes) and swapped in without a
 * restart: connections open keep their session, new ones get the new certificate.
 * <ul>
 *     <li>A service with {@link CallerRules} (users, catalog, payments, orders, shipping) requires under mtls a client
 *     certificate from the sandbox's authority on its API socket, TLS 1.3 only.</li>
 *     <li>A process with {@code tls.https.port} (the gateway) serves HTTPS there under edge and mtls, TLS 1.3 only,
 *     no client certificate asked: outside callers are known by their tokens and keys.</li>
 *     <li>Under mtls every upstream client presents the process's certificate and checks the server's name.</li>
 * </ul>
 * Admin sockets stay plain on the loopback behind the admin token.
 */
public final class ProcessTls implements AutoCloseable {

    /** The name of the socket that serves HTTPS to outside callers. */
    public static final String HTTPS_SOCKET = "https";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTls.class);
    /** TLS 1.3 only: no version, cipher or renegotiation choice left to get wrong (RFC 8446, RFC 9325). */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3");

    private final String name;
    private final TlsMode mode;
    private final Optional<Path> directory;
    private final CallerRules callers;
    private final int httpsPort;
    private final Duration reloadInterval;
    private final List<String> ciphers;
    private final Counter reloads;
    private final List<Registration> sockets = new CopyOnWriteArrayList<>();
    /** Run when a certificate fault starts: what closes the connections made with the process's own certificate. */
    private final List<Runnable> onFault = new CopyOnWriteArrayList<>();
    /** The certificate the launcher issued, as last read. */
    private volatile TlsMaterial material;
    /** What the sockets and clients present: {@link #material}, or a certificate fault's while one lasts. */
    private volatile TlsMaterial presented;
    private boolean faulted;
    /** Whether a listener of this process that is not its HTTP API (the broker's acceptor) requires client certificates. */
    private volatile boolean mutualAcceptor;
    /** The certificate as key stores, for the broker's acceptor and clients (Artemis); made on first asking. */
    private KeyStoreFiles keyStores;
    private final Tls client;
    private ScheduledExecutorService watcher;

    private ProcessTls(String name, TlsMode mode, Optional<Path> directory, CallerRules callers, int httpsPort,
                       Duration reloadInterval, List<String> ciphers, MeterRegistry meters) {
        this.name = name;
        this.mode = mode;
        this.directory = directory;
        this.callers = callers;
        this.httpsPort = httpsPort;
        this.reloadInterval = reloadInterval;
        this.ciphers = List.copyOf(ciphers);
        this.material = directory.filter(dir -> mode != TlsMode.OFF).map(TlsMaterial::read).orElse(null);
        this.presented = material;
        this.client = mode.mutual() ? clientTls(material) : null;
        this.reloads = Counter.builder(TelemetryNames.TLS_RELOADS)
                .description("Times this process swapped in a re-issued certificate without a restart")
                .register(meters);
        if (material != null) {
            Gauge.builder(TelemetryNames.TLS_CERTIFICATE_EXPIRY, this, tls -> tls.presented.notAfter().getEpochSecond())
                    .description("When the TLS certificate this process presents expires (Unix time)")
                    .baseUnit("seconds")
                    .register(meters);
            Gauge.builder(TelemetryNames.TLS_CLIENT_CERTIFICATES_REQUIRED, this,
                            tls -> tls.mutualApi() || tls.mutualAcceptor ? 1 : 0)
                    .description("1 when this process's API or acceptor requires a client certificate from the sandbox's authority")
                    .register(meters);
        }
    }

    /** Says that a listener of the process's own (the broker's acceptor) requires client certificates. */
    public void mutualAcceptor() {
        mutualAcceptor = true;
    }

    /**
     * The TLS of a process from its {@code tls} node: {@code mode}, {@code dir} (its directory of the sandbox's PKI;
     * needed unless the mode is off), {@code https.port}, {@code callers}, {@code reload-interval} and {@code ciphers}
     * (TLS 1.3 suites, in order of preference; the JDK's when empty).
     *
     * @throws IllegalArgumentException when the mode is not one of the three, or TLS is on without a directory
     */
    public static ProcessTls create(String name, Config tls, MeterRegistry meters) {
        TlsMode mode = TlsMode.parse(tls.get("mode").asString().orElse(TlsMode.OFF.toString()));
        Optional<Path> directory = tls.get("dir").asString().filter(dir -> !dir.isBlank()).map(Path::of);
        if (mode != TlsMode.OFF && directory.isEmpty()) {
            throw new IllegalArgumentException("tls.mode is " + mode + " but tls.dir names no certificate directory");
        }
        return new ProcessTls(name, mode, directory, CallerRules.from(tls.get("callers")),
                tls.get("https.port").asInt().orElse(0),
                tls.get("reload-interval").as(Duration.class).orElse(Duration.ofSeconds(2)),
                tls.get("ciphers").asList(String.class).orElse(List.of()), meters);
    }

    /** TLS off: what a test that does not care gets. */
    public static ProcessTls off(String name, MeterRegistry meters) {
        return new ProcessTls(name, TlsMode.OFF, Optional.empty(), CallerRules.NONE, 0, Duration.ofSeconds(2), List.of(),
                meters);
    }

    public TlsMode mode() {
        return mode;
    }

    /** Who may call this service under mtls. */
    public CallerRules callers() {
        return callers;
    }

    /** Whether the API socket requires a client certificate (mtls, and a service with caller rules). */
    public boolean mutualApi() {
        return mode.mutual() && !callers.isEmpty();
    }

    /** The API socket's TLS when it requires client certificates. */
    public Optional<Tls> apiSocket() {
        return mutualApi() ? Optional.of(serverTls(presented, TlsClientAuth.REQUIRED)) : Optional.empty();
    }

    /** The port of the HTTPS socket for outside callers, when this process has one and TLS is on. */
    public Optional<Integer> httpsPort() {
        return mode.servesHttps() && httpsPort > 0 ? Optional.of(httpsPort) : Optional.empty();
    }

    /** The HTTPS socket's TLS: no client certificate asked. */
    public Tls httpsSocket() {
        return serverTls(presented, TlsClientAuth.NONE);
    }

    /** What every upstream client of this process presents under mtls; nothing otherwise. */
    public Optional<Tls> client() {
        return Optional.ofNullable(client);
    }

    /**
     * Starts watching the certificate: when the launcher writes a new one, the server's TLS sockets and the clients
     * take it on. Call once the server has started.
     */
    public synchronized void watch(WebServer server) {
        if (material == null) {
            return;
        }
        if (mutualApi()) {
            sockets.add(new Registration(server, WebServer.DEFAULT_SOCKET_NAME, TlsClientAuth.REQUIRED));
        }
        if (httpsPort().isPresent()) {
            sockets.add(new Registration(server, HTTPS_SOCKET, TlsClientAuth.NONE));
        }
        if (watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name + "-tls").factory());
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, reloadInterval.toMillis(), reloadInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Whether this process holds a certificate (TLS is not off). */
    public boolean enabled() {
        return material != null;
    }

    /**
     * Presents, until the returned handle is closed, the expired certificate the sandbox's authority issued this
     * process (what a failed renewal leaves): peers that check it refuse the handshake.
     */
    public AutoCloseable presentExpired() {
        return present(TlsMaterial.readExpired(requireDirectory()));
    }

    /**
     * Presents, until the returned handle is closed, a certificate for the same service from an authority of its own
     * making (a process set up with the wrong authority): peers that check it refuse the handshake.
     */
    public AutoCloseable presentUntrusted() {
        TlsMaterial real = material;
        String service = WorkloadIdentity.service(real.chain().getFirst()).orElse(name);
        Instant now = Instant.now().minus(Duration.ofMinutes(5));
        IssuedCertificate stranger = CertificateAuthority.create("a stranger's CA", now, Duration.ofDays(1))
                .issue(service, now, Duration.ofDays(1));
        return present(real.presenting(stranger.chain(), stranger.key()));
    }

    /**
     * Something to run when a certificate fault starts: the API listener closes its connections, since a peer checks a
     * certificate at the handshake only and would go on using connections made before the fault.
     */
    public void onFault(Runnable action) {
        onFault.add(action);
    }

    private synchronized AutoCloseable present(TlsMaterial fault) {
        if (material == null) {
            throw new IllegalStateException(name + " has no certificate: TLS is off");
        }
        faulted = true;
        swapIn(fault);
        onFault.forEach(Runnable::run);
        // debug only: a mystery's hidden fault must not name itself in the logs a learner reads
        LOG.debug("{} presents another certificate (serial {}, valid until {})", name, fault.serial(), fault.notAfter());
        return () -> {
            synchronized (this) {
                faulted = false;
                swapIn(material);
                LOG.debug("{} presents its own certificate again (serial {})", name, material.serial());
            }
        };
    }

    /** Re-reads the certificate if it was re-issued, and swaps it in everywhere it is used (after a fault, if one lasts). */
    synchronized void reloadIfChanged() {
        try {
            TlsMaterial current = material;
            TlsMaterial read = TlsMaterial.read(requireDirectory());
            if (read.modified().equals(current.modified()) && read.chain().equals(current.chain())) {
                return;
            }
            material = read;
            if (!faulted) {
                swapIn(read);
            }
            reloads.increment();
            LOG.info("{} took on its re-issued certificate (serial {}, valid until {})", name, read.serial(),
                    read.notAfter());
        } catch (RuntimeException e) {
            // a certificate caught half-written or unreadable: keep the one in use and look again next time
            LOG.warn("{} could not re-read its certificate: {}", name, e.getMessage());
        }
    }

    /**
     * Under mtls, this process's certificate as PKCS#12 stores beside it (in its PKI directory, owner-only), for
     * Artemis; kept up to date with what the process presents. Empty unless mtls.
     */
    public synchronized Optional<KeyStoreFiles> keyStores() {
        if (!mode.mutual() || presented == null) {
            return Optional.empty();
        }
        if (keyStores == null) {
            byte[] secret = new byte[24];
            new java.security.SecureRandom().nextBytes(secret);
            keyStores = KeyStoreFiles.in(requireDirectory().resolve("artemis"),
                    java.util.HexFormat.of().formatHex(secret));
            keyStores.write(presented);
        }
        return Optional.of(keyStores);
    }

    private void swapIn(TlsMaterial shown) {
        presented = shown;
        if (keyStores != null) {
            keyStores.write(shown);
        }
        for (Registration socket : sockets) {
            socket.server().reloadTls(socket.name(), serverTls(shown, socket.clientAuth()));
        }
        if (client != null) {
            client.reload(clientTls(shown));
        }
    }

    private Path requireDirectory() {
        return directory.orElseThrow(() -> new IllegalStateException(name + " has no certificate directory"));
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private Tls serverTls(TlsMaterial material, TlsClientAuth clientAuth) {
        var builder = Tls.builder()
                .privateKey(material.key())
                .privateKeyCertChain(material.chain())
                .enabledProtocols(PROTOCOLS)
                .clientAuth(clientAuth)
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE);
        if (clientAuth != TlsClientAuth.NONE) {
            builder.trust(List.of(material.trusted()));
        }
        if (!ciphers.isEmpty()) {
            builder.enabledCipherSuites(ciphers);
        }
        return builder.build();
    }

    private Tls clientTls(TlsMaterial material) {
        var builder = Tls.builder()
                .privateKey(material.key())
                .privateKeyCertChain(material.chain())
                .trust(List.of(material.trusted()))
                .enabledProtocols(PROTOCOLS)
                // the server's certificate must name the host called: 127.0.0.1 locally, the service in compose
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_HTTPS);
        if (!ciphers.isEmpty()) {
            builder.enabledCipherSuites(ciphers);
        }
        return builder.build();
    }

    private record Registration(WebServer server, String name, TlsClientAuth clientAuth) {
    }
}
