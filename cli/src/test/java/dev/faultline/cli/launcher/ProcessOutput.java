package dev.faultline.cli.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a child process prints, read on a thread of its own: reading it to the end first would block until the process
 * ends, so a timeout on waiting for it could never fire.
 */
final class ProcessOutput {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;

    private ProcessOutput(Process process) {
        reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(bytes);
            } catch (IOException e) {
                // the process was killed: what it printed until then is kept
            }
        });
    }

    static ProcessOutput of(Process process) {
        return new ProcessOutput(process);
    }

    /**
     * Waits for the process to end, at most {@code limit}; a process still running then is killed and the test
     * fails with what it printed.
     *
     * @return all it printed
     */
    static String awaitEnd(Process process, ProcessOutput output, Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the process did not end within " + limit + "; it printed:\n" + output.text());
        }
        return output.text();
    }

    /** What it printed so far; all of it once the process ended. */
    String text() throws InterruptedException {
        reader.join(Duration.ofSeconds(5));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
