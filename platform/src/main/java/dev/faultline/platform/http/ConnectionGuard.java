package dev.faultline.platform.http;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.faultline.observability.TelemetryNames;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Helidon 4.5 leaves open on a listener: it applies no read timeout inside a request, and a connection over
 * {@code max-tcp-connections} waits in the kernel's backlog instead of being refused. The guard sees every
 * connection as it is accepted (through the listener's socket options), and
 * <ul>
 *   <li>refuses connections beyond {@code max} at once (closed with a reset), so a flood costs the heap nothing;</li>
 *   <li>closes a connection whose request has not fully arrived within the deadline: its request line and headers,
 *       counted from the connection's acceptance (or, on a kept-alive connection, from its request line), and its
 *       body, counted from when a handler starts reading it (see {@link #readingBody}).</li>
 * </ul>
 * Between requests, Helidon's own {@code idle-connection-timeout} applies. A body that no handler reads is drained
 * by Helidon after the response, without this deadline.
 */
public final class ConnectionGuard implements Http1ConnectionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final String listener;
    private final int max;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private final Map<SocketAddress, Tracked> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final Counter refused;
    private final Counter cut;

    private ConnectionGuard(String listener, int max, Duration deadline, MeterRegistry meters, LongSupplier nanoTime) {
        this.listener = listener;
        this.max = max;
        this.deadlineNanos = deadline.toNanos();
        this.nanoTime = nanoTime;
        this.refused = Counter.builder(TelemetryNames.CONNECTIONS_REFUSED).tag("listener", listener)
                .description("Connections refused at once because the listener held its maximum").register(meters);
        this.cut = Counter.builder(TelemetryNames.CONNECTIONS_CUT).tag("listener", listener)
                .description("Connections closed because their request did not arrive within the deadline")
                .register(meters);
        Gauge.builder(TelemetryNames.CONNECTIONS_OPEN, connections, Map::size).tag("listener", listener)
                .description("Connections open on the listener").register(meters);
        long period = Math.max(10, Math.min(250, deadline.toMillis() / 4));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("connection-guard-" + listener).factory());
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A guard for one listener.
     *
     * @param listener names the listener in metrics and logs
     * @param max      connections held at once; more are refused
     * @param deadline how long a request may take to arrive
     */
    public static ConnectionGuard create(String listener, int max, Duration deadline, MeterRegistry meters) {
        if (max < 1 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("connections.max must be at least 1 and connections.request-deadline "
                    + "longer than zero; got " + max + " and " + deadline);
        }
        return new ConnectionGuard(listener, max, deadline, meters, System::nanoTime);
    }

    /** The listener's socket options, with the guard seeing each accepted connection first. */
    public SocketOptions socketOptions(SocketOptions options) {
        return new GuardedOptions(options);
    }

    /** Puts the guard in each request's context, for {@link #readingBody}. */
    public Filter filter() {
        return (chain, req, res) -> {
            req.context().register(this);
            chain.proceed();
        };
    }

    /**
     * Reads a request's body under the deadline, counted from when the read starts: a client that trickles it is
     * cut off when the time is up, and the read fails. Without a guard (a test routing), it simply reads.
     */
    public static <T> T readingBody(ServerRequest req, Supplier<T> read) {
        Optional<ConnectionGuard> guard = req.context().get(ConnectionGuard.class);
        if (guard.isEmpty()) {
            return read.get();
        }
        Tracked tracked = guard.get().connections.get(req.remotePeer().address());
        if (tracked != null) {
            // A handler may start reading long after the head arrived (a latency fault held it): the body gets
            // the deadline from here, so a body that is already there is never cut for the handler's delay.
            long fresh = guard.get().nanoTime.getAsLong() + guard.get().deadlineNanos;
            if (tracked.due == Long.MAX_VALUE || fresh - tracked.due > 0) {
                tracked.due = fresh;
            }
            tracked.readingBody = true;
        }
        try {
            return read.get();
        } finally {
            if (tracked != null) {
                tracked.readingBody = false;
                tracked.due = Long.MAX_VALUE;
            }
        }
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        Tracked tracked = connections.get(ctx.remotePeer().address());
        if (tracked != null && tracked.due == Long.MAX_VALUE) {
            tracked.due = nanoTime.getAsLong() + deadlineNanos;
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Tracked tracked = connections.get(ctx.remotePeer().address());
        if (tracked != null && !tracked.readingBody) {
            // The head arrived. A body is only waited for while a handler reads it (readingBody).
            tracked.keepDueForBody = headers.contains(HeaderNames.CONTENT_LENGTH)
                    || headers.contains(HeaderNames.TRANSFER_ENCODING);
            if (!tracked.keepDueForBody) {
                tracked.due = Long.MAX_VALUE;
            }
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        Tracked tracked = connections.get(ctx.remotePeer().address());
        if (tracked != null && !tracked.readingBody) {
            tracked.due = Long.MAX_VALUE;
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /**
     * Closes every connection open now, as a listener that restarts does: what a certificate fault needs, since TLS
     * checks a certificate at the handshake only, and callers would otherwise go on using connections made before it.
     */
    public void closeAll() {
        connections.forEach((remote, tracked) -> {
            try {
                tracked.channel.close();
            } catch (IOException e) {
                LOG.trace("Closing a connection failed", e);
            }
            connections.remove(remote, tracked);
        });
    }

    private void accepted(SocketChannel channel) {
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            throw new IllegalStateException("an accepted connection has no remote address", e);
        }
        if (connections.size() >= max) {
            connections.values().removeIf(tracked -> !tracked.channel.isOpen());
        }
        if (connections.size() >= max) {
            refused.increment();
            try {
                // a reset, not a FIN: the client learns at once that it was refused
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                LOG.trace("Could not set SO_LINGER on a refused connection", e);
            }
            // Helidon closes a connection whose set-up throws, and logs it at TRACE only
            throw new IllegalStateException(listener + " holds " + max + " connections; refused " + remote);
        }
        connections.put(remote, new Tracked(channel, nanoTime.getAsLong() + deadlineNanos));
    }

    private void sweep() {
        long now = nanoTime.getAsLong();
        connections.forEach((remote, tracked) -> {
            if (!tracked.channel.isOpen()) {
                connections.remove(remote, tracked);
            } else if (now - tracked.due > 0 && (tracked.readingBody || !tracked.keepDueForBody)) {
                cut.increment();
                LOG.info("Closing the connection from {} on {}: its request did not arrive within {} ms", remote,
                        listener, Duration.ofNanos(deadlineNanos).toMillis());
                try {
                    tracked.channel.close();
                } catch (IOException e) {
                    LOG.trace("Closing a late connection failed", e);
                }
                connections.remove(remote, tracked);
            }
        });
    }

    /** One open connection and when its request must have arrived ({@code Long.MAX_VALUE}: not waiting). */
    private static final class Tracked {

        final SocketChannel channel;
        volatile long due;
        /** Its head announced a body: the deadline waits to see whether a handler reads it. */
        volatile boolean keepDueForBody;
        volatile boolean readingBody;

        Tracked(SocketChannel channel, long due) {
            this.channel = channel;
            this.due = due;
        }
    }

    /** The listener's own options, plus the guard's look at every accepted connection. */
    private final class GuardedOptions implements SocketOptions {

        private final SocketOptions options;

        GuardedOptions(SocketOptions options) {
            this.options = options;
        }

        @Override
        public void configureSocket(SocketChannel socket) {
            options.configureSocket(socket);
            accepted(socket);
        }

        @Override
        public void configureSocket(java.net.Socket socket) {
            options.configureSocket(socket);
        }

        @Override
        public Map<SocketOption<?>, Object> socketOptions() {
            return options.socketOptions();
        }

        @Override
        public Duration connectTimeout() {
            return options.connectTimeout();
        }

        @Override
        public Duration readTimeout() {
            return options.readTimeout();
        }

        @Override
        public Optional<Integer> socketReceiveBufferSize() {
            return options.socketReceiveBufferSize();
        }

        @Override
        public Optional<Integer> socketSendBufferSize() {
            return options.socketSendBufferSize();
        }

        @Override
        public boolean socketReuseAddress() {
            return options.socketReuseAddress();
        }

        @Override
        public boolean socketKeepAlive() {
            return options.socketKeepAlive();
        }

        @Override
        public boolean tcpNoDelay() {
            return options.tcpNoDelay();
        }
    }
}
