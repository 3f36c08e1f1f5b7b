package dev.faultline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

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
class CatalogServerTest {

    private static final Path DATA = TestServices.dataDir("catalog");
    private static Database database;

    private final Http1Client api;
    private final Http1Client admin;

    CatalogServerTest(Http1Client api, @Socket(ServiceServer.ADMIN_SOCKET) Http1Client admin) {
        this.api = api;
        this.admin = admin;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        database = TestServices.database(DATA, "catalog", Main.SCHEMA);
        ProcessContext context = TestServices.context("catalog", TestServices.config(DATA));
        ServiceServer.configure(server, context, database, Main.api(context));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void servesProductsOnItsSocketAndHealthOnTheAdminSocket() {
        try (Http1ClientResponse product = api.get("/products/espresso-machine").request()) {
            assertThat(product.status().code()).isEqualTo(200);
            assertThat(Json.parse(product.as(String.class)).path("price").asLong()).isEqualTo(89900);
        }
        try (Http1ClientResponse ready = admin.get("/health/ready").request()) {
            assertThat(ready.status().code()).isEqualTo(200);
        }
    }

    @Test
    void seedingHappensOnFirstStartOnlySoAStockChangeSurvivesARestart() {
        Path data = TestServices.dataDir("catalog-restart");
        TestServices.withServer(data, "catalog", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            try (Http1ClientResponse reserved = client.post("/products/laptop-stand/reservations")
                    .contentType(HttpMediaTypes.JSON_UTF_8).submit("{\"orderId\": \"o-restart\", \"quantity\": 7}")) {
                return reserved.status().code();
            }
        });
        long stock = TestServices.withServer(data, "catalog", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            try (Http1ClientResponse product = client.get("/products/laptop-stand").request()) {
                return Json.parse(product.as(String.class)).path("stock").asLong();
            }
        });
        assertThat(stock).isEqualTo(5000 - 7);
    }
}
