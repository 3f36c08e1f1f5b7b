package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class-data archives of a checkout's jars, one per jar and JDK, shared by every sandbox of the checkout (a
 * test's own state directory too). An archive halves a process's start-up. It is made by a start of its own that
 * is stopped gracefully (a training start), never at the exit of a process that runs the shop: the JVM writes a
 * dynamic archive as it exits, and a process that a crash fault halts while other threads still link classes could
 * die of SIGSEGV inside that dump instead of exiting with its own code (seen with {@code -XX:+AutoCreateSharedArchive}
 * under Temurin 25.0.3). Sandboxes starting at once make an archive once: training takes a lock file, and the
 * archive appears whole (a rename) or not at all.
 */
final class ClassDataArchives {

    /** Threads of one JVM queue here: a JVM may hold a file's lock only once. */
    private final Map<Path, Object> inThisJvm = new ConcurrentHashMap<>();
    private final Path dir;
    private final String jdk;

    /**
     * @param dir where the archives are
     * @param jdk the JDK the processes run on: an archive from another one is refused by the JVM, so it is named apart
     */
    ClassDataArchives(Path dir, Runtime.Version jdk) {
        this.dir = dir;
        this.jdk = jdk.toString().replaceAll("[^A-Za-z0-9.]", "_");
    }

    /** A start of a jar's process with {@code -XX:ArchiveClassesAtExit} set to the file given, stopped gracefully. */
    @FunctionalInterface
    interface Training {
        void run(List<String> jvmOptions) throws IOException;
    }

    /**
     * The options that start a jar's process on its archive, after making the archive if the jar has none yet or
     * changed since (none when training fails: the process then starts without one, only slower).
     */
    List<String> options(Path jar, Training training) throws IOException {
        Path archive = archive(jar);
        if (!current(archive, jar)) {
            synchronized (inThisJvm.computeIfAbsent(archive, a -> new Object())) {
                train(archive, jar, training);
            }
        }
        return current(archive, jar) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /** The archive of a jar: its file name and the JDK's version. */
    Path archive(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return dir.resolve(name + "-" + jdk + ".jsa");
    }

    private void train(Path archive, Path jar, Training training) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve(archive.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (current(archive, jar)) {
                return;
            }
            Path made = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                training.run(List.of("-XX:ArchiveClassesAtExit=" + made));
                if (Files.exists(made) && Files.size(made) > 0) {
                    Files.move(made, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(made);
            }
        }
    }

    private static boolean current(Path archive, Path jar) {
        try {
            return Files.exists(archive) && Files.exists(jar)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
