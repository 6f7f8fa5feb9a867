package io.harbour.receiver;

import io.harbour.certs.KeyMaterialFiles;
import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.ServerTlsConfig;
import io.harbour.receiver.http.ReceiverServer;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.realms.SenderAuthenticator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A running receiver, assembled from its configuration: the reloading TLS context, the realm
 * file's authenticator, the ingest topics and the Kafka publisher, and the HTTPS server in front.
 * Closing it stops accepting, lets requests in progress get their answers, then closes the producer.
 */
public final class Receiver implements AutoCloseable {
    private final ReceiverServer server;
    private final KafkaIngestPublisher publisher;
    private final InetSocketAddress address;

    private Receiver(ReceiverServer server, KafkaIngestPublisher publisher, InetSocketAddress address) {
        this.server = server;
        this.publisher = publisher;
        this.address = address;
    }

    public static Receiver start(ReceiverConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReloadingSslContext tls = openTls(config.tls());
        SenderAuthenticator authenticator = new SenderAuthenticator(Path.of(config.realmsFile()));
        IngestTopics.ensure(config.kafka());
        KafkaIngestPublisher publisher = new KafkaIngestPublisher(config.kafka(), registry);
        ReceiverServer server = new ReceiverServer(config.http(), tls, authenticator::authenticate, publisher, registry);
        try {
            return new Receiver(server, publisher, server.start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publisher.close();
            throw new IllegalStateException("interrupted while starting the receiver", e);
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    private static ReloadingSslContext openTls(ReceiverConfig.Tls tls) {
        ServerTlsConfig config = ServerTlsConfig.of(KeyMaterialFiles.pem(Path.of(tls.certificateChain()), Path.of(tls.privateKey())))
                .withAlpn(true);
        if (!tls.clientAuth().equals("none")) {
            config = config.withClientAuth(ClientAuth.valueOf(tls.clientAuth().toUpperCase(Locale.ROOT)), Path.of(tls.clientCa()));
        }
        try {
            return ReloadingSslContext.open(config, Duration.ofSeconds(tls.reloadCheckSeconds()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the receiver's TLS material (" + tls.certificateChain() + ", " + tls.privateKey() + ")", e);
        }
    }

    /** The base URL senders use, e.g. {@code https://localhost:8443}. */
    public URI uri() {
        String host = address.getAddress().isAnyLocalAddress() || address.getAddress().isLoopbackAddress() ? "localhost" : address.getHostString();
        return URI.create("https://" + host + ":" + address.getPort());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            publisher.close();
        }
    }
}
