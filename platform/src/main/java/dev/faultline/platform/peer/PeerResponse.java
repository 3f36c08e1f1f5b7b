package dev.faultline.platform.peer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a peer answered.
 *
 * @param status HTTP status code
 * @param body   the JSON body ({@code MissingNode} when there was none)
 */
public record PeerResponse(int status, JsonNode body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The problem's {@code detail}, or the status when the body carries none. */
    public String detail() {
        return body.path("detail").asText("HTTP " + status);
    }
}
