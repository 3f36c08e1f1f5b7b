package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.faultline.platform.TestServices;
import dev.faultline.platform.TestTelemetry;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

/** One order through the gateway leaves one trace across gateway, orders, users, catalog and payments. */
class TraceAcrossServicesTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void anOrderWithAKnownTraceparentIsOneTraceAcrossEveryService() {
        TestTelemetry traces = TestTelemetry.inMemory();
        InMemorySpanExporter spans = traces.spans();
        try (var users = TestServices.start(traces.telemetry("users"), "users", dev.faultline.users.Main.SCHEMA,
                dev.faultline.users.Main::api);
             var catalog = TestServices.start(traces.telemetry("catalog"), "catalog", dev.faultline.catalog.Main.SCHEMA,
                     dev.faultline.catalog.Main::api);
             var payments = TestServices.start(traces.telemetry("payments"), "payments", dev.faultline.payments.Main.SCHEMA,
                     dev.faultline.payments.Main::api);
             var orders = startOrders(traces, users.url(), catalog.url(), payments.url());
             GatewayFixture gateway = new GatewayFixture(traces.telemetry("gateway"), "gateway.upstreams.users", users.url(),
                     "gateway.upstreams.catalog", catalog.url(), "gateway.upstreams.orders", orders.url())) {
            String user;
            try (Http1ClientResponse created = gateway.post("/api/users").contentType(HttpMediaTypes.JSON_UTF_8)
                    .submit("{\"name\": \"Tracy\", \"email\": \"tracy@example.com\"}")) {
                user = Json.parse(created.as(String.class)).path("id").asText();
            }
            // server spans end just after their response is sent: let the sign-up's finish before starting afresh
            await().atMost(Duration.ofSeconds(5)).until(() -> find(spans, server("POST /api/users/**")).isPresent()
                    && find(spans, server("POST /users")).isPresent());
            spans.reset();

            try (Http1ClientResponse placed = gateway.post("/api/orders")
                    .header(HeaderNames.create("traceparent"), "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                    .header(HeaderNames.create("Idempotency-Key"), "trace-1")
                    .contentType(HttpMediaTypes.JSON_UTF_8)
                    .submit("{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", \"quantity\": 1}]}")) {
                assertThat(Json.parse(placed.as(String.class)).path("status").asText()).isEqualTo("CONFIRMED");
                assertThat(placed.headers().first(HeaderNames.create("traceresponse")).orElseThrow())
                        .startsWith("00-" + TRACE_ID + "-");
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> find(spans, server("POST /api/orders/**")).isPresent());
            List<SpanData> all = spans.getFinishedSpanItems();
            assertThat(all).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
            Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span));

            SpanData edge = find(spans, server("POST /api/orders/**")).orElseThrow();
            assertThat(edge.getParentSpanId()).isEqualTo(CALLER_SPAN);
            SpanData ordersServer = find(spans, server("POST /orders")).orElseThrow();
            assertThat(parentChain(ordersServer, byId)).contains(edge.getSpanId());
            for (String peerServer : List.of("GET /users/{id}", "POST /products/{id}/reservations", "POST /payments")) {
                SpanData peer = find(spans, server(peerServer)).orElseThrow(() -> new AssertionError("no span " + peerServer));
                SpanData client = byId.get(peer.getParentSpanId());
                assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(parentChain(client, byId)).as(peerServer).contains(ordersServer.getSpanId());
                assertThat(peer.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo(peerServer.split(" ")[1]);
            }
            assertThat(all).anySatisfy(span -> assertThat(span.getName()).startsWith("payments attempt"));
            assertThat(all).anySatisfy(span -> assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system.name")) != null
                    || span.getAttributes().get(AttributeKey.stringKey("db.system")) != null).isTrue());
        }
    }

    private static TestServices.Running startOrders(TestTelemetry traces, String users, String catalog, String payments) {
        var data = TestServices.dataDir("orders");
        var context = TestServices.context("orders", TestServices.config(dev.faultline.orders.Main.class, data,
                "orders.users.url", users,
                "orders.catalog.url", catalog, "orders.payments.url", payments, "discovery.health-interval", "PT0S"),
                traces.telemetry("orders"));
        return TestServices.start(context, dev.faultline.orders.Main.parts(context,
                Database.open(data, "orders", dev.faultline.orders.Main.SCHEMA, traces.openTelemetry())));
    }

    private static Predicate<SpanData> server(String name) {
        return span -> span.getKind() == SpanKind.SERVER && span.getName().equals(name);
    }

    private static Optional<SpanData> find(InMemorySpanExporter spans, Predicate<SpanData> which) {
        return spans.getFinishedSpanItems().stream().filter(which).findFirst();
    }

    /** The ids of a span's ancestors, nearest first. */
    private static List<String> parentChain(SpanData span, Map<String, SpanData> byId) {
        List<String> chain = new java.util.ArrayList<>();
        SpanData current = span;
        while (current != null && byId.containsKey(current.getParentSpanId())) {
            chain.add(current.getParentSpanId());
            current = byId.get(current.getParentSpanId());
        }
        return chain;
    }
}
