package io.harbour.realms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realm file on disk ({@code <state>/realms.yaml} by default): loading with validation,
 * atomic saving, and the edits that {@code harbour realm} and {@code harbour token} make.
 *
 * <p>A save writes a temporary file in the same directory with mode 600, forces it to disk and
 * renames it over the old one, so a reader (a running receiver) sees the old file or the new one,
 * never half of one, and the hashes are never readable by other users, not even for a moment.
 */
public final class RealmFile {
    private static final Logger LOG = LoggerFactory.getLogger(RealmFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    public RealmFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    /**
     * The realms in the file; none when the file does not exist yet.
     *
     * @throws RealmException       listing every problem in the file
     * @throws UncheckedIOException when it cannot be read
     */
    public Realms load() {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Realms.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        warnIfReadableByOthers();
        return RealmFileFormat.read(content, path.getFileName().toString());
    }

    private void warnIfReadableByOthers() {
        try {
            if (isPosix(path)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
                if (!OWNER_ONLY.containsAll(mode)) {
                    LOG.warn("{} has mode {}; it should be 600 (rw-------), as harbour writes it", path,
                            PosixFilePermissions.toString(mode));
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read the mode of {}", path, e);
        }
    }

    /** Replaces the file atomically with these realms, mode 600. */
    public void save(Realms realms) {
        byte[] content = RealmFileFormat.write(realms);
        // Read back what is about to be written: if the YAML writer ever quoted a value wrongly,
        // the old file stays in place instead of a file that loads differently or not at all.
        Realms reread = RealmFileFormat.read(content, path.getFileName().toString());
        if (!reread.equals(realms)) {
            throw new IllegalStateException("the realm file would not read back as written; " + path + " left unchanged");
        }
        Path directory = path.getParent();
        Path temporary = null;
        try {
            createDirectory();
            temporary = Files.createTempFile(directory, "." + path.getFileName() + ".", ".tmp", ownerOnly(directory, OWNER_ONLY));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            syncDirectory(directory);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("cannot replace " + path + " atomically", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.warn("cannot remove {}", temporary, e);
                }
            }
        }
    }

    /** A directory made here holds hashes and nothing for others: mode 700. */
    private void createDirectory() throws IOException {
        Path directory = path.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(directory, OWNER_ONLY_DIR));
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path directory, Set<PosixFilePermission> mode) {
        return isPosix(directory) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path somewhere) {
        return somewhere.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Makes the rename itself durable; some systems cannot open a directory, which costs only that. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync directory {}", directory, e);
        }
    }

    /**
     * Loads, changes and saves under an exclusive lock, so that two commands run at once cannot
     * each save their own change over the other's. The lock is on a sibling file: the rename in
     * {@link #save} replaces the realm file itself, and a lock on it would guard a file that is
     * no longer there.
     *
     * @return the realms as saved
     */
    public Realms edit(UnaryOperator<Realms> change) {
        Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
        try {
            createDirectory();
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    ownerOnly(path.getParent(), OWNER_ONLY))) {
                channel.lock(); // released when the channel closes, also when the change throws
                Realms changed = change.apply(load());
                save(changed);
                return changed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    /**
     * Adds a new realm.
     *
     * @throws RealmException when a realm of that name exists or the realm breaks a rule
     */
    public Realm createRealm(Realm realm) {
        edit(realms -> {
            if (realms.realm(realm.name()).isPresent()) {
                throw new RealmException("realm \"" + realm.name() + "\" already exists");
            }
            return realms.with(realm);
        });
        return realm;
    }

    /**
     * Makes a write key for a realm and stores its hash.
     *
     * @param description optional note for operators, one line
     * @return the key, to be shown once
     * @throws RealmException when the realm does not exist
     */
    public IssuedCredential issueWriteKey(String realm, String description) {
        checkDescription(description);
        IssuedCredential[] issued = new IssuedCredential[1];
        edit(realms -> {
            Realm target = existing(realms, realm);
            issued[0] = IssuedCredential.generate(CredentialKind.WRITE, realms::hasCredential);
            return realms.with(target.withWriteKey(new WriteKey(issued[0].id(), now(), description, issued[0].hash())));
        });
        return issued[0];
    }

    /**
     * Makes a query token for a realm and stores its hash.
     *
     * @return the token, to be shown once
     * @throws RealmException when the realm does not exist
     */
    public IssuedCredential issueQueryToken(String realm, QueryScope scope, String description) {
        checkDescription(description);
        IssuedCredential[] issued = new IssuedCredential[1];
        edit(realms -> {
            Realm target = existing(realms, realm);
            issued[0] = IssuedCredential.generate(CredentialKind.QUERY, realms::hasCredential);
            return realms.with(target.withQueryToken(new QueryToken(issued[0].id(), now(), description, scope, issued[0].hash())));
        });
        return issued[0];
    }

    /** What {@link #revoke} removed. */
    public record Revoked(String realm, CredentialKind kind, String id) {
    }

    /**
     * Removes a write key or query token; it is refused from the next reload on (within a second).
     *
     * @param idOrKey the id, or the whole key or token (its id is used; pasting one is common)
     * @throws RealmException when no key or token has that id
     */
    public Revoked revoke(String idOrKey) {
        String id = PresentedKey.parse(idOrKey).map(PresentedKey::id).orElse(idOrKey == null ? "" : idOrKey.strip());
        Revoked[] revoked = new Revoked[1];
        edit(realms -> {
            Realm realm = realms.realmOfCredential(id)
                    .orElseThrow(() -> new RealmException("no write key or query token has the id \"" + id + "\""));
            CredentialKind kind = realm.writeKey(id).isPresent() ? CredentialKind.WRITE : CredentialKind.QUERY;
            revoked[0] = new Revoked(realm.name(), kind, id);
            return realms.with(realm.withoutCredential(id));
        });
        return revoked[0];
    }

    private static Realm existing(Realms realms, String name) {
        return realms.realm(name).orElseThrow(() -> new RealmException("realm \"" + name + "\" does not exist"
                + (realms.all().isEmpty() ? " (there are no realms yet)"
                : " (realms: " + String.join(", ", realms.all().stream().map(Realm::name).toList()) + ")")));
    }

    private static void checkDescription(String description) {
        if (description != null && (description.length() > 200 || description.chars().anyMatch(Character::isISOControl))) {
            throw new RealmException("a description must be one line of at most 200 characters");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
