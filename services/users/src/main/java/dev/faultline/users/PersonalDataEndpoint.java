package dev.faultline.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.http.AdminToken;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The personal data's keys on the admin socket: {@code GET /admin/personal-data} lists the field keys (ids only,
 * never key material), which one seals now and how many rows each seals; {@code POST /admin/personal-data/rotate}
 * (admin token) adds a key that seals from now on and moves every row to it, then answers the same view with how many
 * rows moved.
 */
final class PersonalDataEndpoint implements HttpService {

    private final PersonalData personal;
    private final UserRepository users;
    private final AdminToken token;

    PersonalDataEndpoint(PersonalData personal, UserRepository users, AdminToken token) {
        this.personal = personal;
        this.users = users;
        this.token = token;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get(AdminApi.PERSONAL_DATA, (req, res) -> Json.send(res, state()))
                .post(AdminApi.PERSONAL_DATA_ROTATE, token.guard(this::rotate))
                .registerOn(rules);
    }

    /** One rotation at a time: a second waits for the first's rows to have moved. */
    private synchronized void rotate(ServerRequest req, ServerResponse res) {
        personal.rotate();
        int moved = users.resealAll();
        Map<String, Object> answer = state();
        answer.put("resealed", moved);
        Json.send(res, answer);
    }

    private Map<String, Object> state() {
        Map<Integer, Integer> rows = users.rowsByKey();
        int primary = personal.primaryKeyId();
        List<Map<String, Object>> keys = personal.keyIds().stream().map(id -> {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", Integer.toUnsignedString(id));
            key.put("primary", id == primary);
            key.put("rows", rows.getOrDefault(id, 0));
            return key;
        }).toList();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("primaryKeyId", Integer.toUnsignedString(primary));
        state.put("keys", keys);
        return state;
    }
}
