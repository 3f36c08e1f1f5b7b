package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {

    @TempDir
    Path home;
    private ServiceSettings settings;
    private SandboxPaths paths;

    @BeforeEach
    void aCheckoutWhoseOrdersJarHasItsDefaults() throws Exception {
        Path jar = home.resolve("services/orders/target/orders.jar");
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("application.yaml"));
            zip.write("""
                    orders:
                      payments:
                        url: http://127.0.0.1:8084,http://127.0.0.1:8094
                        resilience:
                          circuit-breaker:
                            delay: PT5S
                            volume: 10
                    """.getBytes());
            zip.closeEntry();
        }
        paths = SandboxPaths.of(home);
        settings = new ServiceSettings(paths, Topology.local(paths, 0));
    }

    @Test
    void aSettingIsWrittenWhereTheServiceReadsItAndResetRemovesIt() throws Exception {
        settings.set("orders", Map.of("orders.payments.resilience.circuit-breaker.delay", "PT2S"));

        assertThat(settings.of("orders")).containsExactly(Map.entry("orders.payments.resilience.circuit-breaker.delay", "PT2S"));
        assertThat(settings.all()).containsOnlyKeys("orders");
        Path file = paths.settings().resolve("orders.properties");
        assertThat(Topology.local(paths, 0).shop().stream().filter(p -> p.service().equals("orders")).findFirst()
                .orElseThrow().env()).containsEntry("FAULTLINE_SETTINGS", file.toString());
        assertThat(Files.readString(file)).contains("orders.payments.resilience.circuit-breaker.delay=PT2S");
        assertThat(settings.defaults("orders")).containsEntry("orders.payments.resilience.circuit-breaker.delay", "PT5S");

        assertThat(settings.reset("orders")).isTrue();
        assertThat(settings.of("orders")).isEmpty();
        assertThat(settings.reset("orders")).isFalse();
    }

    @Test
    void anUnknownKeyOrServiceIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> settings.set("orders", Map.of("orders.payments.resilience.circuit-breaker.dealy", "PT2S",
                "orders.payments.resilience.circuit-breaker.volume", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders has no setting 'orders.payments.resilience.circuit-breaker.dealy'")
                .hasMessageContaining("orders.payments.resilience.circuit-breaker.delay");
        assertThat(settings.of("orders")).isEmpty();
        assertThatThrownBy(() -> settings.set("billing", Map.of("a", "b"))).hasMessageContaining("no service 'billing'");
    }
}
