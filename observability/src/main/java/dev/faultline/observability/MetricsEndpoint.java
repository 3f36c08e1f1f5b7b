package dev.faultline.observability;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: Prometheus text by default, OpenMetrics (which carries exemplars) when the scraper's
 * {@code Accept} asks for it, as Prometheus does with exemplar storage on.
 */
public final class MetricsEndpoint implements Handler {

    static final String OPENMETRICS = "application/openmetrics-text";
    private static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        boolean openMetrics = req.headers().first(HeaderNames.ACCEPT).map(accept -> accept.contains(OPENMETRICS)).orElse(false);
        String contentType = openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
        res.headers().set(HeaderNames.CONTENT_TYPE, contentType);
        res.send(registry.scrape(contentType));
    }
}
