package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import dev.faultline.platform.TestTelemetry;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * RFC 6750 section 5.3 and the house rule: a bearer token never reaches a log line or a span, whether the gateway
 * admits it, refuses it, or finds it where it must not be (the query string). The caller's client_id does reach the
 * span, so the spans this test reads are the ones that would carry a leak.
 */
class TokensStayOutOfTelemetryTest {

    @Test
    void noTokenReachesALogLineOrASpan() {
        TestTelemetry telemetry = TestTelemetry.inMemory();
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logs);
        captured.start();
        Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        List<String> tokens = new ArrayList<>();
        try (TestIssuer issuer = new TestIssuer();
             Upstream upstream = new Upstream();
             GatewayFixture gateway = new GatewayFixture(telemetry.telemetry("gateway"), issuer.gatewaySettings()[0],
                     issuer.gatewaySettings()[1], "gateway.upstreams.catalog", upstream.url())) {
            tokens.add(issuer.token("catalog:read"));
            tokens.add(issuer.token(h -> h.type(JOSEObjectType.JWT), c -> { }));
            tokens.add(issuer.token(h -> { }, c -> c.audience("another-api")));
            tokens.add(issuer.token(h -> { }, c -> c.claim("padding", "x".repeat(5_000))));
            List<Integer> statuses = new ArrayList<>();
            for (String token : tokens) {
                try (Http1ClientResponse response = gateway.client.get("/api/products")
                        .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
                    statuses.add(response.status().code());
                }
            }
            String inQuery = issuer.token("catalog:read");
            tokens.add(inQuery);
            try (Http1ClientResponse response = gateway.client.get("/api/products").queryParam("access_token", inQuery)
                    .request()) {
                statuses.add(response.status().code());
            }
            assertThat(statuses).containsExactly(200, 401, 401, 401, 400);
        } finally {
            root.detachAppender(captured);
        }

        List<SpanData> spans = telemetry.spans().getFinishedSpanItems();
        assertThat(spans).anySatisfy(span -> assertThat(span.getAttributes()
                .get(AttributeKey.stringKey("faultline.client.id"))).isEqualTo("shop-app"));
        StringBuilder telemetryText = new StringBuilder();
        for (SpanData span : spans) {
            telemetryText.append(span.getName()).append(' ').append(span.getAttributes()).append(' ');
            span.getEvents().forEach(event -> telemetryText.append(event.getName()).append(event.getAttributes()));
            telemetryText.append(span.getStatus().getDescription()).append('\n');
        }
        for (ILoggingEvent event : captured.list) {
            telemetryText.append(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
            if (event.getThrowableProxy() != null) {
                telemetryText.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            telemetryText.append('\n');
        }
        assertThat(captured.list).as("the gateway logged its requests").isNotEmpty();
        for (String token : tokens) {
            String[] parts = token.split("\\.");
            assertThat(telemetryText.toString()).as("a token's claims or signature in the telemetry")
                    .doesNotContain(parts[1]).doesNotContain(parts[2]);
        }
    }
}
