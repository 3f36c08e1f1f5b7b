package dev.faultline.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only their owner may read: a service's data (personal data, orders, payments) and its
 * secrets are nobody else's business on a shared machine. Where the file system has no POSIX permissions (Windows),
 * they are made without them.
 */
public final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** The directory (and any missing parent) made 0700; an existing one is narrowed to 0700. */
    public static Path directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, attributes(DIRECTORY));
            }
            if (POSIX) {
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the directory " + dir.toAbsolutePath() + " owner-only", e);
        }
    }

    /** The file made empty with 0600 when absent; an existing one is narrowed to 0600. */
    public static Path file(Path file) {
        try {
            try {
                Files.createFile(file, attributes(FILE));
            } catch (FileAlreadyExistsException e) {
                // kept as it is, its mode narrowed below
            }
            if (POSIX) {
                Files.setPosixFilePermissions(file, FILE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the file " + file.toAbsolutePath() + " owner-only", e);
        }
    }

    /**
     * Replaces {@code file} with {@code content}, owner-only from its first byte and whole or not at all: written to a
     * 0600 file beside it, then renamed over it; its directory made owner-only too.
     */
    public static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #write(Path, String)}, for bytes (a key store). */
    public static void write(Path file, byte[] content) {
        Path dir = directory(file.toAbsolutePath().getParent());
        try {
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attributes(FILE));
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file.toAbsolutePath(), e);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
