package dev.faultline.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** JSON on the wire: one mapper, strict parsing, and parse errors that say where they happened. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private Json() {
    }

    /** The shared mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value, records included. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Parses text that must be JSON; failures name line and column. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON", "The request body is empty; a JSON object is expected.");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    /** Reads the request body as a JSON object. */
    public static JsonFields readObject(ServerRequest req) {
        String body = ConnectionGuard.readingBody(req, () -> req.content().hasEntity() ? req.content().as(String.class) : "");
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "The request body must be a JSON object, not " + node.getNodeType().name().toLowerCase() + ".");
        }
        return new JsonFields(node, "");
    }

    /** Sends a value as {@code application/json}. */
    public static void send(ServerResponse res, Object value) {
        res.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        res.send(write(value));
    }
}
