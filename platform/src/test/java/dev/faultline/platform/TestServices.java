package dev.faultline.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.faultline.platform.data.Database;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** Test support: a service's production configuration, moved to free ports and a fresh data directory. */
public final class TestServices {

    private TestServices() {
    }

    /** A new, empty data directory. */
    public static Path dataDir(String service) {
        try {
            return Files.createTempDirectory("faultline-" + service + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service's {@code application.yaml} with ports 0 (free), the given data directory, and overrides as
     * alternating keys and values.
     */
    public static Config config(Path dataDir, String... overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("server.host", "127.0.0.1");
        values.put("server.port", "0");
        values.put("admin.port", "0");
        values.put("data.dir", dataDir.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml").optional())
                .build();
    }

    /**
     * Runs a service on free ports over the given data directory for the duration of {@code work}, then stops
     * it and closes its database, as a process restart would.
     */
    public static <T> T withServer(Path dataDir, String name, String schema, ServiceServer.ApiRegistration api,
                                   Function<Http1Client, T> work, String... overrides) {
        try (Database database = Database.open(dataDir, name, schema)) {
            WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
            ServiceServer.configure(builder, config(dataDir, overrides), database, api);
            WebServer server = builder.build().start();
            try {
                return work.apply(Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build());
            } finally {
                server.stop();
            }
        }
    }
}
