package dev.faultline.users;

import java.util.regex.Pattern;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /users}: sign up and look up customers. */
final class UsersService implements HttpService {

    /** Deliberately simple: one {@code @}, a dot in the domain, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    private final UserRepository users;

    UsersService(UserRepository users) {
        this.users = users;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .post("/users", this::create)
                .get("/users", this::list)
                .get("/users/{id}", this::get)
                .registerOn(rules);
    }

    private void create(ServerRequest req, ServerResponse res) {
        JsonFields body = Json.readObject(req);
        String name = body.string("name", 1, 100);
        String email = body.string("email", 254, EMAIL, "a valid e-mail address such as ada@example.com");
        body.validate();
        // the e-mail stays out of the answer, the logs and the traces: a problem body is personal data's way out
        User user = users.create(name, email).orElseThrow(() -> ProblemException.conflict("email-taken",
                "A user with this e-mail already exists."));
        res.status(Status.CREATED_201);
        res.headers().set(HeaderNames.LOCATION, "/users/" + user.id());
        Json.send(res, user);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, users.find(id).orElseThrow(() -> ProblemException.notFound("No user with id " + id + ".")));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, users.list(PageRequest.from(req.query())));
    }
}
