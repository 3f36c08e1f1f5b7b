package dev.faultline.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.faultline.auth.Main;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * The real auth process (its production set-up and its own application.yaml) on a free port, its issuer identifier
 * its address, for the gateway's tests: tokens from its demo clients, and a stop to play an outage.
 */
final class RealIssuer implements AutoCloseable {

    private static final String ADMIN_TOKEN = "test-admin-token";

    private final int port = TestServices.freePortForRestarts();
    private final WebServer server;

    RealIssuer(String dataDir) {
        ProcessContext context = TestServices.context("auth", TestServices.config(Main.class, TestServices.dataDir(dataDir),
                "server.port", Integer.toString(port), "auth.issuer", "http://127.0.0.1:" + port,
                "faultline.admin.token", ADMIN_TOKEN));
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, context, Main.parts(context));
        server = builder.build().start();
    }

    /** The gateway's settings that find this issuer by its metadata address only, in front of one upstream. */
    String[] gatewaySettings(Upstream upstream) {
        return new String[] {"gateway.auth.discovery", "http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server",
                "gateway.upstreams.users", upstream.url(), "gateway.upstreams.catalog", upstream.url(),
                "gateway.upstreams.orders", upstream.url(), "gateway.upstreams.shipping", upstream.url()};
    }

    /** An access token for a client, by the client credentials grant. */
    String token(String client, String secret) {
        Http1Client http = Http1Client.builder().baseUri("http://127.0.0.1:" + port).build();
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return Json.parse(http.post("/token").header(HeaderNames.AUTHORIZATION, "Basic " + basic)
                .contentType(HttpMediaType.create("application/x-www-form-urlencoded"))
                .submit("grant_type=client_credentials").as(String.class)).path("access_token").asText();
    }

    /** Rotates the signing key on the admin socket, the new key signing after the lead; answers the new kid. */
    String rotate(Duration lead) {
        Http1Client admin = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port(ServiceServer.ADMIN_SOCKET))
                .build();
        try (Http1ClientResponse response = admin.post(AdminApi.KEYS_ROTATE)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .contentType(HttpMediaType.create("application/json"))
                .submit("{\"leadSeconds\": " + lead.toSeconds() + "}")) {
            String body = response.as(String.class);
            if (response.status().code() != 200) {
                throw new IllegalStateException("The rotation was refused: " + body);
            }
            return Json.parse(body).path("kid").asText();
        }
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}
