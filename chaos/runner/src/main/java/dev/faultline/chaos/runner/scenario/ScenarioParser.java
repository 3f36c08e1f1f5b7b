package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.chaos.model.FaultSpec;
import dev.faultline.chaos.runner.load.ClientCredentials;
import dev.faultline.chaos.runner.load.Endpoint;
import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.load.LoadStats;
import dev.faultline.chaos.runner.load.RequestMix;
import dev.faultline.chaos.runner.metrics.SeriesSelector;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario file into a {@link Scenario}, or fails with every error it has, each with file, line and
 * column and what was expected. The schema is documented in {@code chaos/scenarios/README.md}.
 */
public final class ScenarioParser {

    private static final Set<String> TOP = keys("title", "description", "exercise", "load", "steady-state", "method",
            "expectations", "measurements", "rollbacks");
    private static final Set<String> PROBE_KINDS = keys("http", "metric", "promql", "load");
    private static final Set<String> STEP_KINDS = keys("inject", "clear", "wait", "load", "rotate-signing-key");
    private static final Duration DEFAULT_LATENCY_LIMIT = Duration.ofSeconds(5);

    private final YamlTree yaml;
    private final String file;
    /** While the measurements are read: their {@code expect} is optional (any value is a measurement). */
    private boolean measuring;

    private ScenarioParser(String file) {
        this.file = file;
        this.yaml = new YamlTree(file);
    }

    /** @throws ScenarioException with every error in the file */
    public static Scenario parse(Path path) {
        return parse(path.toString(), name(path), text(path));
    }

