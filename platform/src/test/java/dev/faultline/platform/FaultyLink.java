package dev.faultline.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test support: a loopback TCP link to a server that breaks what passes through it, as a network and a crashing
 * peer do (after Toxiproxy). Each burst a client sends (with one request in flight per connection, a request) is
 * passed, delayed, cut before it reaches the server, or delivered with its answer lost on the way back; the link
 * can also go down (connections refused). Decisions come from one seeded {@link Random}, so a run repeats.
 */
public final class FaultyLink implements AutoCloseable {

    /** What the link does to requests. */
    public record Mix(double lose, double reset, double delay, long maxDelayMillis) {

        /** Everything passes. */
        public static final Mix CLEAN = new Mix(0, 0, 0, 0);
    }

    /** What the link did to one burst. */
    public enum Toxic { PASS, DELAY, RESET, LOSE_ANSWER }

    private final InetSocketAddress upstream;
    private final Random dice;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Toxic, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile Mix mix = Mix.CLEAN;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private FaultyLink(InetSocketAddress upstream, Random dice) {
        this.upstream = upstream;
        this.dice = dice;
        for (Toxic toxic : Toxic.values()) {
            counts.put(toxic, new AtomicLong());
        }
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** A link to a server on this machine. */
    public static FaultyLink to(int upstreamPort, Random dice) {
        return new FaultyLink(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), dice);
    }

    /** The link's base URL, to give the client instead of the server's. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Breaks requests from now on as the mix says. */
    public void breakWith(Mix mix) {
        this.mix = mix;
    }

    /** Cuts every open connection and refuses new ones, as a crashed peer would. */
    public synchronized void down() {
        ServerSocket current = listener;
        listener = null;
        quietly(current);
        open.forEach(FaultyLink::quietly);
    }

    /** Accepts connections again, on the same port. */
    public synchronized void up() {
        if (listener == null && !closed) {
            listener = listen(port);
            accept(listener);
        }
    }

    /** How many bursts met each toxic (faults applied). */
    public long count(Toxic toxic) {
        return counts.get(toxic).get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        down();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        Thread.ofVirtual().name("faulty-link-" + port).start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> serve(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket client) {
        Socket server = new Socket();
        open.add(client);
        open.add(server);
        try {
            server.connect(upstream, 1_000);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            Answer answer = new Answer();
            Thread back = Thread.ofVirtual().start(() -> pipeBack(server, client, answer));
            pipeForth(client, server, answer);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the link or one side closed: the other side sees it as a broken connection
        } finally {
            quietly(client);
            quietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    private void pipeForth(Socket client, Socket server, Answer answer) throws IOException, InterruptedException {
        InputStream in = client.getInputStream();
        OutputStream out = server.getOutputStream();
        byte[] buffer = new byte[16_384];
        for (int read; (read = in.read(buffer)) != -1; ) {
            Toxic toxic = roll();
            counts.get(toxic).incrementAndGet();
            switch (toxic) {
                case RESET -> {
                    return;
                }
                case DELAY -> Thread.sleep(delay());
                case LOSE_ANSWER -> answer.lose = true;
                case PASS -> { }
            }
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    private static void pipeBack(Socket server, Socket client, Answer answer) {
        try {
            InputStream in = server.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16_384];
            for (int read; (read = in.read(buffer)) != -1; ) {
                if (answer.lose) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // closed by the other direction
        } finally {
            quietly(client);
            quietly(server);
        }
    }

    private Toxic roll() {
        Mix now = mix;
        double roll;
        synchronized (dice) {
            roll = dice.nextDouble();
        }
        if (roll < now.lose()) {
            return Toxic.LOSE_ANSWER;
        }
        if (roll < now.lose() + now.reset()) {
            return Toxic.RESET;
        }
        if (roll < now.lose() + now.reset() + now.delay()) {
            return Toxic.DELAY;
        }
        return Toxic.PASS;
    }

    private long delay() {
        long max = mix.maxDelayMillis();
        synchronized (dice) {
            return max <= 0 ? 0 : dice.nextLong(max + 1);
        }
    }

    private static void quietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** Whether the answer to the request in flight is to be lost. */
    private static final class Answer {
        volatile boolean lose;
    }
}
