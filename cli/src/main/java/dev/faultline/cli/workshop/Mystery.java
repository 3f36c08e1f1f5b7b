package dev.faultline.cli.workshop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.scenario.Step;
import dev.faultline.pki.TlsMode;

/**
 * A break-fix mystery: one hidden fault and the symptom a learner is told.
 *
 * @param symptom     all the learner is told at the start
 * @param fault       the hidden fault (its duration is the lease: it ends by itself)
 * @param answer      what a right diagnosis names
 * @param explanation shown when it is solved or revealed
 * @param hints       in order; each one taken costs {@link MysteryCase#HINT_COST} points
 * @param traffic     how the traffic that shows the symptom identifies itself (the demo API key, or access tokens)
 * @param tls         the TLS the sandbox must run with for the fault to show (off: any sandbox)
 */
public record Mystery(String id, String file, int level, String title, String symptom, Step.Inject fault,
                      Diagnosis answer, String explanation, List<String> hints, LoadIdentity.Kind traffic, TlsMode tls) {

    /** How often token traffic asks for a new token: often enough that what the issuer stamps shows soon. */
    private static final String RENEW_EVERY = "2s";

    public Mystery {
        hints = List.copyOf(hints);
    }

    /** Whether a sandbox running with {@code running} can show this mystery (mtls covers edge, and edge off). */
    public boolean runsOn(TlsMode running) {
        return TlsRequirement.met(tls, running);
    }

    /** The arguments of the {@code faultline load} that shows the symptom, for {@code duration}. */
    public List<String> load(String duration) {
        List<String> args = new ArrayList<>(List.of("load", "--rate", "20", "--duration", duration));
        if (traffic == LoadIdentity.Kind.JWT) {
            args.addAll(List.of("--auth", "jwt", "--renew-every", RENEW_EVERY));
        }
        return args;
    }

    /**
     * What was wrong, or what a learner says was.
     *
     * @param instance the one process it hit, when that matters; empty when the whole service was hit
     */
    public record Diagnosis(String service, String kind, Optional<String> instance) {

        @Override
        public String toString() {
            return kind + " on " + instance.orElse(service);
        }
    }
}
