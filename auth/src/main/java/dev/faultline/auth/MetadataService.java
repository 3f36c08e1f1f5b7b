package dev.faultline.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * What a client or a resource server needs to know about this issuer: its metadata (RFC 8414, at the well-known path
 * its issuer identifier gives, and the same document as OpenID Connect discovery) and its public keys (a JWK set,
 * RFC 7517 section 5). The issuer is the configured one, whatever Host a request names.
 */
final class MetadataService implements HttpService {

    static final String METADATA = "/.well-known/oauth-authorization-server";
    /** OpenID Connect Discovery 1.0 section 4: the same document, for clients that find an issuer the OpenID way. */
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    static final String JWKS = "/jwks";

    private final AuthSettings settings;
    private final SigningKeys keys;

    MetadataService(AuthSettings settings, SigningKeys keys) {
        this.settings = settings;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(METADATA, (req, res) -> Json.send(res, metadata()))
                .get(OPENID_CONFIGURATION, (req, res) -> Json.send(res, metadata()))
                .get(JWKS, (req, res) -> {
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/jwk-set+json");
                    res.send(keys.published().toString());
                });
    }

    private Map<String, Object> metadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", settings.issuer());
        metadata.put("authorization_endpoint", settings.issuer() + AuthorizeService.PATH);
        metadata.put("token_endpoint", settings.issuer() + "/token");
        metadata.put("jwks_uri", settings.issuer() + JWKS);
        metadata.put("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        TreeSet<String> scopes = new TreeSet<>();
        settings.clients().values().forEach(client -> scopes.addAll(client.scopes()));
        metadata.put("scopes_supported", List.copyOf(scopes));
        // OpenID Connect Discovery 1.0 section 3 (ES256 only: Discovery asks for RS256 too; this issuer has EC keys)
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
        metadata.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce"));
        return metadata;
    }
}
