package dev.faultline.platform.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response.
 *
 * @param type   URI reference naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title  short summary of the kind of problem
 * @param status HTTP status code
 * @param detail what went wrong with this request, in words a caller can act on
 * @param errors one entry per invalid field, for validation problems (omitted otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** Where problem types of our own live. */
    public static final String TYPE_BASE = "https://faultline.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem whose HTTP status is its whole meaning. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    /** A problem of a kind of our own, typed under {@link #TYPE_BASE}. */
    public static Problem typed(String slug, int status, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
    }

    /**
     * One invalid field.
     *
     * @param field   JSON pointer-like name of the field ({@code items[0].quantity}) or query parameter
     * @param message what is wrong with it and what is expected
     */
    public record FieldError(String field, String message) {
    }
}
