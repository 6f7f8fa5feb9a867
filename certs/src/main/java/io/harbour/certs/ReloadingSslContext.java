package io.harbour.certs;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current {@link SslContext}, rebuilt when its certificate, key or client CA files
 * change, so renewed certificates take effect on the next connection without a restart. Broken
 * or half-written files never replace a working context: the old one keeps serving and the error
 * is logged once per change. Existing connections keep the context they started with.
 *
 * <p>A server asks for it per accepted connection, either directly in its channel initializer:
 * <pre>{@code pipeline.addLast(reloading.newHandler(channel.alloc()));}</pre>
 * or, to also see the SNI host name, with {@code pipeline.addLast(new SniHandler(reloading))}.
 *
 * <p>Checking is lazy: at most once per check interval, the connection that comes first looks at
 * the files' modification times, sizes and identities (a few {@code stat} calls); only when those
 * differ does it hash the contents, and only when the hash differs does it rebuild. Callers that
 * prefer a schedule can call {@link #reloadIfChanged()} from their own executor.
 */
public final class ReloadingSslContext implements Supplier<SslContext>, Mapping<String, SslContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);
    /** Files are rewritten one after another; a failure this soon after a change may be transient. */
    private static final long SETTLE_MILLIS = 2_000;

    private record Served(SslContext context, X509Certificate certificate, byte[] contentHash) {
    }

    private final ServerTlsConfig config;
    private final long checkIntervalNanos;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private volatile Served served;
    private volatile long nextCheckNanos;
    private volatile Exception lastFailure;
    private List<String> lastSeenStats;
    private String lastLoggedFailure;

    private ReloadingSslContext(ServerTlsConfig config, Duration checkInterval) {
        this.config = config;
        this.checkIntervalNanos = checkInterval.toNanos();
    }

    /**
     * Builds the first context now, so a server with bad files fails at start rather than at its
     * first connection.
     *
     * @param checkInterval minimum time between two looks at the files; zero checks on every call
     */
    public static ReloadingSslContext open(ServerTlsConfig config, Duration checkInterval) throws IOException {
        ReloadingSslContext reloading = new ReloadingSslContext(config, checkInterval);
        reloading.lastSeenStats = reloading.stats();
        reloading.served = reloading.build(reloading.contentHash());
        reloading.nextCheckNanos = System.nanoTime() + reloading.checkIntervalNanos;
        LOG.info("TLS serving {} with {}", describe(reloading.served.certificate()), TlsPolicy.describe(config.provider()));
        return reloading;
    }

    /** The context for a new connection; may first pick up changed files (see class comment). */
    @Override
    public SslContext get() {
        if (System.nanoTime() - nextCheckNanos >= 0 && reloadLock.tryLock()) {
            // tryLock: other connections keep being served the current context while one thread checks.
            try {
                nextCheckNanos = System.nanoTime() + checkIntervalNanos;
                checkLocked();
            } finally {
                reloadLock.unlock();
            }
        }
        return served.context();
    }

    /** For {@code new SniHandler(reloading)}: every host name gets the current context. */
    @Override
    public SslContext map(String hostname) {
        return get();
    }

    public SslHandler newHandler(ByteBufAllocator allocator) {
        return get().newHandler(allocator);
    }

    /** Checks the files now; true if a new context replaced the old one. */
    public boolean reloadIfChanged() {
        reloadLock.lock();
        try {
            return checkLocked();
        } finally {
            reloadLock.unlock();
        }
    }

    /** The leaf certificate new connections are served. */
    public X509Certificate certificate() {
        return served.certificate();
    }

    public ServerTlsConfig config() {
        return config;
    }

    /** Why the files on disk are not being served, if the last attempt to load them failed. */
    public Optional<Exception> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private boolean checkLocked() {
        List<String> stats = stats();
        if (stats.equals(lastSeenStats)) {
            return false;
        }
        lastSeenStats = stats;
        try {
            byte[] hash = contentHash();
            if (Arrays.equals(hash, served.contentHash())) {
                lastFailure = null;
                return false;
            }
            Served previous = served;
            served = build(hash);
            lastFailure = null;
            LOG.info("TLS reloaded: now serving {} (was {})", describe(served.certificate()), describe(previous.certificate()));
            return true;
        } catch (IOException | RuntimeException e) {
            lastFailure = e;
            boolean recent = changedRecently();
            if (recent) {
                // Probably mid-renewal (new key written, new chain not yet): look again next time.
                lastSeenStats = null;
            }
            String failureKey = stats + (recent ? " recent" : " settled");
            if (!failureKey.equals(lastLoggedFailure)) {
                lastLoggedFailure = failureKey;
                if (recent) {
                    LOG.warn("TLS files changed but do not load yet, will retry; still serving {}: {}",
                            describe(served.certificate()), e.getMessage());
                } else {
                    LOG.error("TLS files changed but cannot be loaded; still serving {}: {}",
                            describe(served.certificate()), e.getMessage(), e);
                }
            }
            return false;
        }
    }

    private Served build(byte[] contentHash) throws IOException {
        IssuedCertificate material = config.keyMaterial().load();
        return new Served(config.buildContext(material), material.certificate(), contentHash);
    }

    /** Modification time, size and file identity: any rename-into-place or rewrite changes one. */
    private List<String> stats() {
        List<String> stats = new ArrayList<>();
        for (Path file : config.files()) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stats.add(file + "|" + attributes.lastModifiedTime() + "|" + attributes.size() + "|" + attributes.fileKey());
            } catch (IOException e) {
                stats.add(file + "|unreadable");
            }
        }
        return stats;
    }

    private boolean changedRecently() {
        long now = System.currentTimeMillis();
        for (Path file : config.files()) {
            try {
                long age = now - Files.getLastModifiedTime(file).toMillis();
                // A modification time in the future (clock skew) counts as settled, or we would retry forever.
                if (age >= 0 && age < SETTLE_MILLIS) {
                    return true;
                }
            } catch (IOException e) {
                // A missing file is a failure of its own; it does not make the others recent.
            }
        }
        return false;
    }

    private byte[] contentHash() throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : config.files()) {
                byte[] content = Files.readAllBytes(file);
                digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Long.toString(content.length).getBytes(StandardCharsets.US_ASCII));
                digest.update(content);
            }
            return digest.digest();
        } catch (NoSuchFileException e) {
            throw new IOException("TLS file missing: " + e.getFile(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    private static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + " (serial " + certificate.getSerialNumber().toString(16)
                + ", expires " + certificate.getNotAfter().toInstant() + ")";
    }
}
