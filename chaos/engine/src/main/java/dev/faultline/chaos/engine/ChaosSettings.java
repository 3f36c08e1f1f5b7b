package dev.faultline.chaos.engine;

import java.time.Duration;

import dev.faultline.platform.http.AdminToken;
import io.helidon.config.Config;

/**
 * The chaos engine's configuration.
 *
 * @param adminToken  bearer token of the admin API ({@code FAULTLINE_ADMIN_TOKEN}); absent: the API refuses
 * @param instance    this process's instance name ({@code FAULTLINE_INSTANCE}, e.g. {@code payments-2})
 * @param maxDuration the longest lease a fault may have ({@code chaos.max-duration}, default 10 minutes)
 * @param faultHeader response header that marks a request hit by a fault ({@code chaos.fault-header})
 */
record ChaosSettings(AdminToken adminToken, String instance, Duration maxDuration, String faultHeader) {

    static ChaosSettings from(Config config, String service) {
        return new ChaosSettings(
                AdminToken.from(config),
                config.get("faultline.instance").asString().orElse(service),
                config.get("chaos.max-duration").as(Duration.class).orElse(Duration.ofMinutes(10)),
                config.get("chaos.fault-header").asString().orElse("X-Faultline-Fault"));
    }
}
