package dev.faultline.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;

/**
 * The bearer token every state-changing call on an admin socket needs ({@code FAULTLINE_ADMIN_TOKEN}, which
 * {@code ./faultline up} generates and writes to {@code .faultline/admin-token}); with no token configured those
 * calls are refused outright.
 */
public final class AdminToken {

    private final Optional<String> token;

    private AdminToken(Optional<String> token) {
        this.token = token;
    }

    /** The token of this process's configuration ({@code faultline.admin.token}). */
    public static AdminToken from(Config config) {
        return new AdminToken(config.get("faultline.admin.token").asString().asOptional().filter(t -> !t.isBlank()));
    }

    /** The handler, run only for a request presenting the token. */
    public Handler guard(Handler handler) {
        return (req, res) -> {
            if (token.isEmpty()) {
                throw new ProblemException(Problem.typed("chaos-api-off", 403, "Forbidden", "The admin API is off: start "
                        + "the process with FAULTLINE_ADMIN_TOKEN set (./faultline up does, and writes it to "
                        + ".faultline/admin-token)."));
            }
            String presented = req.headers().first(HeaderNames.AUTHORIZATION)
                    .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(value -> value.substring(7).strip()).orElse("");
            if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
                res.headers().set(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"faultline-admin\"");
                throw new ProblemException(Problem.typed("admin-token-required", 401, "Unauthorized",
                        "The admin API needs Authorization: Bearer <admin token> (.faultline/admin-token)."));
            }
            handler.handle(req, res);
        };
    }
}
