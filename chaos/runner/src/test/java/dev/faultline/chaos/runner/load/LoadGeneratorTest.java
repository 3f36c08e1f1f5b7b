package dev.faultline.chaos.runner.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator against a fake shop whose latency is known, on 127.0.0.1. */
class LoadGeneratorTest {

    private HttpServer shop;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.stop(0);
        }
    }

    @Test
    void itKeepsTheArrivalRateAndMeasuresTheServersLatency() throws Exception {
        URI gateway = startShop(Duration.ofMillis(20));
        LoadGenerator generator = run(gateway, 200, Duration.ofSeconds(3));

        LoadStats stats = generator.stats();
        assertThat(stats.sent()).isBetween(588L, 612L);
        assertThat(stats.notSent()).isZero();
        Window all = stats.total(3);
        assertThat(all.failures()).isZero();
        assertThat(all.p50()).isBetween(20.0, 40.0);
        assertThat(all.max()).isLessThan(1000.0);
    }

    @Test
    void aSlowServerDoesNotSlowTheArrivalsAndItsLatencyIsCountedFromTheDueTime() throws Exception {
        // 300 ms per answer at 100/s: ~30 in flight. A closed-loop client with few connections would send less
        // and report less latency (coordinated omission); the open model keeps sending on schedule.
        URI gateway = startShop(Duration.ofMillis(300));
        LoadGenerator generator = run(gateway, 100, Duration.ofSeconds(3));

        assertThat(generator.stats().sent()).isBetween(294L, 306L);
        Window all = generator.stats().total(3);
        assertThat(all.failures()).isZero();
        assertThat(all.p50()).isBetween(300.0, 400.0);
    }

    @Test
    void whenTooManyAreInFlightTheDueRequestsAreCountedAsNotSent() throws Exception {
        URI gateway = startShop(Duration.ofSeconds(2));
        ShopTraffic traffic = new ShopTraffic(gateway, Credentials.apiKey(ShopTraffic.DEMO_KEY), Duration.ofSeconds(5));
        LoadGenerator generator = new LoadGenerator(traffic, LoadGenerator.newClient(), new LoadStats(), 10);
        generator.start(50, RequestMix.parse("browse=1"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> generator.stats().notSent() >= 20);
        generator.stop(Duration.ofSeconds(5));
        assertThat(generator.stats().sent()).isEqualTo(10);
    }

    @Test
    void failuresCarryTheTraceIdTheRequestWasSentWith() throws Exception {
        URI gateway = startShop(Duration.ZERO);
        shop.createContext("/api/orders/", exchange -> answer(exchange, 503, "{}", Duration.ZERO));
        LoadGenerator generator = run(gateway, 50, Duration.ofSeconds(1), RequestMix.parse("view-order=1"));

        assertThat(generator.stats().recentFailures()).isNotEmpty().allSatisfy(failure -> {
            assertThat(failure.failure()).isEqualTo("503");
            assertThat(failure.traceId()).matches("[0-9a-f]{32}");
        });
        assertThat(tracesSeen).contains(generator.stats().recentFailures().getFirst().traceId());
        assertThat(generator.stats().window(Duration.ofSeconds(5), Optional.of(Endpoint.VIEW_ORDER)).successRatio()).isZero();
    }

    private final java.util.Set<String> tracesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private LoadGenerator run(URI gateway, double rate, Duration duration) throws InterruptedException {
        return run(gateway, rate, duration, RequestMix.DEFAULT);
    }

    private LoadGenerator run(URI gateway, double rate, Duration duration, RequestMix mix) throws InterruptedException {
        ShopTraffic traffic = new ShopTraffic(gateway, Credentials.apiKey(ShopTraffic.DEMO_KEY), Duration.ofSeconds(5));
        var http = LoadGenerator.newClient();
        traffic.prepare(http);
        LoadGenerator generator = new LoadGenerator(traffic, http, new LoadStats(), 2000);
        generator.start(rate, mix);
        Thread.sleep(duration.toMillis()); // the length of the load run itself, not a wait for an outcome
        generator.stop(Duration.ofSeconds(5));
        return generator;
    }

    /** A shop with the gateway's paths, answering after {@code latency}, checking the API key. */
    private URI startShop(Duration latency) throws IOException {
        shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        shop.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        shop.createContext("/api/products", exchange -> answer(exchange, 200, exchange.getRequestURI().getPath()
                .equals("/api/products") ? "{\"items\": [{\"id\": \"webcam\", \"price\": 7900, \"stock\": 5000}]}"
                : "{\"id\": \"webcam\"}", latency));
        shop.createContext("/api/users", exchange -> answer(exchange, 201, "{\"id\": \"" + UUID.randomUUID() + "\"}", latency));
        shop.createContext("/api/orders", exchange -> answer(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 200,
                "{\"id\": \"" + UUID.randomUUID() + "\", \"status\": \"CONFIRMED\"}", latency));
        shop.createContext("/api/shipments", exchange -> answer(exchange, 200, "{\"items\": []}", latency));
        shop.start();
        return URI.create("http://127.0.0.1:" + shop.getAddress().getPort() + "/");
    }

    private void answer(HttpExchange exchange, int status, String body, Duration latency) throws IOException {
        String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        if (traceparent != null) {
            tracesSeen.add(traceparent.split("-")[1]);
        }
        exchange.getRequestBody().readAllBytes();
        if (!ShopTraffic.DEMO_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
            status = 401;
        }
        try {
            Thread.sleep(latency.toMillis()); // the fake server's known latency
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
