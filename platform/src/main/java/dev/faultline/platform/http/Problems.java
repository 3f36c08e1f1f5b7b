package dev.faultline.platform.http;

import java.nio.charset.StandardCharsets;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code application/problem+json} responses. */
public final class Problems {

    /** {@code application/problem+json}. */
    public static final HttpMediaType MEDIA_TYPE = HttpMediaType.create("application/problem+json");

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** Registers the error handlers: a {@link ProblemException} answers as itself, anything else as a logged 500. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, (req, res, e) -> send(res, e.problem()));
        // Helidon's own answers by exception: a 304 for a cached static file (If-None-Match), a 404 or 405 of its
        // handlers; they keep their status (a 304 has no body), the others speak problem+json
        routing.error(HttpException.class, (req, res, e) -> {
            if (e.status().code() < 400) {
                res.status(e.status());
                res.send();
            } else {
                send(res, Problem.of(e.status().code(), e.status().reasonPhrase(), e.getMessage()));
            }
        });
        routing.error(Exception.class, (req, res, e) -> {
            LOG.error("Unexpected failure on {} {}", req.prologue().method().text(), req.path().path(), e);
            send(res, Problem.of(500, "Internal Server Error",
                    "An unexpected failure occurred; the service log has the details."));
        });
    }

    /** Writes the problem as the response. */
    public static void send(ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        res.headers().contentType(MEDIA_TYPE);
        res.send(Json.write(problem));
    }

    /**
     * Problem bodies for the failures Helidon answers before any route runs (unparsable requests, payloads
     * over the limit), so even those speak problem+json.
     */
    public static DirectHandlers directHandlers(long maxPayloadBytes) {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            Problem problem = Problem.of(status.code(), status.reasonPhrase(), detailFor(eventType, status, message, maxPayloadBytes));
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE.text())
                    .keepAlive(eventType.keepAlive())
                    .entity(Json.write(problem).getBytes(StandardCharsets.UTF_8))
                    .build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private static String detailFor(DirectHandler.EventType eventType, Status status, String message,
                                    long maxPayloadBytes) {
        if (eventType == DirectHandler.EventType.PAYLOAD_TOO_LARGE || status.code() == 413) {
            return "The request body is larger than the " + maxPayloadBytes + " bytes this server accepts.";
        }
        return message == null || message.isBlank() ? status.reasonPhrase() : message;
    }
}
