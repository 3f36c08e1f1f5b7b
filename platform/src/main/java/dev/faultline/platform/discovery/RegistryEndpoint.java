package dev.faultline.platform.discovery;

import dev.faultline.platform.http.Json;
import io.helidon.webserver.http.HttpRouting;

/** {@code GET /admin/registry} on the admin socket: every instance with its health, load and ejections. */
public final class RegistryEndpoint {

    private RegistryEndpoint() {
    }

    public static void register(HttpRouting.Builder admin, Discovery discovery) {
        admin.get("/admin/registry", (req, res) -> Json.send(res, discovery.snapshot()));
    }
}
