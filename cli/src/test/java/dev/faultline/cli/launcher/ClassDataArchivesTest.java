package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchivesTest {

    private static final Runtime.Version JDK = Runtime.Version.parse("25.0.3+9-LTS");

    @TempDir
    Path dir;

    /** How many training starts ran; each writes its archive, as the JVM does at a graceful exit. */
    private final AtomicInteger trainings = new AtomicInteger();
    private final ClassDataArchives.Training training = options -> {
        trainings.incrementAndGet();
        assertThat(options).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        Files.writeString(Path.of(options.getFirst().substring("-XX:ArchiveClassesAtExit=".length())), "archive");
    };

    @Test
    void aJarWithoutAnArchiveIsTrainedOnceAndThenStartsOnIt() throws IOException {
        Path jar = jar("users.jar", Instant.parse("2026-12-01T00:00:00Z"));
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), JDK);

        List<String> first = archives.options(jar, training);
        List<String> second = archives.options(jar, training);

        Path archive = archives.archive(jar);
        assertThat(archive.getFileName()).as("named for the jar and the JDK").hasToString("users-25.0.3_9_LTS.jsa");
        assertThat(first).containsExactly("-XX:SharedArchiveFile=" + archive);
        assertThat(second).isEqualTo(first);
        assertThat(trainings).hasValue(1);
        try (var files = Files.list(dir.resolve("cds"))) {
            assertThat(files.map(path -> path.getFileName().toString())).as("no training leftovers")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aRebuiltJarIsTrainedAgain() throws IOException {
        Path jar = jar("orders.jar", Instant.parse("2026-12-01T00:00:00Z"));
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), JDK);
        archives.options(jar, training);

        // built again after the archive was made
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        archives.options(jar, training);

        assertThat(trainings).hasValue(2);
    }

    @Test
    void aTrainingThatWritesNothingLeavesTheProcessToStartWithoutAnArchive() throws IOException {
        Path jar = jar("gateway.jar", Instant.parse("2026-12-01T00:00:00Z"));
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), JDK);

        assertThat(archives.options(jar, options -> { })).isEmpty();
        assertThat(archives.archive(jar)).doesNotExist();
    }

    private Path jar(String name, Instant built) throws IOException {
        Path jar = Files.writeString(dir.resolve(name), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(built));
        return jar;
    }
}
