package dev.faultline.chaos.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fault as it travels to a process's admin API: the JSON envelope
 * {@code {kind, target, probability, seed, parameters, duration, hidden}}, its field names in one place. The CLI builds it
 * from flags or a scenario and sends {@link #wire()}; the engine reads the same names back.
 *
 * @param kind        the fault kind, e.g. {@code latency}
 * @param target      which processes and requests it hits
 * @param probability the share of requests hit, 0 to 1; null for all
 * @param seed        makes the probability rolls repeatable; null for random
 * @param parameters  the kind's parameters as JSON values (strings, numbers, booleans, maps)
 * @param duration    the lease: the fault ends by itself after this
 * @param hidden      left out of the fault list and of the fault metrics (a workshop mystery's): only its effects
 *                    and the span events where it hits show it
 */
public record FaultSpec(String kind, Target target, Double probability, Long seed, Map<String, Object> parameters,
                        Duration duration, boolean hidden) {

    public static final String KIND = "kind";
    public static final String TARGET = "target";
    public static final String PROBABILITY = "probability";
    public static final String SEED = "seed";
    public static final String PARAMETERS = "parameters";
    public static final String DURATION = "duration";
    public static final String HIDDEN = "hidden";

    public FaultSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        // in the order given: a scenario's parameters read back as they were written
        parameters = parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A fault anyone may see: listed, counted in the fault metrics. */
    public FaultSpec(String kind, Target target, Double probability, Long seed, Map<String, Object> parameters,
                     Duration duration) {
        this(kind, target, probability, seed, parameters, duration, false);
    }

    /** The same fault for one process of its service. */
    public FaultSpec on(String instance) {
        return new FaultSpec(kind, target.on(instance), probability, seed, parameters, duration, hidden);
    }

    /** The same fault, hidden. */
    public FaultSpec hide() {
        return new FaultSpec(kind, target, probability, seed, parameters, duration, true);
    }

    /** The envelope as JSON-ready values, fields in the documented order; absent ones are left out. */
    public Map<String, Object> wire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put(KIND, kind);
        wire.put(TARGET, target.wire());
        putIfPresent(wire, PROBABILITY, probability);
        putIfPresent(wire, SEED, seed);
        putIfPresent(wire, PARAMETERS, parameters);
        wire.put(DURATION, FaultDurations.format(duration));
        if (hidden) {
            wire.put(HIDDEN, true);
        }
        return wire;
    }

    private static void putIfPresent(Map<String, Object> wire, String key, Object value) {
        if (value != null) {
            wire.put(key, value);
        }
    }

    /**
     * Which processes and requests a fault hits.
     *
     * @param service     the service (required)
     * @param instance    one process of it, e.g. {@code payments-2}; null for all
     * @param route       requests whose route starts with this; null for all
     * @param method      requests with this HTTP method; null for all
     * @param header      requests carrying this header; null for all
     * @param headerValue the value that header must have
     */
    public record Target(String service, String instance, String route, String method, String header,
                         String headerValue) {

        public static final String SERVICE = "service";
        public static final String INSTANCE = "instance";
        public static final String ROUTE = "route";
        public static final String METHOD = "method";
        /** A mapping {@code {name, value}}. */
        public static final String HEADER = "header";
        public static final String HEADER_NAME = "name";
        public static final String HEADER_VALUE = "value";

        public Target {
            Objects.requireNonNull(service, "service");
        }

        /** Every process and request of a service. */
        public static Target service(String service) {
            return new Target(service, null, null, null, null, null);
        }

        Target on(String process) {
            return new Target(service, process, route, method, header, headerValue);
        }

        Map<String, Object> wire() {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put(SERVICE, service);
            putIfPresent(wire, INSTANCE, instance);
            putIfPresent(wire, ROUTE, route);
            putIfPresent(wire, METHOD, method);
            if (header != null) {
                Map<String, Object> named = new LinkedHashMap<>();
                named.put(HEADER_NAME, header);
                putIfPresent(named, HEADER_VALUE, headerValue);
                wire.put(HEADER, named);
            }
            return wire;
        }
    }
}
