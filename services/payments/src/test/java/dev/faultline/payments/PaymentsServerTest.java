package dev.faultline.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@ServerTest
class PaymentsServerTest {

    private static final Path DATA = TestServices.dataDir("payments");
    private static Database database;

    private final Http1Client api;
    private final Http1Client admin;

    PaymentsServerTest(Http1Client api, @Socket(ServiceServer.ADMIN_SOCKET) Http1Client admin) {
        this.api = api;
        this.admin = admin;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        database = TestServices.database(DATA, "payments", Main.SCHEMA);
        ProcessContext context = TestServices.context("payments", TestServices.config(DATA));
        ServiceServer.configure(server, context, database, Main.api(context));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void chargesOnItsSocketAndReportsHealthOnTheAdminSocket() {
        try (Http1ClientResponse charged = charge(api, "smoke")) {
            assertThat(charged.status().code()).isEqualTo(201);
        }
        try (Http1ClientResponse ready = admin.get("/health/ready").request()) {
            assertThat(ready.status().code()).isEqualTo(200);
        }
    }

    @Test
    void twoInstancesSharingTheDatabaseChargeARacedOrderOnce() {
        // A second instance on its own connection pool, as the second payments process has.
        Set<String> ids = TestServices.withServer(DATA, "payments", Main.SCHEMA,
                TestServices.config(DATA), Main::api, second -> {
                    List<Callable<String>> racers = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        Http1Client instance = i % 2 == 0 ? api : second;
                        racers.add(() -> {
                            try (Http1ClientResponse response = charge(instance, "raced")) {
                                assertThat(response.status().code()).isIn(200, 201);
                                return Json.parse(response.as(String.class)).path("id").asText();
                            }
                        });
                    }
                    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                        Set<String> seen = new HashSet<>();
                        for (Future<String> result : pool.invokeAll(racers)) {
                            seen.add(result.get());
                        }
                        return seen;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertThat(ids).hasSize(1);
    }

    private static Http1ClientResponse charge(Http1Client client, String orderId) {
        return client.post("/payments").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"orderId\": \"" + orderId + "\", \"amount\": 1234, \"currency\": \"EUR\"}");
    }
}
