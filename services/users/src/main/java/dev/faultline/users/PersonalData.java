package dev.faultline.users;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.faultline.pki.OwnerOnly;

/**
 * Personal data sealed at rest, by envelope encryption (Tink). Each personal field is AES-256-GCM ciphertext bound to
 * its row and column by the associated data, so a value copied into another row or column does not open. An e-mail is
 * found, and kept unique, by a keyed hash (HMAC-SHA256 as a PRF) of its lower-cased form, which tells nothing
 * without the key. The two keysets lie beside the database encrypted by a key-encryption key kept apart, in the
 * service's secrets directory; every file and directory is owner-only. A copy of the data directory (a backup, a lost
 * disk) holds no personal data anyone can read. Not protected: a running process, which holds the keys, and anyone
 * holding both directories.
 */
final class PersonalData {

    /** The fields' keyset, encrypted by the key-encryption key. */
    static final String FIELD_KEYS = "personal-data-field-keys.json";
    /** The lookup hash's keyset, encrypted by the key-encryption key. */
    static final String LOOKUP_KEYS = "personal-data-lookup-keys.json";
    /** The key-encryption key, in the secrets directory. */
    static final String KEY_ENCRYPTION_KEY = "personal-data-kek.json";
    private static final int LOOKUP_BYTES = 32;

    static {
        try {
            AeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path fieldFile;
    private final Aead kek;
    private final PrfSet lookup;
    /** Replaced whole by a rotation; a reader sees the old keys or the new ones, never half of a change. */
    private volatile FieldKeys fields;

    private record FieldKeys(KeysetHandle keys, Aead aead) {
    }

    private PersonalData(Path fieldFile, Aead kek, KeysetHandle fieldKeys, PrfSet lookup) throws GeneralSecurityException {
        this.fieldFile = fieldFile;
        this.kek = kek;
        this.lookup = lookup;
        this.fields = new FieldKeys(fieldKeys, fieldKeys.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    /**
     * The keys of a service's personal data: read from {@code dataDir} and {@code secretsDir}, made on first use. Keysets
     * without their key-encryption key are refused rather than replaced: new keys would leave every sealed row unreadable.
     */
    static PersonalData open(Path dataDir, Path secretsDir) {
        OwnerOnly.directory(dataDir);
        OwnerOnly.directory(secretsDir);
        Path kekFile = secretsDir.resolve(KEY_ENCRYPTION_KEY);
        Path fieldFile = dataDir.resolve(FIELD_KEYS);
        Path lookupFile = dataDir.resolve(LOOKUP_KEYS);
        try {
            if (!Files.exists(kekFile) && (Files.exists(fieldFile) || Files.exists(lookupFile))) {
                throw new IllegalStateException("The personal data's keys in " + dataDir + " are there but their key-"
                        + "encryption key " + kekFile + " is not: without it no sealed row can be read. Restore it.");
            }
            KeysetHandle kekKeys = Files.exists(kekFile)
                    ? TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(kekFile), InsecureSecretKeyAccess.get())
                    : write(kekFile, KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM")), null);
            Aead kek = kekKeys.getPrimitive(RegistryConfiguration.get(), Aead.class);
            KeysetHandle fieldKeys = keyset(fieldFile, kek, "AES256_GCM");
            KeysetHandle lookupKeys = keyset(lookupFile, kek, "HMAC_SHA256_PRF");
            return new PersonalData(fieldFile, kek, fieldKeys,
                    lookupKeys.getPrimitive(RegistryConfiguration.get(), PrfSet.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The personal data's keys in " + dataDir + " cannot be opened with "
                    + kekFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A keyset read from its file and decrypted by the key-encryption key, or made and written so. */
    private static KeysetHandle keyset(Path file, Aead kek, String template) throws GeneralSecurityException, IOException {
        byte[] context = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        if (Files.exists(file)) {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(file), kek, context);
        }
        return write(file, KeysetHandle.generateNew(KeyTemplates.get(template)), kek);
    }

    /** Writes a keyset owner-only and whole (a rename), encrypted by {@code kek} unless it is the KEK itself. */
    private static KeysetHandle write(Path file, KeysetHandle keys, Aead kek) throws GeneralSecurityException {
        String json = kek == null ? TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get())
                : TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keys, kek,
                file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        OwnerOnly.write(file, json);
        return keys;
    }

    /** {@code value} sealed for {@code column} of row {@code rowId}. */
    byte[] seal(String column, String rowId, String value) {
        try {
            return fields.aead().encrypt(value.getBytes(StandardCharsets.UTF_8), boundTo(column, rowId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal " + column + " of row " + rowId, e);
        }
    }

    /** The value sealed for {@code column} of row {@code rowId}; a value sealed for another place does not open. */
    String open(String column, String rowId, byte[] sealed) {
        try {
            return new String(fields.aead().decrypt(sealed, boundTo(column, rowId)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The " + column + " of row " + rowId + " does not open with this service's "
                    + "keys: sealed for another row or column, altered, or sealed with other keys", e);
        }
    }

    /**
     * Adds a new field key and makes it the primary: what is sealed from now on is sealed with it, and what was sealed
     * before still opens with the key it names (a rotation's batch moves it, {@link UserRepository#resealAll}). The
     * keyset is written before it is used, so a crash leaves the old keys or the new ones.
     *
     * @return the new primary key's id
     */
    synchronized int rotate() {
        try {
            KeysetHandle next = KeysetHandle.newBuilder(fields.keys())
                    .addEntry(KeysetHandle.generateEntryFromParametersName("AES256_GCM").withRandomId().makePrimary())
                    .build();
            write(fieldFile, next, kek);
            fields = new FieldKeys(next, next.getPrimitive(RegistryConfiguration.get(), Aead.class));
            return next.getPrimary().getId();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add a personal-data key", e);
        }
    }

    /** The id of the key that seals now. */
    int primaryKeyId() {
        return fields.keys().getPrimary().getId();
    }

    /** Every field key's id, oldest first. */
    List<Integer> keyIds() {
        KeysetHandle keys = fields.keys();
        return IntStream.range(0, keys.size()).mapToObj(i -> keys.getAt(i).getId()).toList();
    }

    /**
     * The id of the key a value was sealed with: Tink's ciphertext starts with a version byte and the key's id (4 bytes,
     * big-endian), which is how it finds the key to open it with.
     */
    static int keyIdOf(byte[] sealed) {
        if (sealed.length < 5 || sealed[0] != 1) {
            throw new IllegalArgumentException("Not a value sealed with a Tink key (no key id prefix)");
        }
        return ByteBuffer.wrap(sealed, 1, 4).getInt();
    }

    /** The keyed hash an e-mail is found and kept unique by, hex: the same for any letter case. */
    String lookup(String email) {
        try {
            return HexFormat.of().formatHex(lookup.computePrimary(
                    email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8), LOOKUP_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute an e-mail's lookup hash", e);
        }
    }

    private static byte[] boundTo(String column, String rowId) {
        return ("users/" + column + "/" + rowId).getBytes(StandardCharsets.UTF_8);
    }
}
