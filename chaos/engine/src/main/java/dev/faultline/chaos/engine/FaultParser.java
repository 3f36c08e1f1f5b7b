package dev.faultline.chaos.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.chaos.model.FaultSpec;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;

/**
 * Turns the JSON envelope ({@link FaultSpec}: {@code {kind, target, probability, seed, parameters, duration, hidden}}) into
 * a {@link Fault}, or a 400 problem naming every bad field: an unknown kind lists the valid ones; a duration over the
 * cap says the cap.
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
        String kindName = body.path(FaultSpec.KIND).asText("");
        FaultKind kind = kinds.get(kindName);
        if (kind == null) {
            throw ProblemException.badRequest("unknown-fault-kind", "Unknown fault kind", (kindName.isEmpty()
                    ? "kind is required" : "kind '" + kindName + "' is not known") + "; valid kinds: " + kinds.names() + ".");
        }
        JsonNode target = body.path(FaultSpec.TARGET);
        String service = text(target, FaultSpec.Target.SERVICE);
        if (service == null) {
            errors.add(new Problem.FieldError(FaultSpec.TARGET + "." + FaultSpec.Target.SERVICE, "is required"));
        }
        double probability = 1.0;
        if (body.has(FaultSpec.PROBABILITY)) {
            JsonNode p = body.get(FaultSpec.PROBABILITY);
            if (!p.isNumber() || p.doubleValue() < 0 || p.doubleValue() > 1) {
                errors.add(new Problem.FieldError(FaultSpec.PROBABILITY, "must be a number from 0 to 1"));
            } else {
                probability = p.doubleValue();
            }
        }
        Long seed = null;
        if (body.has(FaultSpec.SEED)) {
            if (body.get(FaultSpec.SEED).isIntegralNumber()) {
                seed = body.get(FaultSpec.SEED).longValue();
            } else {
                errors.add(new Problem.FieldError(FaultSpec.SEED, "must be a whole number"));
            }
        }
        String written = body.path(FaultSpec.DURATION).asText("");
        Duration duration = null;
        try {
            duration = FaultDurations.parse(written);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(FaultSpec.DURATION, "is required, written like 500ms, 30s, 2m or 1h"));
        }
        if (duration != null) {
            if (duration.isZero()) {
                errors.add(new Problem.FieldError(FaultSpec.DURATION, "must be longer than zero"));
            } else if (duration.compareTo(cap) > 0) {
                errors.add(new Problem.FieldError(FaultSpec.DURATION, "is over the cap of " + cap.toSeconds() + " s (chaos.max-duration)"));
            }
        }
        boolean hidden = false;
        if (body.has(FaultSpec.HIDDEN)) {
            if (body.get(FaultSpec.HIDDEN).isBoolean()) {
                hidden = body.get(FaultSpec.HIDDEN).booleanValue();
            } else {
                errors.add(new Problem.FieldError(FaultSpec.HIDDEN, "must be true or false"));
            }
        }
        Effect effect = kind.parse(new Params(body.path(FaultSpec.PARAMETERS), errors));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var now = clock.instant();
        return new Fault(UUID.randomUUID().toString(), kind.name(),
                new FaultTarget(service, text(target, FaultSpec.Target.INSTANCE), text(target, FaultSpec.Target.ROUTE),
                        text(target, FaultSpec.Target.METHOD), text(target.path(FaultSpec.Target.HEADER), FaultSpec.Target.HEADER_NAME),
                        text(target.path(FaultSpec.Target.HEADER), FaultSpec.Target.HEADER_VALUE)),
                probability, seed, body.path(FaultSpec.PARAMETERS).isMissingNode() ? null : body.get(FaultSpec.PARAMETERS), written,
                now, now.plus(duration), hidden, effect, seed == null ? new Random() : new Random(seed), new Lease());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}
