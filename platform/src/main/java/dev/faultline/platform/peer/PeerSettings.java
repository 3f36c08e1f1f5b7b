package dev.faultline.platform.peer;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.faultline.platform.ProcessConfig;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.resilience.ResilienceSettings;
import io.helidon.config.Config;

/**
 * Where a peer service's instances are, how long to wait for them, and the fault tolerance of calls to it.
 *
 * @param urls           base URLs of the peer's instances
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long a response may stall (the policy's timeout bounds each attempt)
 * @param resilience     timeout, retry, circuit breaker and bulkhead of calls to the peer
 */
public record PeerSettings(List<URI> urls, Duration connectTimeout, Duration readTimeout, ResilienceSettings resilience) {

    public PeerSettings {
        urls = List.copyOf(urls);
    }

    /**
     * Reads {@code <key>.url} (comma-separated for several instances), {@code <key>.connect-timeout},
     * {@code <key>.read-timeout} and {@code <key>.resilience} (over {@code resilience}, the caller's settings for every
     * peer); a missing URL is an error naming the key and the environment variable that sets it, a missing timeout
     * an error naming its key (the process's {@code application.yaml} states them).
     */
    public static PeerSettings from(Config config, String key, ResilienceSettings resilience) {
        Config node = config.get(key);
        String url = node.get("url").asString().orElseThrow(() -> new IllegalStateException(
                key + ".url is missing; set " + key.toUpperCase().replace('.', '_').replace('-', '_') + "_URL"));
        return new PeerSettings(Discovery.uris(url),
                ProcessConfig.required(node.get("connect-timeout"), Duration.class),
                ProcessConfig.required(node.get("read-timeout"), Duration.class),
                ResilienceSettings.from(node.get("resilience"), resilience));
    }
}
