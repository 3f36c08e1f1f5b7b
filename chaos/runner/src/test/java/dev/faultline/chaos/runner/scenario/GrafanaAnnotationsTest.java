package dev.faultline.chaos.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner's annotations as Grafana's HTTP API receives them (a recording stand-in on 127.0.0.1). */
class GrafanaAnnotationsTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer grafana;
    private URI url;
    private int status = 200;

    @BeforeEach
    void start() throws IOException {
        grafana = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        grafana.createContext("/api/annotations", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (status == 200 ? "{\"id\": 42, \"message\": \"Annotation added\"}" : "{\"message\": \"denied\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        grafana.start();
        url = URI.create("http://127.0.0.1:" + grafana.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        grafana.stop(0);
    }

    @Test
    void aFaultIsARegionFromItsStartToItsEndTaggedForTheDashboards() throws IOException {
        GrafanaAnnotations annotations = new GrafanaAnnotations(url, "secret");
        long id = annotations.start(1_000, "Payment outage: payments-down (error on payments)", "error", "payments",
                "payment-outage");
        annotations.end(id, 21_000);

        assertThat(id).isEqualTo(42);
        assertThat(received).containsExactly(
                "POST /api/annotations Bearer secret {\"time\":1000,\"text\":\"Payment outage: payments-down (error on "
                        + "payments)\",\"tags\":[\"faultline\",\"chaos\",\"error\",\"payments\",\"scenario:payment-outage\"]}",
                "PATCH /api/annotations/42 Bearer secret {\"timeEnd\":21000}");
    }

    @Test
    void aRefusalIsReportedNotSwallowed() {
        status = 403;
        GrafanaAnnotations anonymous = new GrafanaAnnotations(url, "");
        assertThatThrownBy(() -> anonymous.start(1, "x", "error", "payments", "s"))
                .isInstanceOf(IOException.class).hasMessageContaining("403");
        assertThat(received).singleElement().asString().contains(" null ");
    }
}
