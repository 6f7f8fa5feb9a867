package io.harbour.realms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realms a running service uses, following the realm file: {@code harbour token create} or
 * {@code revoke} takes effect within a second, without a restart.
 *
 * <p>{@link #current()} is called on every request, so it does no I/O most of the time: at most
 * once a second one caller looks at the file's modification time, size and file key (the inode,
 * which changes with every atomic save, even within one tick of a coarse clock), and reads the
 * file only when one of them changed. A file that has become invalid is reported once and the
 * last good realms stay in force: a typo in a hand edit must not lock every sender out.
 */
public final class RealmRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RealmRegistry.class);
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RealmFile file;
    private final LongSupplier nanoTime;
    private final AtomicLong nextCheck;
    private volatile Realms current;
    private volatile Stamp stamp;

    private RealmRegistry(RealmFile file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
        this.stamp = Stamp.of(file.path());
        this.current = file.load();
        if (stamp == Stamp.MISSING) {
            LOG.warn("realm file {} does not exist yet: every sender and reader is refused until it does", file.path());
        }
        this.nextCheck = new AtomicLong(nanoTime.getAsLong() + CHECK_INTERVAL_NANOS);
    }

    /**
     * Loads the realm file now; a missing file means no realms yet.
     *
     * @throws RealmException when the file is invalid: a service should not start on it
     */
    public static RealmRegistry open(Path realmFile) {
        return new RealmRegistry(new RealmFile(realmFile), System::nanoTime);
    }

    /** For tests: a clock that they move. */
    static RealmRegistry open(Path realmFile, LongSupplier nanoTime) {
        return new RealmRegistry(new RealmFile(realmFile), nanoTime);
    }

    public Path path() {
        return file.path();
    }

    /** The realms as the file said at most about a second ago. */
    public Realms current() {
        long now = nanoTime.getAsLong();
        long due = nextCheck.get();
        // Only the caller that moves the deadline checks; the others keep the snapshot they have.
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + CHECK_INTERVAL_NANOS)) {
            reloadIfChanged();
        }
        return current;
    }

    private void reloadIfChanged() {
        Stamp seen = Stamp.of(file.path());
        if (seen.equals(stamp)) {
            return;
        }
        stamp = seen;
        try {
            Realms loaded = file.load();
            current = loaded;
            LOG.info("realm file {} reloaded: {} realm(s)", file.path(), loaded.all().size());
        } catch (RealmException | UncheckedIOException e) {
            LOG.error("realm file {} changed but cannot be used; keeping the realms loaded before:\n{}",
                    file.path(), e.getMessage());
        }
    }

    /** What says that a file changed without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(null, -1, null);

        static Stamp of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                // Unreadable attributes are treated as a change, so the load reports the cause.
                return new Stamp(FileTime.fromMillis(System.nanoTime()), -2, e.toString());
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && Objects.equals(modified, s.modified) && Objects.equals(fileKey, s.fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modified, size, fileKey);
        }
    }
}
