package dev.faultline.cli.workshop;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.FaultEvent;

/**
 * Grades a learner's solution to a mystery: the service and the kind (and the instance, where it matters) against
 * the hidden fault; evidence, when given, must be a trace with a span of that service carrying the fault's event.
 */
public final class MysteryJudge {

    /** Kinds that act on a whole process's CPU, heap or life: read per process, so on JVMs of their own. */
    private static final Set<String> PROCESS_KINDS = Set.of("cpu", "memory", "crash");
    /** Kinds no request is hit by, so no span carries their event: those, and a process's clock. */
    private static final Set<String> TRACELESS_KINDS = Set.of("cpu", "memory", "crash", "clock");

    private final TraceLookup traces;

    public MysteryJudge(TraceLookup traces) {
        this.traces = traces;
    }

    /** Whether a fault of this kind acts on a whole process (its CPU, heap or life) rather than on requests. */
    public static boolean actsOnWholeProcess(String kind) {
        return PROCESS_KINDS.contains(kind);
    }

    public MysteryCase.Solution judge(Mystery mystery, Mystery.Diagnosis said, Optional<String> evidence)
            throws IOException, InterruptedException {
        Mystery.Diagnosis truth = mystery.answer();
        boolean service = truth.service().equalsIgnoreCase(said.service());
        boolean kind = truth.kind().equalsIgnoreCase(said.kind());
        boolean instance = truth.instance().map(i -> said.instance().filter(i::equalsIgnoreCase).isPresent()).orElse(true);
        String text = said + evidence.map(e -> " (evidence " + e + ")").orElse("");
        if (!(service && kind && instance)) {
            int parts = truth.instance().isPresent() ? 3 : 2;
            int right = (service ? 1 : 0) + (kind ? 1 : 0) + (truth.instance().isPresent() && instance ? 1 : 0);
            return new MysteryCase.Solution(text, evidence.orElse(null), false, "Not it: " + right + " of " + parts
                    + " parts right (service, kind" + (parts == 3 ? ", instance" : "") + ").");
        }
        if (evidence.isEmpty()) {
            return new MysteryCase.Solution(text, null, true, "Right: " + truth + ".");
        }
        String traceId = evidence.get().toLowerCase(Locale.ROOT);
        if (TRACELESS_KINDS.contains(truth.kind())) {
            return new MysteryCase.Solution(text, traceId, true, "Right: " + truth + ". (A " + truth.kind()
                    + " fault acts on the whole process, so no trace carries it; the evidence is in the metrics.)");
        }
        if (!TraceLookup.isTraceId(traceId)) {
            return new MysteryCase.Solution(text, traceId, false, "The evidence '" + traceId + "' is not a trace id "
                    + "(32 hexadecimal digits).");
        }
        Optional<JsonNode> spans = traces.spans(traceId);
        if (spans.isEmpty()) {
            return new MysteryCase.Solution(text, traceId, false, "The console has no trace " + traceId + ".");
        }
        for (JsonNode span : spans.get()) {
            if (truth.service().equals(span.path("service").asText())
                    && truth.instance().map(i -> i.equals(span.path("instance").asText())).orElse(true)) {
                for (JsonNode event : span.path("events")) {
                    if (event.path("name").asText().equals(FaultEvent.NAME)
                            && truth.kind().equals(event.path("attributes").path(FaultEvent.KIND).asText())) {
                        return new MysteryCase.Solution(text, traceId, true, "Right, and the trace proves it: span '"
                                + span.path("name").asText() + "' of " + span.path("instance").asText()
                                + " carries the " + truth.kind() + " fault's event.");
                    }
                }
            }
        }
        return new MysteryCase.Solution(text, traceId, false, "The diagnosis is right, but trace " + traceId
                + " shows no span of " + truth.instance().orElse(truth.service()) + " hit by a " + truth.kind()
                + " fault: find a trace that does, or solve without --evidence.");
    }
}
