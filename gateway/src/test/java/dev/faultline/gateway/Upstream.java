package dev.faultline.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.faultline.platform.http.Json;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

/**
 * A real HTTP upstream for the gateway's tests that misbehaves on command: it echoes each request as JSON, or
 * fails with 503, or answers slowly; it counts what it receives.
 */
final class Upstream implements AutoCloseable {

    enum Mode { ECHO, FAIL, SLOW }

    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ECHO);
    final AtomicInteger requests = new AtomicInteger();
    private final WebServer server;

    Upstream() {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing -> routing.any((req, res) -> {
            requests.incrementAndGet();
            switch (mode.get()) {
                case FAIL -> {
                    res.status(Status.SERVICE_UNAVAILABLE_503);
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/problem+json");
                    res.send("{\"status\": 503, \"detail\": \"injected failure\"}");
                    return;
                }
                case SLOW -> Thread.sleep(2_000);
                case ECHO -> { }
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", req.prologue().method().text());
            echo.put("path", req.path().rawPath());
            echo.put("query", req.query().rawValue());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : req.headers()) {
                headers.put(header.name().toLowerCase(), header.allValues());
            }
            echo.put("headers", headers);
            echo.put("body", req.content().hasEntity() ? req.content().as(String.class) : "");
            echo.put("port", req.localPeer().port());
            res.headers().set(HeaderNames.create("X-Upstream"), "yes");
            res.headers().set(HeaderNames.create("Keep-Alive"), "timeout=99");
            res.headers().set(HeaderNames.create("Proxy-Agent"), "upstream");
            Json.send(res, echo);
        })).build().start();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