    /** A YAML file's name without {@code .yaml}: what a scenario, exercise or mystery is called. */
    public static String name(Path path) {
        return path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /**
     * The node tree of a YAML file that embeds a scenario, errors named by the path as given.
     *
     * @param needs what the file needs, for the error when it is empty
     * @throws ScenarioException when it is not YAML or is empty
     */
    public static Node compose(Path path, String needs) {
        return compose(path.toString(), text(path), needs);
    }

    private static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** @throws ScenarioException with every error in the text */
    public static Scenario parse(String file, String name, String text) {
        return new ScenarioParser(file).read(name, text);
    }

    /**
     * A scenario that is part of a larger document (a workshop exercise's own): errors keep the document's lines.
     *
     * @throws ScenarioException with every error in it
     */
    public static Scenario parse(String file, String name, Node node) {
        return new ScenarioParser(file).read(name, node);
    }

    /**
     * One fault in a scenario step's {@code inject} syntax, part of a larger document (a workshop mystery's).
     *
     * @throws ScenarioException with every error in it
     */
    public static Step.Inject injection(String file, Node node) {
        ScenarioParser parser = new ScenarioParser(file);
        Optional<Step> inject = parser.inject(node);
        if (!parser.yaml.errors().isEmpty() || inject.isEmpty()) {
            throw new ScenarioException(parser.yaml.errors());
        }
        return (Step.Inject) inject.get();
    }

    /** The node tree of a YAML text. @throws ScenarioException when it is not YAML or is empty */
    private static Node compose(String file, String text, String needs) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            int column = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(1);
            throw new ScenarioException(List.of(new ScenarioError(file, line, column, "not valid YAML: "
                    + e.getProblem() + (e.getContext() == null ? "" : " " + e.getContext()))));
        } catch (YamlEngineException e) {
            throw new ScenarioException(List.of(new ScenarioError(file, 1, 1, "not valid YAML: " + e.getMessage())));
        }
        return root.orElseThrow(() -> new ScenarioException(List.of(new ScenarioError(file, 1, 1,
                "the file is empty; " + needs))));
    }

    private Scenario read(String name, String text) {
        return read(name, compose(file, text, "a scenario needs title and method"));
    }

    private Scenario read(String name, Node root) {
        var top = yaml.mapping(root, "the scenario", TOP, keys("title", "method"));
        if (top.isEmpty()) {
            throw new ScenarioException(yaml.errors());
        }
        YamlTree.Entries entries = top.get();
        String title = entries.get("title").flatMap(n -> yaml.scalar(n, "title")).orElse("");
        String description = entries.get("description").flatMap(n -> yaml.scalar(n, "description")).orElse("");
        String exercise = entries.get("exercise").flatMap(n -> yaml.scalar(n, "exercise")).orElse("");
        LoadProfile load = entries.get("load").map(this::loadProfile).orElse(LoadProfile.NONE);
        List<Probe> steadyState = new ArrayList<>();
        entries.get("steady-state").ifPresent(n -> {
            int index = 0;
            for (Node item : yaml.sequence(n, "steady-state")) {
                index++;
                final int number = index;
                probeEntry(item, "steady-state probe " + number, Set.of())
                        .ifPresent(p -> steadyState.add(p.probe()));
            }
        });
        List<Step> method = steps(entries.get("method"), "method", Set.of());
        Set<String> stepNames = new HashSet<>();
        method.forEach(step -> stepNames.add(step.name()));
        List<Expectation> expectations = new ArrayList<>();
        entries.get("expectations").ifPresent(n -> {
            for (Node item : yaml.sequence(n, "expectations")) {
                expectation(item, stepNames).ifPresent(expectations::add);
            }
        });
        List<Expectation> measurements = new ArrayList<>();
        entries.get("measurements").ifPresent(n -> {
            measuring = true;
            for (Node item : yaml.sequence(n, "measurements")) {
                expectation(item, stepNames).ifPresent(measurements::add);
            }
            measuring = false;
        });
        Set<String> injected = new HashSet<>();
        method.stream().filter(Step.Inject.class::isInstance).forEach(step -> injected.add(step.name()));
        List<Step> rollbacks = steps(entries.get("rollbacks"), "rollbacks", injected);
        boolean usesLoad = steadyState.stream().anyMatch(Probe.Load.class::isInstance)
                || expectations.stream().anyMatch(e -> e.probe() instanceof Probe.Load)
                || measurements.stream().anyMatch(e -> e.probe() instanceof Probe.Load);
        if (usesLoad && load.rate() <= 0) {
            yaml.error(root, "load probes need traffic: give the scenario 'load: {rate: ...}'");
        }
        if (!yaml.errors().isEmpty()) {
            throw new ScenarioException(yaml.errors());
        }
        return new Scenario(name, file, title, description, exercise, load, steadyState, method, expectations, measurements,
                rollbacks);
    }

    private LoadProfile loadProfile(Node node) {
        var entries = yaml.mapping(node, "load", keys("rate", "mix", "warm-up", "auth"), keys("rate"));
        if (entries.isEmpty()) {
            return LoadProfile.NONE;
        }
        double rate = entries.get().get("rate").flatMap(n -> yaml.number(n, "load rate", 0)).orElse(0.0);
        RequestMix mix = entries.get().get("mix").map(this::mix).orElse(RequestMix.DEFAULT);
        Duration warmUp = entries.get().get("warm-up").flatMap(n -> duration(n, "warm-up")).orElse(Duration.ofSeconds(5));
        LoadIdentity identity = entries.get().get("auth").map(this::identity).orElse(LoadIdentity.API_KEY);
        return new LoadProfile(rate, mix, warmUp, identity);
    }

    /** {@code auth: api-key | jwt}, or {@code auth: {kind: jwt, client: ID, renew-every: 10s}}. */
    private LoadIdentity identity(Node node) {
        if (!(node instanceof MappingNode)) {
            return yaml.scalar(node, "auth").map(text -> identity(node, text, ClientCredentials.DEMO_CLIENT, Optional.empty()))
                    .orElse(LoadIdentity.API_KEY);
        }
        var entries = yaml.mapping(node, "auth", keys("kind", "client", "renew-every"), keys("kind"));
        if (entries.isEmpty()) {
            return LoadIdentity.API_KEY;
        }
        String kind = entries.get().get("kind").flatMap(n -> yaml.scalar(n, "auth kind")).orElse("api-key");
        String client = entries.get().get("client").flatMap(n -> yaml.scalar(n, "auth client"))
                .orElse(ClientCredentials.DEMO_CLIENT);
        Optional<Duration> renewEvery = entries.get().get("renew-every").flatMap(n -> duration(n, "renew-every"));
        return identity(node, kind, client, renewEvery);
    }

    private LoadIdentity identity(Node node, String kind, String client, Optional<Duration> renewEvery) {
        try {
            return switch (LoadIdentity.Kind.parse(kind)) {
                case API_KEY -> LoadIdentity.API_KEY;
                case JWT -> LoadIdentity.jwt(client, renewEvery);
            };
        } catch (IllegalArgumentException e) {
            yaml.error(node, "auth: " + e.getMessage());
            return LoadIdentity.API_KEY;
        }
    }

    private RequestMix mix(Node node) {
        Set<String> endpoints = new LinkedHashSet<>();
        for (Endpoint endpoint : Endpoint.values()) {
            endpoints.add(endpoint.key());
        }
        var entries = yaml.mapping(node, "mix", endpoints, Set.of());
        if (entries.isEmpty()) {
            return RequestMix.DEFAULT;
        }
        Map<Endpoint, Integer> weights = new EnumMap<>(Endpoint.class);
        entries.get().values().forEach((key, value) -> yaml.number(value, "the weight of " + key, 0)
                .ifPresent(w -> weights.put(Endpoint.of(key), (int) Math.round(w))));
        try {
            return new RequestMix(weights);
        } catch (IllegalArgumentException e) {
            yaml.error(node, "mix: " + e.getMessage());
            return RequestMix.DEFAULT;
        }
    }

    /** A probe under its kind key, with {@code extra} keys allowed beside it (an expectation's timing). */
    private Optional<ProbeEntry> probeEntry(Node node, String what, Set<String> extra) {
        Optional<Kinded> kinded = oneOf(node, what, PROBE_KINDS, extra);
        if (kinded.isEmpty()) {
            return Optional.empty();
        }
        YamlTree.Entries entries = kinded.get().entries();
        String kind = kinded.get().kind();
        String name = entries.get("name").flatMap(n -> yaml.scalar(n, "name")).orElse(kind + " probe");
        Node body = entries.values().get(kind);
        Optional<Probe> probe = switch (kind) {
            case "http" -> http(name, body);
            case "metric" -> metric(name, body);
            case "promql" -> promql(name, body);
            default -> load(name, body);
        };
        return probe.map(p -> new ProbeEntry(p, entries));
    }

    /**
     * A mapping with a {@code name}, exactly one of {@code kinds} (its body), and the {@code extra} keys.
     */
    private Optional<Kinded> oneOf(Node node, String what, Set<String> kinds, Set<String> extra) {
        Set<String> allowed = new LinkedHashSet<>(List.of("name"));
        allowed.addAll(kinds);
        allowed.addAll(extra);
        var entries = yaml.mapping(node, what, allowed, Set.of());
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<String> present = kinds.stream().filter(entries.get()::has).toList();
        if (present.size() != 1) {
            yaml.error(node, what + " needs exactly one of " + String.join(", ", kinds)
                    + (present.isEmpty() ? "" : "; it has " + String.join(" and ", present)));
            return Optional.empty();
        }
        return Optional.of(new Kinded(present.getFirst(), entries.get()));
    }

    private Optional<Probe> http(String name, Node node) {
        var entries = yaml.mapping(node, "http probe", keys("process", "method", "path", "status", "latency", "tolerance"),
                keys("path"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String process = entries.get().get("process").flatMap(n -> yaml.scalar(n, "process")).orElse("gateway");
        String method = entries.get().get("method").flatMap(n -> yaml.scalar(n, "method")).orElse("GET");
        Optional<String> path = entries.get().get("path").flatMap(n -> yaml.scalar(n, "path"));
        path.filter(p -> !p.startsWith("/")).ifPresent(p -> yaml.error(entries.get().values().get("path"),
                "path must start with /"));
        int status = entries.get().get("status").flatMap(n -> yaml.number(n, "status", 100)).map(Double::intValue).orElse(200);
        String tolerance = entries.get().get("tolerance").flatMap(n -> yaml.scalar(n, "tolerance")).orElse(null);
        Condition latency = entries.get().get("latency").flatMap(n -> condition(n, tolerance))
                .orElse(new Condition("<", DEFAULT_LATENCY_LIMIT.toMillis(), 0, "< 5s"));
        return path.map(p -> new Probe.Http(name, process, method.toUpperCase(java.util.Locale.ROOT), p, status, latency));
    }

    private Optional<Probe> metric(String name, Node node) {
        var entries = yaml.mapping(node, "metric probe", keys("process", "series", "per", "expect", "tolerance", "increase"),
                keys("process", "series"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> process = entries.get().get("process").flatMap(n -> yaml.scalar(n, "process"));
        Optional<SeriesSelector> series = entries.get().get("series").flatMap(n -> selector(n, "series"));
        Optional<SeriesSelector> per = entries.get().get("per").flatMap(n -> selector(n, "per"));
        Optional<Condition> expect = expect(entries.get(), "metric probe");
        boolean increase = entries.get().get("increase").flatMap(n -> yaml.scalar(n, "increase"))
                .map(Boolean::parseBoolean).orElse(false);
        if (process.isEmpty() || series.isEmpty() || expect.isEmpty() || entries.get().has("per") && per.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Probe.Metric(name, process.get(), series.get(), expect.get(), increase, per));
    }

    private Optional<SeriesSelector> selector(Node node, String key) {
        return yaml.parsed(node, key, SeriesSelector::parse);
    }

    private Optional<Probe> promql(String name, Node node) {
        var entries = yaml.mapping(node, "promql probe", keys("query", "expect", "tolerance"), keys("query"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> query = entries.get().get("query").flatMap(n -> yaml.scalar(n, "query"));
        Optional<Condition> expect = expect(entries.get(), "promql probe");
        return query.isPresent() && expect.isPresent()
                ? Optional.of(new Probe.Promql(name, query.get(), expect.get())) : Optional.empty();
    }

    private Optional<Probe> load(String name, Node node) {
        var entries = yaml.mapping(node, "load probe", keys("measure", "endpoint", "per", "over", "expect", "tolerance"),
                keys("measure"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> measure = entries.get().get("measure").flatMap(n -> yaml.scalar(n, "measure").filter(m -> {
            if (!Probe.Load.MEASURES.contains(m)) {
                yaml.error(n, "unknown measure '" + m + "'; expected one of: " + String.join(", ", Probe.Load.MEASURES));
                return false;
            }
            return true;
        }));
        Optional<Endpoint> endpoint = endpoint(entries.get(), "endpoint");
        Optional<Endpoint> per = endpoint(entries.get(), "per");
        if (entries.get().has("endpoint") && endpoint.isEmpty() || entries.get().has("per") && per.isEmpty()) {
            return Optional.empty();
        }
        Duration over = entries.get().get("over").flatMap(n -> duration(n, "over").filter(d -> {
            if (d.compareTo(LoadStats.HORIZON) > 0 || d.toMillis() < 1000) {
                yaml.error(n, "over must be from 1s to " + FaultDurations.format(LoadStats.HORIZON));
                return false;
            }
            return true;
        })).orElse(Duration.ofSeconds(10));
        Optional<Condition> expect = expect(entries.get(), "load probe");
        if (measure.isEmpty() || expect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Probe.Load(name, measure.get(), endpoint, over, expect.get(), per));
    }

    /** The endpoint under {@code key}, empty when absent or unknown (unknown is reported). */
    private Optional<Endpoint> endpoint(YamlTree.Entries entries, String key) {
        if (!entries.has(key)) {
            return Optional.empty();
        }
        Node node = entries.values().get(key);
        try {
            return yaml.scalar(node, key).map(Endpoint::of);
        } catch (IllegalArgumentException e) {
            yaml.error(node, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Condition> expect(YamlTree.Entries entries, String what) {
        if (!entries.has("expect")) {
            if (measuring) {
                return Optional.of(Condition.ANY);
            }
            yaml.error(entries.node(), what + " needs 'expect'");
            return Optional.empty();
        }
        String tolerance = entries.get("tolerance").flatMap(n -> yaml.scalar(n, "tolerance")).orElse(null);
        return entries.get("expect").flatMap(n -> condition(n, tolerance));
    }

    private Optional<Condition> condition(Node node, String tolerance) {
        return yaml.scalar(node, "the condition").flatMap(text -> {
            try {
                return Optional.of(Condition.parse(text, tolerance));
            } catch (IllegalArgumentException e) {
                yaml.error(node, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<Expectation> expectation(Node node, Set<String> stepNames) {
        Optional<ProbeEntry> entry = probeEntry(node, "expectation", keys("after", "within", "at"));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        YamlTree.Entries entries = entry.get().entries();
        if (!entries.has("name")) {
            yaml.error(node, (measuring ? "a measurement" : "an expectation") + " needs a 'name' for the report");
        }
        Optional<String> after = entries.get("after").flatMap(n -> reference(n, "after", stepNames));
        Optional<Duration> within = entries.get("within").flatMap(n -> duration(n, "within"));
        Optional<String> at = entries.get("at").flatMap(n -> reference(n, "at", stepNames));
        if (entries.has("at") && entries.has("within")) {
            yaml.error(entries.values().get("at"), "'at' is a one-time check at a step; it goes without 'within'");
        }
        return Optional.of(new Expectation(entry.get().probe(), after, within, at));
    }

    private Optional<String> reference(Node node, String key, Set<String> stepNames) {
        return yaml.scalar(node, key).filter(name -> {
            if (!stepNames.contains(name)) {
                yaml.error(node, key + ": no method step is named '" + name + "'; steps: " + String.join(", ", stepNames));
                return false;
            }
            return true;
        });
    }

    private List<Step> steps(Optional<Node> node, String what, Set<String> knownFaults) {
        List<Step> steps = new ArrayList<>();
        if (node.isEmpty()) {
            return steps;
        }
        Set<String> faults = new HashSet<>(knownFaults);
        Set<String> names = new HashSet<>();
        int index = 0;
        for (Node item : yaml.sequence(node.get(), what)) {
            index++;
            step(item, what + " step " + index, faults).ifPresent(step -> {
                if (!names.add(step.name()) && (step instanceof Step.Inject)) {
                    yaml.error(item, "a fault named '" + step.name() + "' is injected twice; give each its own name");
                }
                if (step instanceof Step.Inject) {
                    faults.add(step.name());
                }
                steps.add(step);
            });
        }
        return steps;
    }

    private Optional<Step> step(Node node, String what, Set<String> faults) {
        Optional<Kinded> kinded = oneOf(node, what, STEP_KINDS, Set.of());
        if (kinded.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> given = kinded.get().entries().get("name").flatMap(n -> yaml.scalar(n, "name"));
        Node body = kinded.get().entries().values().get(kinded.get().kind());
        return switch (kinded.get().kind()) {
            case "inject" -> inject(body);
            case "clear" -> yaml.scalar(body, "clear").filter(fault -> {
                if (!fault.equals(Step.Clear.ALL) && !faults.contains(fault)) {
                    yaml.error(body, "clear: no fault named '" + fault + "' was injected before; write a fault's "
                            + "name or 'all'");
                    return false;
                }
                return true;
            }).map(fault -> new Step.Clear(given.orElse("clear " + fault), fault));
            case "wait" -> duration(body, "wait").map(d -> new Step.Wait(given.orElse("wait " + FaultDurations.format(d)), d));
            case "rotate-signing-key" -> {
                var rotation = yaml.mapping(body, "rotate-signing-key", keys("lead"), Set.of());
                yield rotation.map(r -> new Step.RotateSigningKey(given.orElse("rotate signing key"),
                        r.get("lead").flatMap(n -> duration(n, "lead"))));
            }
            default -> {
                var load = yaml.mapping(body, "load step", keys("rate"), keys("rate"));
                yield load.flatMap(l -> l.get("rate")).flatMap(n -> yaml.number(n, "rate", 0))
                        .map(rate -> new Step.Load(given.orElse("load " + rate.intValue() + "/s"), rate));
            }
        };
    }

    private Optional<Step> inject(Node node) {
        var entries = yaml.mapping(node, "inject", keys(FaultSpec.KIND, FaultSpec.TARGET, FaultSpec.PROBABILITY,
                FaultSpec.SEED, FaultSpec.PARAMETERS, FaultSpec.DURATION, "name"),
                keys("name", FaultSpec.KIND, FaultSpec.TARGET, FaultSpec.DURATION));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = entries.get().get("name").flatMap(n -> yaml.scalar(n, "name"));
        Optional<String> kind = entries.get().get(FaultSpec.KIND).flatMap(n -> yaml.scalar(n, FaultSpec.KIND));
        Optional<Duration> duration = entries.get().get(FaultSpec.DURATION).flatMap(n -> duration(n, FaultSpec.DURATION));
        Optional<FaultSpec.Target> target = entries.get().get(FaultSpec.TARGET).flatMap(this::target);
        entries.get().get(FaultSpec.PARAMETERS).filter(n -> !(n instanceof MappingNode))
                .ifPresent(n -> yaml.error(n, "parameters must be a mapping (key: value lines)"));
        Optional<Double> probability = entries.get().get(FaultSpec.PROBABILITY)
                .flatMap(n -> yaml.number(n, FaultSpec.PROBABILITY, 0).flatMap(p -> {
                    if (p > 1) {
                        yaml.error(n, "probability must be from 0 to 1");
                        return Optional.empty();
                    }
                    return Optional.of(p);
                }));
        Optional<Long> seed = entries.get().get(FaultSpec.SEED).flatMap(n -> yaml.parsed(n, FaultSpec.SEED, text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, not '" + text + "'");
            }
        }));
        if (name.isEmpty() || kind.isEmpty() || duration.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = entries.get().get(FaultSpec.PARAMETERS)
                .filter(MappingNode.class::isInstance).map(n -> (Map<String, Object>) yaml.value(n)).orElse(null);
        FaultSpec fault = new FaultSpec(kind.get(), target.get(), probability.orElse(null), seed.orElse(null),
                parameters, duration.get());
        return Optional.of(new Step.Inject(name.get(), target.get().service(), target.get().instance(), fault,
                yaml.where(node)));
    }

    private Optional<FaultSpec.Target> target(Node node) {
        Optional<YamlTree.Entries> target = yaml.mapping(node, FaultSpec.TARGET, keys(FaultSpec.Target.SERVICE,
                FaultSpec.Target.INSTANCE, FaultSpec.Target.ROUTE, FaultSpec.Target.METHOD, FaultSpec.Target.HEADER),
                keys(FaultSpec.Target.SERVICE));
        Optional<String> service = target.flatMap(t -> t.get(FaultSpec.Target.SERVICE))
                .flatMap(n -> yaml.scalar(n, "target.service"));
        Optional<YamlTree.Entries> header = target.flatMap(t -> t.get(FaultSpec.Target.HEADER)).flatMap(n ->
                yaml.mapping(n, "target.header", keys(FaultSpec.Target.HEADER_NAME, FaultSpec.Target.HEADER_VALUE),
                        keys(FaultSpec.Target.HEADER_NAME)));
        if (service.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FaultSpec.Target(service.get(), text(target, FaultSpec.Target.INSTANCE),
                text(target, FaultSpec.Target.ROUTE), text(target, FaultSpec.Target.METHOD),
                text(header, FaultSpec.Target.HEADER_NAME), text(header, FaultSpec.Target.HEADER_VALUE)));
    }

    private String text(Optional<YamlTree.Entries> entries, String key) {
        return entries.flatMap(e -> e.get(key)).flatMap(n -> yaml.scalar(n, key)).orElse(null);
    }

    private Optional<Duration> duration(Node node, String what) {
        return yaml.parsed(node, what, FaultDurations::parse);
    }

    private static Set<String> keys(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }

    private record ProbeEntry(Probe probe, YamlTree.Entries entries) {
    }

    private record Kinded(String kind, YamlTree.Entries entries) {
    }
}
