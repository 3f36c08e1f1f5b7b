package dev.faultline.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.faultline.platform.ProcessConfig;
import io.helidon.config.Config;

/**
 * The authorization server's configuration ({@code auth.*}; every key and its default is in application.yaml).
 *
 * @param issuer        the exact {@code iss} of every token and of the metadata, fixed by configuration
 * @param audience      the {@code aud} of every access token
 * @param tokenLifetime how long an access token lives
 * @param clients       the clients by id
 * @param publishLead   how long a new signing key is published before it signs
 * @param clockSkew     how far verifiers' clocks may be off: a retired key stays published this long after the last
 *                      token it signed expired
 * @param personas      who may sign in at the authorization endpoint, by subject
 * @param codeLifetime  how long an authorization code may wait to be redeemed
 * @param refreshLifetime how long a refresh token lives (each use replaces it)
 */
record AuthSettings(String issuer, String audience, Duration tokenLifetime, Map<String, Client> clients,
                    Duration publishLead, Duration clockSkew, Map<String, Persona> personas, Duration codeLifetime,
                    Duration refreshLifetime) {

    AuthSettings {
        clients = Map.copyOf(clients);
        // in the configuration's order: the persona page lists them so
        personas = Collections.unmodifiableMap(new LinkedHashMap<>(personas));
    }

    static AuthSettings from(Config auth) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (Config node : auth.get("clients").asNodeList().orElseThrow(() ->
                new IllegalStateException(auth.get("clients").key() + " is missing"))) {
            String id = text(node.get("id"));
            String sha = node.get("secret-sha256").asString().orElse("");
            if (!sha.isEmpty() && !sha.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(node.get("secret-sha256").key() + " must be 64 lower-case hex digits");
            }
            List<String> scopes = node.get("scopes").asList(String.class).orElseThrow(() ->
                    new IllegalStateException(node.get("scopes").key() + " is missing"));
            List<String> redirects = node.get("redirect-uris").asList(String.class).orElse(List.of());
            for (String redirect : redirects) {
                URI uri = URI.create(redirect);
                if (!uri.isAbsolute() || !List.of("http", "https").contains(uri.getScheme()) || uri.getFragment() != null) {
                    throw new IllegalStateException(node.get("redirect-uris").key() + ": '" + redirect
                            + "' must be an absolute http(s) URI without a fragment");
                }
            }
            if (sha.isEmpty() && redirects.isEmpty()) {
                throw new IllegalStateException("client " + id + " has neither a secret nor redirect-uris: it could do nothing");
            }
            clients.put(id, new Client(id, sha.isEmpty() ? new byte[0] : Client.hex(sha), new LinkedHashSet<>(scopes),
                    redirects));
        }
        Map<String, Persona> personas = new LinkedHashMap<>();
        for (Config node : auth.get("personas").asNodeList().orElse(List.of())) {
            String subject = text(node.get("subject"));
            personas.put(subject, new Persona(subject, text(node.get("name")), new LinkedHashSet<>(node.get("scopes")
                    .asList(String.class).orElseThrow(() -> new IllegalStateException(node.get("scopes").key() + " is missing")))));
        }
        String issuer = text(auth.get("issuer"));
        if (issuer.endsWith("/")) {
            throw new IllegalStateException(auth.get("issuer").key() + " must not end in '/': it is compared exactly");
        }
        return new AuthSettings(issuer, text(auth.get("audience")),
                ProcessConfig.required(auth.get("token-lifetime"), Duration.class), clients,
                ProcessConfig.required(auth.get("keys.publish-lead"), Duration.class),
                ProcessConfig.required(auth.get("keys.clock-skew"), Duration.class), personas,
                ProcessConfig.required(auth.get("authorization.code-lifetime"), Duration.class),
                ProcessConfig.required(auth.get("authorization.refresh-lifetime"), Duration.class));
    }

    private static String text(Config node) {
        String value = ProcessConfig.required(node, String.class);
        if (value.isBlank()) {
            throw new IllegalStateException(node.key() + " is missing");
        }
        return value;
    }
}
