package dev.faultline.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two processes sharing a JVM ({@code up --one-jvm}): each line goes out with the resource of the process whose thread
 * logged it, from the thread the process was built on and from a thread that thread started later.
 */
class ProcessLogsTest {

    @Test
    void eachLineIsExportedByTheProcessWhoseThreadLoggedIt() throws Exception {
        try (TestCollector collector = new TestCollector()) {
            Telemetry alpha = startOnItsOwnThread("alpha", collector);
            Telemetry beta = startOnItsOwnThread("beta", collector);
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    Map<String, List<String>> lines = collector.logLinesByService();
                    assertThat(lines.get("alpha")).contains("alpha at its start", "alpha on a thread it started")
                            .noneMatch(line -> line.startsWith("beta"));
                    assertThat(lines.get("beta")).contains("beta at its start", "beta on a thread it started")
                            .noneMatch(line -> line.startsWith("alpha"));
                });
            } finally {
                alpha.close();
                beta.close();
            }
        }
    }

    /** What a one-JVM supervisor does: the process's telemetry made on a thread of its own, which then starts more. */
    private static Telemetry startOnItsOwnThread(String service, TestCollector collector) throws Exception {
        CompletableFuture<Telemetry> started = new CompletableFuture<>();
        Thread.ofPlatform().name(service + "-start").start(() -> {
            Telemetry telemetry = Telemetry.hosted(service, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                    "OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + service + "-1", "OTEL_BLRP_SCHEDULE_DELAY", "50"),
                    true);
            LoggerFactory.getLogger("dev.faultline.test").info("{} at its start", service);
            Thread later = Thread.ofVirtual().start(() ->
                    LoggerFactory.getLogger("dev.faultline.test").info("{} on a thread it started", service));
            try {
                later.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.complete(telemetry);
        });
        return started.get();
    }
}
