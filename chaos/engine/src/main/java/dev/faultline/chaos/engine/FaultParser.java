package dev.faultline.chaos.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;

/**
 * Turns the JSON envelope {@code {kind, target, probability, seed, parameters, duration}} into a {@link Fault}, or a
 * 400 problem naming every bad field: an unknown kind lists the valid ones; a duration over the cap says the cap.
 */
final class FaultParser {

    private final FaultKinds kinds;
    private final Duration cap;
    private final Clock clock;

    FaultParser(FaultKinds kinds, Duration cap, Clock clock) {
        this.kinds = kinds;
        this.cap = cap;
        this.clock = clock;
    }

    Fault parse(JsonNode body) {
        List<Problem.FieldError> errors = Params.newErrors();
        String kindName = body.path("kind").asText("");
        FaultKind kind = kinds.get(kindName);
        if (kind == null) {
            throw ProblemException.badRequest("unknown-fault-kind", "Unknown fault kind", (kindName.isEmpty()
                    ? "kind is required" : "kind '" + kindName + "' is not known") + "; valid kinds: " + kinds.names() + ".");
        }
        JsonNode target = body.path("target");
        String service = text(target, "service");
        if (service == null) {
            errors.add(new Problem.FieldError("target.service", "is required"));
        }
        double probability = 1.0;
        if (body.has("probability")) {
            JsonNode p = body.get("probability");
            if (!p.isNumber() || p.doubleValue() < 0 || p.doubleValue() > 1) {
                errors.add(new Problem.FieldError("probability", "must be a number from 0 to 1"));
            } else {
                probability = p.doubleValue();
            }
        }
        Long seed = null;
        if (body.has("seed")) {
            if (body.get("seed").isIntegralNumber()) {
                seed = body.get("seed").longValue();
            } else {
                errors.add(new Problem.FieldError("seed", "must be a whole number"));
            }
        }
        String written = body.path("duration").asText("");
        Duration duration = null;
        try {
            duration = FaultDurations.parse(written);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("duration", "is required, written like 500ms, 30s, 2m or 1h"));
        }
        if (duration != null) {
            if (duration.isZero()) {
                errors.add(new Problem.FieldError("duration", "must be longer than zero"));
            } else if (duration.compareTo(cap) > 0) {
                errors.add(new Problem.FieldError("duration", "is over the cap of " + cap.toSeconds() + " s (chaos.max-duration)"));
            }
        }
        Effect effect = kind.parse(new Params(body.path("parameters"), errors));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var now = clock.instant();
        return new Fault(UUID.randomUUID().toString(), kind.name(),
                new FaultTarget(service, text(target, "instance"), text(target, "route"), text(target, "method"),
                        text(target.path("header"), "name"), text(target.path("header"), "value")),
                probability, seed, body.path("parameters").isMissingNode() ? null : body.get("parameters"), written,
                now, now.plus(duration), effect, seed == null ? new Random() : new Random(seed), new Lease());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}
