package dev.faultline.auth;

import java.nio.file.Path;
import java.util.Map;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.ProcessConfig;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.http.AdminToken;
import io.micrometer.core.instrument.Gauge;

/** Starts the authorization server. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new AuthProcessDefinition());
    }

    /** The issuer's endpoints on the API socket; its keys in {@code data.dir}; tests start it the same way. */
    public static ServiceServer.Parts parts(ProcessContext context) {
        AuthSettings settings = AuthSettings.from(context.config().get("auth"));
        SigningKeys keys = SigningKeys.open(Path.of(ProcessConfig.required(context.config().get("data.dir"), String.class)),
                context.clock());
        AccessTokens tokens = new AccessTokens(settings, keys, context.clock());
        RefreshTokens refreshTokens = new RefreshTokens(context.clock(), settings.refreshLifetime());
        AuthorizationCodes codes = new AuthorizationCodes(context.clock(), settings.codeLifetime(), refreshTokens);
        Gauge.builder(TelemetryNames.AUTH_SIGNING_KEY_AGE, keys, SigningKeys::signingKeyAgeSeconds).baseUnit("seconds")
                .description("Seconds since the key that signs now was made").register(context.meters());
        Gauge.builder(TelemetryNames.AUTH_PUBLISHED_KEYS, keys, SigningKeys::publishedCount)
                .description("Keys the JWK set publishes").register(context.meters());
        return new ServiceServer.Parts(
                routing -> routing.register(new MetadataService(settings, keys))
                        .register(new AuthorizeService(settings, codes, context.clock()))
                        .register(new TokenService(settings, tokens,
                                new IdTokens(settings, keys, context.clock()), codes, refreshTokens, context.meters())),
                admin -> admin.register(new KeysEndpoint(keys, settings, AdminToken.from(context.config()))),
                Map.of("keys", () -> true),
                () -> { },
                false);
    }
}
