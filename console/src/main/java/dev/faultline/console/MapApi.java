package dev.faultline.console;

import java.io.UncheckedIOException;
import java.time.Duration;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

/**
 * The live view: {@code GET /api/map} (the shop now), {@code GET /api/charts} (the last ten minutes, one point a
 * second, with the faults on the time axis) and {@code GET /api/events}: server-sent events, the map once a second,
 * for as long as the page stays open.
 */
final class MapApi implements HttpService {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final SandboxWatch watch;
    private volatile boolean stopped;

    MapApi(SandboxWatch watch) {
        this.watch = watch;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/api/map", (req, res) -> Json.send(res, watch.map()))
                .get("/api/charts", (req, res) -> Json.send(res, watch.history()))
                .get("/api/events", this::events)
                .registerOn(rules);
    }

    private void events(ServerRequest req, ServerResponse res) throws InterruptedException {
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            long last = -1;
            while (!stopped) {
                ShopMap map = watch.map();
                if (map.time() != last) {
                    last = map.time();
                    sink.emit(SseEvent.builder().name("map").data(Json.write(map)).build());
                }
                Thread.sleep(EVERY.toMillis() / 4);
            }
        } catch (UncheckedIOException e) {
            // the page was closed: the stream ends
        }
    }

    @Override
    public void beforeStart() {
        stopped = false;
    }

    @Override
    public void afterStop() {
        stopped = true;
    }
}
