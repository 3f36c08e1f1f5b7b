package dev.faultline.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The console's pages, each at a stable address that reports and the workshop link to. Every page is the same shell;
 * its script draws the page its address names.
 */
final class Pages implements HttpService {

    /** Every page's address; a trace's and a run's carry its id. */
    static final String[] PATHS = {"/", "/charts", "/faults", "/scenarios", "/scenarios/runs/{id}", "/traces",
        "/traces/{traceId}", "/logs", "/security"};
    private static final HttpMediaType HTML = HttpMediaType.create("text/html; charset=utf-8");

    private final byte[] shell;

    Pages() {
        try (InputStream in = Pages.class.getResourceAsStream("/console/page.html")) {
            if (in == null) {
                throw new IllegalStateException("console/page.html is missing from the classpath");
            }
            shell = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        for (String path : PATHS) {
            rules.get(path, this::page);
        }
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.headers().contentType(HTML);
        res.headers().set(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(shell);
    }
}
