package dev.faultline.platform.peer;

import java.net.URI;
import java.time.Duration;

import io.helidon.config.Config;

/**
 * Where a peer service is and how long to wait for it.
 *
 * @param url            base URL of the peer
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for a response
 */
public record PeerSettings(URI url, Duration connectTimeout, Duration readTimeout) {

    /**
     * Reads {@code <key>.url}, {@code <key>.connect-timeout} and {@code <key>.read-timeout}; a missing URL is an
     * error naming the key and the environment variable that sets it.
     */
    public static PeerSettings from(Config config, String key) {
        Config node = config.get(key);
        String url = node.get("url").asString().orElseThrow(() -> new IllegalStateException(
                key + ".url is missing; set " + key.toUpperCase().replace('.', '_').replace('-', '_') + "_URL"));
        return new PeerSettings(URI.create(url),
                node.get("connect-timeout").as(Duration.class).orElse(Duration.ofSeconds(1)),
                node.get("read-timeout").as(Duration.class).orElse(Duration.ofSeconds(5)));
    }
}
