package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous path end to end, through the real ./faultline script against a sandbox of its own: an order's
 * event reaches shipping with its trace (decoded from the processes' real OTLP exports), two library messaging
 * scenarios pass, and after each the invariant holds ({@code ./faultline check}: every confirmed order shipped once
 * or dead-lettered, no other shipped); the dead letters the poison scenario left replay into shipments, once.
 */
class MessagingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static OtlpReceiver otlp;
    private static FaultlineScript faultline;

    @BeforeAll
    static void up() throws Exception {
        otlp = OtlpReceiver.start(400);
        faultline = new FaultlineScript(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint()));
        FaultlineScript.Result up = faultline.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (faultline != null) {
            faultline.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void aShipmentsTraceReachesBackToTheOrderThatCausedIt() throws Exception {
        String user = post("users", "/users", "{\"name\": \"Grace\", \"email\": \"grace@example.com\"}").path("id").asText();
        JsonNode order = post("orders", "/orders", "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", "
                + "\"quantity\": 1}]}");
        assertThat(order.path("status").asText()).isEqualTo("CONFIRMED");
        String orderId = order.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("shipping", "/shipments?orderId=" + orderId)
                .path("items").size() == 1);

        // the consumer's span, exported by shipping, and the order's request span, exported by orders
        Span[] found = new Span[3];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found[0] = span("shipping", s -> s.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER).orElse(null);
            found[1] = span("orders", s -> s.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER).orElse(null);
            return found[0] != null && found[1] != null
                    && span("orders", s -> s.getSpanId().equals(found[1].getParentSpanId())).isPresent();
        });
        Span process = found[0];
        Span send = found[1];
        Span placed = span("orders", s -> s.getSpanId().equals(send.getParentSpanId())).orElseThrow();
        assertThat(process.getName()).isEqualTo("process orders.events");
        assertThat(send.getName()).isEqualTo("send orders.events");
        assertThat(placed.getKind()).as("the send continues the order's request").isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(process.getTraceId()).as("one trace from the order to its shipment").isEqualTo(placed.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(process.getLinksList()).extracting(link -> OtlpReceiver.hex(link.getSpanId()))
                .containsExactly(OtlpReceiver.hex(send.getSpanId()));
        assertThat(attributes(process)).containsEntry("messaging.system", "activemq")
                .containsEntry("messaging.destination.name", "orders.events")
                .containsEntry("messaging.operation.type", "process")
                .containsEntry("faultline.shipping.outcome", "created");
        assertThat(attributes(send)).containsEntry("messaging.operation.type", "send");
    }

    @Test
    void poisonMessagesAreDeadLetteredTheRestShipsAndAReplayShipsThemOnce() throws Exception {
        assertLibraryScenarioPasses("poison-message");
        FaultlineScript.Result check = faultline.run("check");
        assertThat(check.exitCode()).as(check.output()).isZero();
        int deadLetters = deadLetters().path("count").asInt();
        assertThat(deadLetters).as("a 50 % failure over three deliveries leaves some").isPositive();
        assertThat(check.output()).contains(deadLetters + " dead letters");

        HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(adminUri("shipping", "/admin/dead-letters/replay"))
                .header("Authorization", "Bearer " + endpoints().adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).as(replay.body()).isEqualTo(deadLetters);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().path("count").asInt() == 0);
        check = faultline.run("check");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains(" 0 dead letters").contains("every confirmed order shipped once");
    }

    @Test
    void aBrokerOutageLosesNoEventAndDoublesNoShipment() throws Exception {
        int deadLettersBefore = deadLetters().path("count").asInt();
        assertLibraryScenarioPasses("broker-outage");
        FaultlineScript.Result check = faultline.run("check");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(deadLetters().path("count").asInt()).as("the outage dead-lettered no event").isEqualTo(deadLettersBefore);
        assertThat(check.output()).contains(" " + deadLettersBefore + " dead letters");
    }

    private static void assertLibraryScenarioPasses(String name) throws Exception {
        Path journal = Files.createTempFile(faultline.stateDir, name, ".json");
        FaultlineScript.Result run = faultline.run("scenario", "run", name, "--journal", journal.toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Verdict: PASSED").doesNotContain("\n  FAILED ");
    }

    private static Optional<Span> span(String service, java.util.function.Predicate<Span> test) {
        for (var request : otlp.traces()) {
            for (var resource : request.getResourceSpansList()) {
                boolean ofService = resource.getResource().getAttributesList().stream().anyMatch(kv ->
                        kv.getKey().equals("service.name") && kv.getValue().getStringValue().equals(service));
                if (!ofService) {
                    continue;
                }
                for (var scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        if (test.test(span)) {
                            return Optional.of(span);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> attributes(Span span) {
        Map<String, String> attributes = new java.util.HashMap<>();
        span.getAttributesList().forEach(kv -> attributes.put(kv.getKey(), kv.getValue().hasStringValue()
                ? kv.getValue().getStringValue() : String.valueOf(kv.getValue().getIntValue())));
        return attributes;
    }

    private static JsonNode deadLetters() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(adminUri("shipping", "/admin/dead-letters")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode post(String process, String path, String body) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + faultline.port(process) + path))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode get(String process, String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + faultline.port(process) + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static URI adminUri(String process, String path) {
        return URI.create("http://127.0.0.1:" + (faultline.port(process) + dev.faultline.chaos.model.AdminApi.PORT_DISTANCE) + path);
    }

    private static SandboxEndpoints endpoints() {
        return LocalEndpoints.of(new SandboxPaths(FaultlineScript.HOME, faultline.stateDir), faultline.portOffset);
    }
}
