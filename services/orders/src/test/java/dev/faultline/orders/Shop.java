package dev.faultline.orders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/** The real users, catalog and payments services, in-process on free ports: the peers of the order saga. */
final class Shop implements AutoCloseable {

    private final List<WebServer> servers = new ArrayList<>();
    private final List<Database> databases = new ArrayList<>();
    final Http1Client users;
    final Http1Client catalog;
    final Http1Client payments;

    Shop() {
        users = start("users", dev.faultline.users.Main.SCHEMA, dev.faultline.users.Main::api);
        catalog = start("catalog", dev.faultline.catalog.Main.SCHEMA, dev.faultline.catalog.Main::api);
        payments = start("payments", dev.faultline.payments.Main.SCHEMA, dev.faultline.payments.Main::api);
    }

    /**
     * Orders configuration keys and values that point the saga at this shop. Active health checks are off: the
     * test servers' admin sockets do not sit at port + 1000.
     */
    String[] peerConfig() {
        return new String[] {"orders.users.url", url(0), "orders.catalog.url", url(1), "orders.payments.url", url(2),
                "discovery.health-interval", "PT0S"};
    }

    String newUser(String email) {
        try (Http1ClientResponse response = users.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"name\": \"Shopper\", \"email\": \"" + email + "\"}")) {
            return Json.parse(response.as(String.class)).path("id").asText();
        }
    }

    long stock(String productId) {
        return json(catalog.get("/products/" + productId).request()).path("stock").asLong();
    }

    JsonNode paymentsOf(String orderId) {
        return json(payments.get("/payments").queryParam("orderId", orderId).request()).path("items");
    }

    @Override
    public void close() {
        servers.forEach(WebServer::stop);
        databases.forEach(Database::close);
    }

    private String url(int index) {
        return "http://127.0.0.1:" + servers.get(index).port();
    }

    private Http1Client start(String name, String schema,
                              java.util.function.Function<io.helidon.config.Config, ServiceServer.ApiRegistration> api) {
        Path data = TestServices.dataDir(name);
        Database database = Database.open(data, name, schema);
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, TestServices.config(data), database, api.apply(TestServices.config(data)));
        WebServer server = builder.build().start();
        servers.add(server);
        databases.add(database);
        return Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
    }

    static JsonNode json(Http1ClientResponse response) {
        try (response) {
            return Json.parse(response.as(String.class));
        }
    }
}
