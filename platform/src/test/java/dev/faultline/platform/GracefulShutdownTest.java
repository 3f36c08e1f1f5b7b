package dev.faultline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.ApiRoutes;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stopLetsAnInFlightRequestFinish() throws Exception {
        Path data = TestServices.dataDir("shutdown");
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Database database = TestServices.database(data, "shutdown", "platform-test-schema.sql")) {
            WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
            ServiceServer.configure(builder, TestServices.context("shutdown", TestServices.config(data)), database, (routing, db) -> routing.register(rules ->
                    ApiRoutes.create().get("/slow", (req, res) -> {
                        inHandler.countDown();
                        release.await(10, TimeUnit.SECONDS);
                        res.send("finished");
                    }).registerOn(rules)));
            WebServer server = builder.build().start();
            try (HttpClient client = HttpClient.newHttpClient()) {
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
                release.countDown();
                stopping.get(15, TimeUnit.SECONDS);

                HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("finished");
                assertThat(server.isRunning()).isFalse();
            }
        }
    }
}
