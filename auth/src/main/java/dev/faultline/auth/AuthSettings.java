package dev.faultline.auth;

import java.time.Duration;
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
 */
record AuthSettings(String issuer, String audience, Duration tokenLifetime, Map<String, Client> clients,
                    Duration publishLead, Duration clockSkew) {

    AuthSettings {
        clients = Map.copyOf(clients);
    }

    static AuthSettings from(Config auth) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (Config node : auth.get("clients").asNodeList().orElseThrow(() ->
                new IllegalStateException(auth.get("clients").key() + " is missing"))) {
            String id = text(node.get("id"));
            String sha = text(node.get("secret-sha256"));
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(node.get("secret-sha256").key() + " must be 64 lower-case hex digits");
            }
            List<String> scopes = node.get("scopes").asList(String.class).orElseThrow(() ->
                    new IllegalStateException(node.get("scopes").key() + " is missing"));
            clients.put(id, new Client(id, Client.hex(sha), new LinkedHashSet<>(scopes)));
        }
        String issuer = text(auth.get("issuer"));
        if (issuer.endsWith("/")) {
            throw new IllegalStateException(auth.get("issuer").key() + " must not end in '/': it is compared exactly");
        }
        return new AuthSettings(issuer, text(auth.get("audience")),
                ProcessConfig.required(auth.get("token-lifetime"), Duration.class), clients,
                ProcessConfig.required(auth.get("keys.publish-lead"), Duration.class),
                ProcessConfig.required(auth.get("keys.clock-skew"), Duration.class));
    }

    private static String text(Config node) {
        String value = ProcessConfig.required(node, String.class);
        if (value.isBlank()) {
            throw new IllegalStateException(node.key() + " is missing");
        }
        return value;
    }
}
