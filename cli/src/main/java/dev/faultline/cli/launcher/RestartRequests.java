package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the CLI asks the supervisor of a one-JVM sandbox to restart a process (its processes have no pid of their own
 * to signal): a file named after the process in the state directory, which only the sandbox's user can write; the
 * supervisor takes each request once.
 */
final class RestartRequests {

    private final Path dir;

    RestartRequests(SandboxPaths paths) {
        this.dir = paths.state().resolve("restart-requests");
    }

    /** Asks for a graceful restart of the process. */
    void request(String process) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(process), "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot ask for a restart of " + process + " in " + dir, e);
        }
    }

    /** The processes asked for since the last call; each request is gone once taken. */
    List<String> take() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> taken = new ArrayList<>();
        try (Stream<Path> requests = Files.list(dir)) {
            for (Path request : requests.toList()) {
                if (Files.deleteIfExists(request)) {
                    taken.add(request.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return taken;
    }
}
