package dev.faultline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.faultline.chaos.model.SettingsFile;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessConfigTest {

    @Test
    void aLearnersSettingWinsOverTheDefaultAndTheRestStays(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("orders.properties");
        Files.writeString(settings, "orders.payments.resilience.circuit-breaker.delay=PT2S\n");

        Config config = ProcessConfig.load(Optional.of(settings));

        assertThat(config.get("orders.payments.resilience.circuit-breaker.delay").asString().get()).isEqualTo("PT2S");
        assertThat(config.get("orders.payments.resilience.circuit-breaker.volume").asInt().get()).isEqualTo(10);
    }

    @Test
    void noSettingsFileMeansTheDefaults(@TempDir Path dir) {
        Config config = ProcessConfig.load(Optional.of(dir.resolve("missing.properties")));

        assertThat(config.get("orders.payments.resilience.circuit-breaker.delay").asString().get()).isEqualTo("PT5S");
        assertThat(ProcessConfig.load(Optional.empty()).get("admin.port").asInt().get()).isEqualTo(9999);
    }

    @Test
    void aProcessSharingItsJvmReadsItsOwnEnvironmentOverItsSettingsOverItsDefaults(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("orders.properties");
        Files.writeString(settings, "orders.payments.resilience.circuit-breaker.delay=PT2S\n"
                + "orders.payments.resilience.circuit-breaker.volume=15\n");

        Config config = ProcessConfig.of(ProcessConfigTest.class, java.util.Map.of("ADMIN_PORT", "9100",
                SettingsFile.VARIABLE, settings.toString(), "ORDERS_PAYMENTS_RESILIENCE_CIRCUIT_dash_BREAKER_VOLUME", "20"));

        assertThat(config.get("admin.port").asInt().get()).isEqualTo(9100);
        assertThat(config.get("orders.payments.resilience.circuit-breaker.volume").asInt().get()).isEqualTo(20);
        assertThat(config.get("orders.payments.resilience.circuit-breaker.delay").asString().get()).isEqualTo("PT2S");
        // the JVM's own system properties and environment are every process's, not this one's
        assertThat(config.get("java.version").exists()).isFalse();
        assertThat(config.get("path").exists()).isFalse();
    }
}
