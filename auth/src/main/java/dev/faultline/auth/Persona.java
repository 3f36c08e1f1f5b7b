package dev.faultline.auth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Someone who may sign in at the authorization endpoint: a demo user picked on the persona page (no password: the
 * sandbox teaches the flow, not authentication), with the scopes the person may delegate to a client.
 *
 * @param subject the token's {@code sub}
 * @param name    shown on the persona page
 */
record Persona(String subject, String name, Set<String> scopes) {

    Persona {
        // in the configuration's order: a token asking for none lists them so
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }
}
