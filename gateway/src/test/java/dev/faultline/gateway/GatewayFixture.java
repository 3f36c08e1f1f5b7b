package dev.faultline.gateway;

import java.util.ArrayList;
import java.util.List;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import io.helidon.webclient.http1.Http1Client;
import io.opentelemetry.api.OpenTelemetry;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/** The production gateway, configured from its application.yaml plus overrides, in front of test upstreams. */
final class GatewayFixture implements AutoCloseable {

    static final String DEMO_KEY = "faultline-demo-key";

    final WebServer server;
    final Http1Client client;
    final Http1Client admin;

    /**
     * @param overrides alternating keys and values; active health checks are off unless given (the test upstreams
     *                  have no admin socket)
     */
    GatewayFixture(String... overrides) {
        this(Telemetry.create("gateway", OpenTelemetry.noop()), overrides);
    }

    /** A gateway whose telemetry is the given one (a test's in-memory spans). */
    GatewayFixture(Telemetry telemetry, String... overrides) {
        List<String> all = new ArrayList<>(List.of("discovery.health-interval", "PT0S"));
        all.addAll(List.of(overrides));
        var context = TestServices.context("gateway", TestServices.config(TestServices.dataDir("gateway"),
                all.toArray(String[]::new)), telemetry);
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, context, Main.parts(context));
        server = builder.build().start();
        client = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
        admin = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port(ServiceServer.ADMIN_SOCKET)).build();
    }

    /** A request with the demo key. */
    Http1ClientRequest get(String path) {
        return client.get(path).header(Admission.X_API_KEY, DEMO_KEY);
    }

    Http1ClientRequest post(String path) {
        return client.post(path).header(Admission.X_API_KEY, DEMO_KEY);
    }

    @Override
    public void close() {
        server.stop();
    }
}
