package dev.faultline.gateway.identity;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified access token says about its caller.
 *
 * @param subject   {@code sub}: the resource owner, or the client itself for client credentials
 * @param clientId  {@code client_id}: the application that asked for the token
 * @param scopes    what it may do
 * @param expiresAt {@code exp}
 */
public record AccessToken(String subject, String clientId, Set<String> scopes, Instant expiresAt) {

    public AccessToken {
        scopes = Set.copyOf(scopes);
    }
}
