package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole sandbox as separate processes, driven through the real ./faultline script. Each test leaves the sandbox
 * as it found it (faults lifted, processes continued and ready), so they pass in any order; taking it down is checked
 * by every test class's clean-up ({@link FaultlineScript#down()}).
 */
class SandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static FaultlineScript faultline;

    @BeforeAll
    static void up() throws Exception {
        faultline = new FaultlineScript();
        FaultlineScript.Result up = faultline.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("All 10 processes ready");
    }

    @AfterAll
    static void down() throws Exception {
        if (faultline != null) {
            faultline.close();
        }
    }

    @Test
    void statusShowsEveryProcessReady() throws Exception {
        FaultlineScript.Result status = faultline.run("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(line -> line.matches(".* READY +\\d+ ms .*"))).hasSize(10);
    }

    /**
     * The README's "Try it" with tokens: {@code ./faultline token} prints a token alone, which opens the routes its
     * scope covers; the catalog reader's token gets 403 naming the scope an order needs.
     */
    @Test
    void aTokenFromTheCommandOpensWhatItsScopeCoversAndNoMore() throws Exception {
        FaultlineScript.Result cli = faultline.run("token");
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        String token = cli.output().lines().filter(line -> line.chars().filter(c -> c == '.').count() == 2)
                .findFirst().orElseThrow(() -> new AssertionError("no token in: " + cli.output()));
        HttpResponse<String> products = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/products"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(products.statusCode()).as(products.body()).isEqualTo(200);

        FaultlineScript.Result reader = faultline.run("token", "--client", "catalog-reader");
        assertThat(reader.exitCode()).as(reader.output()).isZero();
        String readOnly = reader.output().lines().filter(line -> line.chars().filter(c -> c == '.').count() == 2)
                .findFirst().orElseThrow();
        HttpResponse<String> order = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/orders"))
                .header("Authorization", "Bearer " + readOnly).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(order.statusCode()).as(order.body()).isEqualTo(403);
        assertThat(order.headers().firstValue("WWW-Authenticate")).get().asString()
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:write\"");
        assertThat(order.body()).contains("orders:write").doesNotContain(readOnly);
    }

    /**
     * The README's key rotation: {@code keys rotate signing} publishes a new key that signs only after the issuer's
     * lead, so tokens keep the old kid meanwhile and pass; a second rotation waits for the first.
     */
    @Test
    void aRotationPublishesTheNewKeyFirstWhileTokensOfTheOldOneKeepPassing() throws Exception {
        FaultlineScript.Result before = faultline.run("keys");
        assertThat(before.exitCode()).as(before.output()).isZero();
        assertThat(before.output()).contains("none under way");
        String signing = before.output().lines().filter(line -> line.startsWith("Signing:")).findFirst()
                .orElseThrow(() -> new AssertionError("no signing key in: " + before.output())).substring(8).strip();

        FaultlineScript.Result rotate = faultline.run("keys", "rotate", "signing");
        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        assertThat(rotate.output()).contains("it signs from").contains(signing + " signs until then");
        FaultlineScript.Result again = faultline.run("keys", "rotate", "signing", "--lead", "0s");
        assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("under way");

        FaultlineScript.Result cli = faultline.run("token");
        String token = cli.output().lines().filter(line -> line.chars().filter(c -> c == '.').count() == 2)
                .findFirst().orElseThrow(() -> new AssertionError("no token in: " + cli.output()));
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(JSON.readTree(header).path("kid").asText()).as("the old key signs through the lead").isEqualTo(signing);
        HttpResponse<String> products = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/products"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
    }

    @Test
    void anOrderPlacedWithAKeyIsConfirmedOnceAcrossTheServices() throws Exception {
        String user = post("users", "/users", "{\"name\": \"Ada\", \"email\": \"ada@example.com\"}", null)
                .path("id").asText();
        long stock = get("catalog", "/products/webcam").path("stock").asLong();
        String key = UUID.randomUUID().toString();
        String body = "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", \"quantity\": 2}]}";

        JsonNode order = post("orders", "/orders", body, key);
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("CONFIRMED");
        assertThat(get("catalog", "/products/webcam").path("stock").asLong()).isEqualTo(stock - 2);
        // both payments instances see the one charge: they share the service's database
        for (String payments : List.of("payments-1", "payments-2")) {
            JsonNode charges = get(payments, "/payments?orderId=" + order.path("id").asText());
            assertThat(charges.path("total").asInt()).isEqualTo(1);
            assertThat(charges.path("items").get(0).path("status").asText()).isEqualTo("CAPTURED");
        }
        assertThat(post("orders", "/orders", body, key).path("id")).isEqualTo(order.path("id"));
        assertThat(get("catalog", "/products/webcam").path("stock").asLong()).isEqualTo(stock - 2);
        // and once, asynchronously, shipped: through the outbox, the broker and shipping, asked through the gateway
        String shipments = "/api/shipments?orderId=" + order.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("gateway", shipments).path("items").size() == 1);
    }

    @Test
    void theGatewayRoutesTheOrderFlowWithTheDemoKeyOnly() throws Exception {
        String user = post("gateway", "/api/users", "{\"name\": \"Grace\", \"email\": \"grace@example.com\"}", null)
                .path("id").asText();
        long stock = get("gateway", "/api/products/usb-c-hub").path("stock").asLong();
        String key = UUID.randomUUID().toString();
        String body = "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"usb-c-hub\", \"quantity\": 1}]}";

        JsonNode order = post("gateway", "/api/orders", body, key);
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("CONFIRMED");
        assertThat(post("gateway", "/api/orders", body, key).path("id")).isEqualTo(order.path("id"));
        assertThat(get("gateway", "/api/products/usb-c-hub").path("stock").asLong()).isEqualTo(stock - 1);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/products")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> limited = null;
        for (int i = 0; i < 30 && (limited == null || limited.statusCode() != 429); i++) {
            limited = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/products"))
                    .header("X-API-Key", "faultline-limited-key").build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
    }

    @Test
    void everyProcessServesMetricsThatPromtoolAccepts() throws Exception {
        LocalPrometheus.assumeInstalled();
        // a request served by every process, and a confirmed order, so that every series below exists
        String user = post("gateway", "/api/users", "{\"name\": \"Prom\", \"email\": \"prom@example.com\"}", null)
                .path("id").asText();
        post("gateway", "/api/orders", "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", "
                + "\"quantity\": 1}]}", UUID.randomUUID().toString());
        requestEveryProcess();
        for (ProcessSpec process : faultline.sandbox().topology().shop()) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(uri(process.name() + "-admin", "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            // the broker serves no HTTP API: its own meters are Artemis's queues
            assertThat(metrics.body()).contains(process.name().equals(Topology.BROKER) ? "artemis_message_count"
                    : "http_server_request_duration_seconds_bucket");
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(metrics.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String verdict = ProcessOutput.awaitEnd(promtool, ProcessOutput.of(promtool), Duration.ofSeconds(30));
            if (process.name().equals(Topology.BROKER)) {
                // Artemis's own gauge names (artemis_message_count...), which its users' dashboards know, end in
                // _count: promtool's linter flags exactly those (exit 3), and nothing may fail to parse (exit 1)
                assertThat(promtool.exitValue()).as(verdict).isIn(0, 3);
                assertThat(verdict.lines().filter(line -> !line.isBlank())).as(verdict).allMatch(line ->
                        line.matches("artemis_\\w+_count non-histogram and non-summary metrics should not have \"_count\" suffix"));
            } else {
                assertThat(promtool.exitValue()).as(process.name() + ": " + verdict).isZero();
            }
        }
        String orders = HTTP.send(HttpRequest.newBuilder(uri("orders-admin", "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(orders).contains("faultline_circuitbreaker_state{name=\"payments\",state=\"closed\"} 1.0")
                .contains("faultline_circuitbreaker_window_volume{name=\"payments\"}")
                .contains("faultline_orders_total{status=\"confirmed\"}");
    }

    @Test
    void realPrometheusScrapesEveryProcessAndStoresExemplars() throws Exception {
        int shop = faultline.sandbox().topology().shop().size();
        try (LocalPrometheus prometheus = LocalPrometheus.scrape(faultline.sandbox().topology(), faultline.stateDir.resolve("prometheus"))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(prometheus.query("up == 1")).as(prometheus.targets()).hasSize(shop));
            String user = post("gateway", "/api/users", "{\"name\": \"Scraped\", \"email\": \"scraped@example.com\"}", null)
                    .path("id").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                post("gateway", "/api/orders", "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", "
                        + "\"quantity\": 1}]}", UUID.randomUUID().toString());
                requestEveryProcess();
                // every process but the broker serves HTTP
                assertThat(prometheus.query("sum by (job) (http_server_request_duration_seconds_count)")).hasSize(shop - 1);
                assertThat(prometheus.query("faultline_circuitbreaker_state{job=\"orders\",name=\"payments\",state=\"closed\"} == 1"))
                        .hasSize(1);
                assertThat(prometheus.query("sum(faultline_orders_total{status=\"confirmed\"})")).hasSize(1);
                assertThat(prometheus.query("faultline_upstream_healthy{job=\"gateway\"}")).hasSizeGreaterThanOrEqualTo(3);
                assertThat(prometheus.exemplars("http_server_request_duration_seconds_bucket{job=\"gateway\"}").toString())
                        .contains("trace_id");
            });
        }
    }

    @Test
    void whenPaymentsFailsOrdersBreakerForPaymentsOpens() throws Exception {
        SandboxState.Process first = process("payments-1");
        SandboxState.Process second = process("payments-2");
        String user = post("gateway", "/api/users", "{\"name\": \"Unlucky\", \"email\": \"unlucky@example.com\"}", null)
                .path("id").asText();
        List<String> failed = new java.util.ArrayList<>();
        signal("STOP", first.pid());
        signal("STOP", second.pid());
        try {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> orders = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                orders.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("gateway", "/api/orders"))
                        .header("Content-Type", "application/json").header("X-API-Key", "faultline-demo-key")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": \"" + user
                                + "\", \"items\": [{\"productId\": \"desk-lamp\", \"quantity\": 1}]}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(HTTP.send(
                    HttpRequest.newBuilder(uri("orders-admin", "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("faultline_circuitbreaker_state{name=\"payments\",state=\"open\"} 1.0"));
            for (var order : orders) {
                // failed at once when the breaker refused the charge; compensating when a charge timed out: it
                // may have gone through, and its refund waits for payments to answer
                JsonNode placed = JSON.readTree(order.get(40, java.util.concurrent.TimeUnit.SECONDS).body());
                assertThat(placed.path("status").asText()).as(placed.toString()).isIn("FAILED", "COMPENSATING");
                failed.add(placed.path("id").asText());
            }
            assertThat(failed).hasSize(12);
        } finally {
            signal("CONT", first.pid());
            signal("CONT", second.pid());
        }
        // payments is back: every owed refund lands, no failed order keeps a charge
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String id : failed) {
                assertThat(get("gateway", "/api/orders/" + id).path("status").asText()).isEqualTo("FAILED");
                assertThat(get("payments-1", "/payments?orderId=" + id).path("items").findValuesAsText("status"))
                        .doesNotContain("CAPTURED");
            }
        });
        // payments is back: the breaker half-opens after its delay and trial orders close it
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            post("gateway", "/api/orders", "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": "
                    + "\"desk-lamp\", \"quantity\": 1}]}", UUID.randomUUID().toString());
            assertThat(HTTP.send(HttpRequest.newBuilder(uri("orders-admin", "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .contains("faultline_circuitbreaker_state{name=\"payments\",state=\"closed\"} 1.0");
        });
    }

    @Test
    void withOnePaymentsInstanceStoppedOrdersStillSucceed() throws Exception {
        SandboxState.Process payments2 = process("payments-2");
        signal("STOP", payments2.pid());
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode instance = get("orders-admin", "/admin/registry").path("payments").get(1);
                assertThat(instance.path("url").asText()).endsWith(":" + payments2.port());
                assertThat(instance.path("healthy").asBoolean()).isFalse();
            });
            String user = post("gateway", "/api/users", "{\"name\": \"Edsger\", \"email\": \"edsger@example.com\"}", null)
                    .path("id").asText();
            for (int i = 0; i < 5; i++) {
                JsonNode order = post("gateway", "/api/orders", "{\"userId\": \"" + user
                        + "\", \"items\": [{\"productId\": \"laptop-stand\", \"quantity\": 1}]}", UUID.randomUUID().toString());
                assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("CONFIRMED");
            }
        } finally {
            signal("CONT", payments2.pid());
        }
    }

    @Test
    void anErrorFaultOnPaymentsThroughTheGatewayFailsOrdersUntilItsLeaseEnds() throws Exception {
        String token = java.nio.file.Files.readString(faultline.stateDir.resolve("admin-token")).strip();
        assertThat(java.nio.file.Files.getPosixFilePermissions(faultline.stateDir.resolve("admin-token")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        // the state, every service's data and the users' secrets: their owner's only
        for (java.nio.file.Path dir : List.of(faultline.stateDir, faultline.stateDir.resolve("data/users"),
                faultline.stateDir.resolve("data/orders"), faultline.stateDir.resolve("secrets/users"))) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(dir)))
                    .as(dir.toString()).isEqualTo("rwx------");
        }
        String fault = "{\"kind\": \"error\", \"target\": {\"service\": \"payments\"}, \"probability\": 1, "
                + "\"parameters\": {\"status\": 503}, \"duration\": \"6s\"}";

        HttpResponse<String> refused = chaos(fault, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(get("payments-1-admin-chaos", "/chaos/faults").path("items")).isEmpty();

        HttpResponse<String> fannedOut = chaos(fault, token);
        assertThat(fannedOut.statusCode()).as(fannedOut.body()).isEqualTo(200);
        JsonNode instances = JSON.readTree(fannedOut.body()).path("instances");
        assertThat(instances).hasSize(2).allSatisfy(instance -> assertThat(instance.path("status").asInt()).isEqualTo(201));

        String user = post("gateway", "/api/users", "{\"name\": \"Faulted\", \"email\": \"faulted@example.com\"}", null)
                .path("id").asText();
        String body = "{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"webcam\", \"quantity\": 1}]}";
        JsonNode failed = post("gateway", "/api/orders", body, UUID.randomUUID().toString());
        // a 503 does not prove that nothing was charged: the refund is owed until payments answers
        assertThat(failed.path("status").asText()).isEqualTo("COMPENSATING");
        assertThat(failed.path("reason").asText()).contains("payments unavailable");
        assertThat(failed.path("compensations").findValuesAsText("action")).containsExactly("refund");
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("payments-1-admin", "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body())
                .contains("faultline_chaos_faults_active{kind=\"error\"} 1.0");

        // the lease ends by itself; with no further call, the owed refund settles and orders succeed again (once
        // the breaker lets them)
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(post("gateway", "/api/orders", body, UUID.randomUUID().toString()).path("status").asText())
                        .isEqualTo("CONFIRMED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("gateway", "/api/orders/" + failed.path("id").asText()).path("status").asText())
                        .isEqualTo("FAILED"));
        assertThat(get("payments-1", "/payments?orderId=" + failed.path("id").asText()).path("total").asInt()).isZero();
        assertThat(get("payments-1-admin-chaos", "/chaos/faults").path("items")).isEmpty();
    }

    /**
     * Three crash faults in a row, each while requests keep users busy: every time the process exits with the fault's
     * own code (not a JVM crash: a class-data archive dumped at a halted exit once died of SIGSEGV, exit 134), the
     * supervisor restarts it, and no JVM crash report is written anywhere.
     */
    @Test
    void aCrashFaultExitsTheProcessWithItsCodeEveryTimeAndTheSupervisorRestartsIt() throws Exception {
        String token = java.nio.file.Files.readString(faultline.stateDir.resolve("admin-token")).strip();
        for (int crash = 1; crash <= 3; crash++) {
            SandboxState.Process users = process("users");
            Thread load = Thread.ofVirtual().start(SandboxIT::browseUsersForAWhile);
            // a client of its own each time: a pooled connection to the users that just crashed answers nothing, and a
            // POST is not tried again on another
            try (HttpClient admin = HttpClient.newHttpClient()) {
                HttpResponse<String> fault = admin.send(HttpRequest.newBuilder(uri("users-admin", "/chaos/faults"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"crash\", \"target\": {\"service\": "
                                + "\"users\"}, \"parameters\": {\"code\": 3, \"delay\": 200}, \"duration\": \"1m\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    SandboxState.Process restarted = process("users");
                    assertThat(restarted.restarts()).isEqualTo(users.restarts() + 1);
                    assertThat(restarted.state()).isEqualTo(SandboxState.Process.State.READY);
                });
            } finally {
                load.interrupt();
                load.join();
            }
            assertThat(faultline.supervisorLog()).as("crash " + crash)
                    .contains("users (pid " + users.pid() + ") exited with code 3");
        }
        try (var reports = java.nio.file.Files.list(FaultlineScript.HOME)) {
            assertThat(reports.map(path -> path.getFileName().toString())).as("crash reports in the checkout")
                    .noneMatch(name -> name.startsWith("hs_err"));
        }
        try (var logs = java.nio.file.Files.list(faultline.stateDir.resolve("logs"))) {
            assertThat(logs.map(path -> path.getFileName().toString())).as("JVM crash reports")
                    .noneMatch(name -> name.contains("hs_err"));
        }
    }

    /** Requests to users, one after another, until interrupted or for 10 s at most (500 at most). */
    private static void browseUsersForAWhile() {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 500 && System.nanoTime() < until && !Thread.currentThread().isInterrupted(); i++) {
            try {
                HTTP.send(HttpRequest.newBuilder(uri("users", "/users/nobody-" + i)).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the process is down for a moment: that is the point
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void aFloodOfHalfSentRequestsLeavesTheGatewayServingOnceItEnds() throws Exception {
        SandboxState.Process gateway = process("gateway");
        int port = faultline.port("gateway");
        List<java.net.Socket> flood = new java.util.ArrayList<>();
        try {
            // one client, 3,500 connections each stuck inside its headers: what took the gateway down for good
            for (int i = 0; i < 3_500; i++) {
                java.net.Socket socket = new java.net.Socket();
                try {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
                    socket.getOutputStream().write("GET /api/products HTTP/1.1\r\nHost: x\r\nX-API-Key: faultline-demo-key\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException refused) {
                    // refused at once: the gateway holds its maximum
                }
                flood.add(socket);
            }
            String scrape = HTTP.send(HttpRequest.newBuilder(uri("gateway-admin", "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).containsPattern("faultline_connections_refused_total\\{listener=\"api\"\\} [1-9]");
        } finally {
            for (java.net.Socket socket : flood) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> products = HTTP.send(HttpRequest.newBuilder(uri("gateway", "/api/products"))
                    .header("X-API-Key", "faultline-demo-key").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(products.statusCode()).isEqualTo(200);
        });
        // the flood cost the heap nothing: the same process serves, no out-of-memory restart was needed
        assertThat(process("gateway").pid()).isEqualTo(gateway.pid());
    }

    @Test
    void aKilledProcessIsRestartedAndLosesNoCommittedData() throws Exception {
        String reservation = post("catalog", "/products/desk-lamp/reservations",
                "{\"orderId\": \"crash-test\", \"quantity\": 4}", null).path("id").asText();
        SandboxState.Process catalog = process("catalog");
        ProcessHandle.of(catalog.pid()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SandboxState.Process restarted = process("catalog");
            assertThat(restarted.restarts()).isEqualTo(catalog.restarts() + 1);
            assertThat(restarted.pid()).isNotEqualTo(catalog.pid());
            assertThat(restarted.state()).isEqualTo(SandboxState.Process.State.READY);
        });
        assertThat(get("catalog", "/reservations/" + reservation).path("quantity").asInt()).isEqualTo(4);
        assertThat(Files.readString(faultline.stateDir.resolve("logs/supervisor.log")))
                .contains("catalog (pid " + catalog.pid() + ") exited with code 137; restart #" + (catalog.restarts() + 1));
    }

    /** A request to the API of every process that has one: each then has its request duration series. */
    private static void requestEveryProcess() throws IOException, InterruptedException {
        for (ProcessSpec process : faultline.sandbox().topology().shop()) {
            if (!process.name().equals(Topology.BROKER)) {
                HTTP.send(HttpRequest.newBuilder(uri(process.name(), "/")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static HttpResponse<String> chaos(String fault, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("gateway-admin", "/chaos/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(fault));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SandboxState.Process process(String name) {
        return faultline.sandbox().runningState().orElseThrow().processes().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode get(String process, String path) throws IOException, InterruptedException {
        if (process.endsWith("-admin-chaos")) {
            String token = java.nio.file.Files.readString(faultline.stateDir.resolve("admin-token")).strip();
            return send(HttpRequest.newBuilder(uri(process.replace("-admin-chaos", "-admin"), path))
                    .header("Authorization", "Bearer " + token).GET());
        }
        return send(HttpRequest.newBuilder(uri(process, path)).header("X-API-Key", "faultline-demo-key").GET());
    }

    private static JsonNode post(String process, String path, String json, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(process, path))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "faultline-demo-key")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    private static JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    /** A process's API, or its admin socket when the name ends in {@code -admin}. */
    private static URI uri(String process, String path) {
        int port = process.endsWith("-admin")
                ? faultline.port(process.substring(0, process.length() - "-admin".length())) + dev.faultline.chaos.model.AdminApi.PORT_DISTANCE
                : faultline.port(process);
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
