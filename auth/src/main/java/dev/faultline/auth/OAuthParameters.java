package dev.faultline.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** How the issuer's endpoints read what a client or a browser sends: a form body, and a scope parameter. */
final class OAuthParameters {

    private OAuthParameters() {
    }

    /**
     * A form body's parameters (application/x-www-form-urlencoded).
     *
     * @throws IllegalArgumentException for a parameter given twice (RFC 6749 section 3.2)
     */
    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (form.put(name, value) != null) {
                throw new IllegalArgumentException("Parameter " + name + " is given more than once.");
            }
        }
        return form;
    }

    /** The scopes a space-delimited scope parameter names, in its order; all of {@code otherwise} when it names none. */
    static Set<String> scopes(String scope, Collection<String> otherwise) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) {
            scopes.addAll(otherwise);
        } else {
            Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return scopes;
    }
}
