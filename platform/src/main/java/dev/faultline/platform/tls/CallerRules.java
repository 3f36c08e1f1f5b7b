package dev.faultline.platform.tls;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.config.Config;

/**
 * Who may call a service, by the identity in the caller's certificate ({@code tls.callers} in its
 * {@code application.yaml}; enforced under mtls). The first rule whose path and method match decides; a request no
 * rule matches is refused, and so is one carrying the gateway's identity headers from anyone but the gateway.
 */
public final class CallerRules {

    /** The one caller that may tell a service who the outside caller is. */
    public static final String IDENTITY_SETTER = "gateway";
    /** No rules: a process that faces outside callers (the gateway, the issuer). */
    public static final CallerRules NONE = new CallerRules(List.of());

    private final List<Rule> rules;

    private CallerRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of a {@code tls.callers} list: each {@code path} (a prefix), {@code methods} (any if absent), {@code allow}. */
    public static CallerRules from(Config callers) {
        if (!callers.exists()) {
            return NONE;
        }
        List<Rule> rules = callers.asNodeList().orElse(List.of()).stream().map(node -> new Rule(
                node.get("path").asString().orElseThrow(() -> new IllegalArgumentException(node.key() + ".path is missing")),
                node.get("methods").asList(String.class).orElse(List.of()).stream()
                        .map(method -> method.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                Set.copyOf(node.get("allow").asList(String.class)
                        .orElseThrow(() -> new IllegalArgumentException(node.key() + ".allow is missing"))))).toList();
        return new CallerRules(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Whether {@code caller} may make this request.
     *
     * @param caller      the service its certificate names; empty when it names none in the sandbox's trust domain
     * @param setsIdentity whether the request carries any of the gateway's identity headers
     * @return empty when allowed, else why not, in words for the problem's detail and the span
     */
    public Optional<String> refusal(Optional<String> caller, String method, String path, boolean setsIdentity) {
        if (caller.isEmpty()) {
            return Optional.of("the caller's certificate names no service of this sandbox");
        }
        String who = caller.get();
        if (setsIdentity && !who.equals(IDENTITY_SETTER)) {
            return Optional.of("only " + IDENTITY_SETTER + " may set identity headers; the caller is " + who);
        }
        Optional<Rule> rule = rules.stream().filter(r -> r.matches(method, path)).findFirst();
        if (rule.isEmpty()) {
            return Optional.of("no rule lets anyone " + method + " " + path);
        }
        return rule.get().allow().contains(who) ? Optional.empty()
                : Optional.of("only " + String.join(", ", rule.get().allow().stream().sorted().toList()) + " may "
                        + rule.get().describe() + "; the caller is " + who);
    }

    /**
     * One rule.
     *
     * @param path    a path prefix, matched at a segment boundary ({@code /payments} matches {@code /payments/7})
     * @param methods the methods it covers; every method when empty
     * @param allow   the services that may call
     */
    public record Rule(String path, Set<String> methods, Set<String> allow) {

        boolean matches(String method, String requestPath) {
            return (methods.isEmpty() || methods.contains(method))
                    && (requestPath.equals(path) || requestPath.startsWith(path.endsWith("/") ? path : path + "/"));
        }

        /** E.g. "POST /payments". */
        public String describe() {
            return (methods.isEmpty() ? "call" : String.join("|", methods.stream().sorted().toList())) + " " + path;
        }
    }
}
