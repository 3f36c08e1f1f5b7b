package dev.faultline.platform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import dev.faultline.observability.FastSqlReadFilter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a service's SQL leaves in its traces through the process's span pipeline: every write, slow and failed reads,
 * nothing for a fast read and no span for taking a pooled connection.
 */
class SqlSpansTest {

    @TempDir
    Path dir;

    @Test
    void writesAreTracedAndFastReadsAreNot() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        // a read under the threshold is fast: a second, so that a busy machine (a read took over the default 5 ms
        // while another module's tests ran beside this one) cannot make it slow
        try (Database database = open(spans, Duration.ofSeconds(1))) {
            spans.reset();
            database.write(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
                    insert.setString(1, "kept");
                    return insert.executeUpdate();
                }
            });
            assertThat(count(database)).isEqualTo(1);

            List<SpanData> finished = spans.getFinishedSpanItems();
            assertThat(finished).extracting(SpanData::getName).anySatisfy(name -> assertThat(name).startsWith("INSERT"));
            assertThat(finished).extracting(SpanData::getName).noneSatisfy(name -> assertThat(name).startsWith("SELECT"));
            assertThat(finished).allSatisfy(span -> assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT));
            assertThat(finished).extracting(SpanData::getName).noneSatisfy(name -> assertThat(name).contains("getConnection"));
        }
    }

    @Test
    void aFailedReadIsTracedAsAnError() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Database database = open(spans, FastSqlReadFilter.DEFAULT_SLOW_READ)) {
            spans.reset();
            assertThatThrownBy(() -> database.read(connection -> {
                // prepared fine, fails as it runs: SQLite reports the overflow when the statement steps
                try (PreparedStatement select = connection.prepareStatement("SELECT abs(-9223372036854775808)");
                     ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            })).isInstanceOf(DataAccessException.class);

            assertThat(spans.getFinishedSpanItems()).anySatisfy(span -> {
                assertThat(span.getName()).startsWith("SELECT");
                assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            });
        }
    }

    @Test
    void aReadAsSlowAsTheThresholdIsTraced() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        // every read takes at least zero: at this threshold each one counts as slow
        try (Database database = open(spans, Duration.ZERO)) {
            spans.reset();
            assertThat(count(database)).isZero();

            assertThat(spans.getFinishedSpanItems()).singleElement().satisfies(span -> {
                assertThat(span.getName()).startsWith("SELECT");
                assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
            });
        }
    }

    private Database open(InMemorySpanExporter spans, Duration slowRead) {
        var sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(FastSqlReadFilter.before(SimpleSpanProcessor.create(spans), slowRead)).build()).build();
        return Database.open(dir, "notes", "sql-spans-test.sql", sdk);
    }

    private static int count(Database database) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM notes");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }
}
