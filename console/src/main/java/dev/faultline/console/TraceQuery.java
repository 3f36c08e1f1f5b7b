package dev.faultline.console;

import java.util.Locale;
import java.util.Optional;

/**
 * Which traces the traces page lists; every part is optional.
 *
 * @param service   a service one of its spans belongs to
 * @param route     text the root's route or name contains
 * @param status    the root's HTTP status
 * @param errorOnly only traces with a span in error
 * @param minMillis only traces at least this long
 * @param faulted   only traces an injected fault hit
 */
public record TraceQuery(Optional<String> service, Optional<String> route, Optional<Integer> status, boolean errorOnly,
                         double minMillis, boolean faulted) {

    public static final TraceQuery ALL = new TraceQuery(Optional.empty(), Optional.empty(), Optional.empty(), false, 0,
            false);

    boolean matches(TraceStore.TraceSummary trace) {
        return service.map(trace.services()::contains).orElse(true)
                && route.map(text -> (trace.route() + " " + trace.name()).toLowerCase(Locale.ROOT)
                        .contains(text.toLowerCase(Locale.ROOT))).orElse(true)
                && status.map(code -> trace.statusCode() == code).orElse(true)
                && (!errorOnly || trace.error())
                && trace.durationMillis() >= minMillis
                && (!faulted || trace.faulted());
    }
}
