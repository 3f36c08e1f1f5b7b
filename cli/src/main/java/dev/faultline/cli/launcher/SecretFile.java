package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file the CLI writes a secret into (the sandbox's admin token, the full stack's .env): readable by its owner only
 * from its first byte (created 0600, never widened later), and whole or not at all (written beside it, then renamed).
 */
public final class SecretFile {

    private SecretFile() {
    }

    /** Replaces {@code file} with {@code content}, owner-only. */
    public static void write(Path file, String content) {
        Path made = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(made);
            Files.createFile(made, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(made, content);
            Files.move(made, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
