package dev.faultline.orders;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test support: the orders service as a real process of its own (this test's classpath, its production
 * {@code Main}), so that a crash is a real {@code kill -9} at whatever point the saga is, and a restart runs the
 * real start-up over the same database and ports.
 */
final class OrdersProcess implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> settings;
    private final int port;
    private final int adminPort;
    private int starts;
    private Process process;

    /**
     * @param dataDir  orders' data directory, kept across restarts
     * @param settings configuration keys and values (peer URLs and the like)
     */
    OrdersProcess(Path dataDir, Map<String, String> settings) {
        this.dataDir = dataDir;
        this.settings = Map.copyOf(settings);
        this.port = dev.faultline.platform.TestServices.freePortForRestarts();
        int admin;
        do {
            admin = dev.faultline.platform.TestServices.freePortForRestarts();
        } while (admin == port);
        this.adminPort = admin;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until it is ready. */
    synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx128m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-Dserver.port=" + port);
        command.add("-Dadmin.port=" + adminPort);
        command.add("-Ddata.dir=" + dataDir);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("orders-" + starts++ + ".log").toFile()));
        builder.environment().put("OTEL_SDK_DISABLED", "true");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("orders exited with " + started.exitValue() + "; see " + dataDir);
                    }
                    return ready();
                });
    }

    /** Kills the process at once, as a crash would: no shutdown hook, no graceful end. */
    synchronized void crash() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        crash();
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + adminPort + "/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(1_000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
