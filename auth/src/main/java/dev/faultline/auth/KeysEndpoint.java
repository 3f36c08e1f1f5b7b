package dev.faultline.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.http.AdminToken;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The signing keys on the admin socket: {@code GET /admin/keys} shows the published keys, which one signs and the
 * rotation under way (public facts only, never a private key); {@code POST /admin/keys/rotate} (admin token) starts a
 * rotation, the new key signing after the configured lead unless the body names another ({@code {"leadSeconds": 0}}
 * is the wrong way a lesson shows: signing with a key verifiers may not hold yet).
 */
final class KeysEndpoint implements HttpService {

    static final String PATH = AdminApi.KEYS;
    /** The longest lead a rotation may ask for. */
    private static final long MAX_LEAD_SECONDS = Duration.ofDays(1).toSeconds();

    private final SigningKeys keys;
    private final AuthSettings settings;
    private final AdminToken token;

    KeysEndpoint(SigningKeys keys, AuthSettings settings, AdminToken token) {
        this.keys = keys;
        this.settings = settings;
        this.token = token;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get(PATH, (req, res) -> Json.send(res, state()))
                .post(AdminApi.KEYS_ROTATE, token.guard(this::rotate))
                .registerOn(rules);
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        Duration lead = settings.publishLead();
        if (req.content().hasEntity()) {
            JsonFields body = Json.readObject(req);
            long seconds = body.integer("leadSeconds", 0, MAX_LEAD_SECONDS);
            body.validate();
            lead = Duration.ofSeconds(seconds);
        }
        SigningKeys.Rotation rotation;
        try {
            rotation = keys.rotate(lead, settings.tokenLifetime().plus(settings.clockSkew()));
        } catch (IllegalStateException e) {
            throw ProblemException.conflict("rotation-under-way", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>(view(rotation));
        answer.put("advice", lead.compareTo(settings.publishLead()) < 0
                ? "The new key signs before " + settings.publishLead().toSeconds() + " s have passed: a verifier whose "
                  + "cached key set is older than the key refuses its tokens until it fetches the set again."
                : "Verifiers that cache the key set up to " + settings.publishLead().toSeconds() + " s hold the new key "
                  + "before its first token.");
        Json.send(res, answer);
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("signing", keys.signing().getKeyID());
        state.put("published", keys.published().getKeys().stream().map(JWK::getKeyID).toList());
        state.put("publishLeadSeconds", settings.publishLead().toSeconds());
        state.put("keepAfterSeconds", settings.tokenLifetime().plus(settings.clockSkew()).toSeconds());
        state.put("rotation", keys.pending().map(KeysEndpoint::view).orElse(null));
        return state;
    }

    private static Map<String, Object> view(SigningKeys.Rotation rotation) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kid", rotation.kid());
        view.put("published", rotation.published().toString());
        view.put("signsFrom", rotation.signsFrom().toString());
        view.put("previousKid", rotation.previousKid());
        view.put("previousRetires", rotation.previousRetires().toString());
        return view;
    }
}
