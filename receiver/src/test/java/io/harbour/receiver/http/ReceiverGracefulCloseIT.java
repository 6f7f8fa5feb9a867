package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.receiver.Receiver;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@link Receiver}, as {@code harbour receiver} runs it (its shutdown hook calls this same
 * {@code close()} on SIGTERM): a request whose body is still arriving when the close begins. The
 * listener stops accepting at once, the close waits for that request, the request gets its 202
 * after Kafka acknowledged it, its record is in Kafka, and only then does the close end (the
 * producer closed after the server).
 */
@ExtendWith(HarbourStackExtension.class)
class ReceiverGracefulCloseIT {
    @TempDir
    Path dir;

    @Test
    void aRequestInProgressWhenTheCloseBeginsGetsIts202AndItsRecordIsInKafka(KafkaBroker broker) throws Exception {
        TlsFixture tls = new TlsFixture(dir);
        RealmFile realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(Realm.named("grace"));
        String key = realms.issueWriteKey("grace", "graceful close IT").key();
        ReceiverConfig config = new ReceiverConfig(
                ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(30)).build(),
                new ReceiverConfig.Tls(dir.resolve("server-chain.pem").toString(), dir.resolve("server-key.pem").toString(), "none", "", 1),
                realms.path().toString(), KafkaPublisherSettings.defaults(broker.bootstrapServers()));
        assertEquals(java.util.List.of(), config.problems());
        Receiver receiver = Receiver.start(config);
        int port = receiver.uri().getPort();
        CompletableFuture<Void> closing = null;
        try (SSLSocket socket = (SSLSocket) tls.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            byte[] body = ("{\"app\":\"Graceful\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"sent across a close " + System.nanoTime() + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            Thread.sleep(500); // the headers and half the body are in the server: the request is in progress

            closing = CompletableFuture.runAsync(receiver::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!refusesConnections(port) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(refusesConnections(port), "no longer accepting once the close began");
            Thread.sleep(300);
            assertFalse(closing.isDone(), "the close waits for the request in progress");

            out.write(body, half, body.length - half);
            out.flush();
            Response response = Response.read(socket.getInputStream());
            assertEquals(202, response.status, response.body);
            JsonNode answer = io.harbour.model.Json.mapper().readTree(response.body);
            assertEquals(1, answer.get("accepted").asInt(), response.body);
            closing.get(60, TimeUnit.SECONDS);
            var records = new KafkaRecords(broker.bootstrapServers()).withReceipt("harbour.logharbour", answer.get("receipt").asText(), 1);
            assertEquals(new String(body, StandardCharsets.UTF_8).trim(), new String(records.get(0).value(), StandardCharsets.UTF_8).trim());
        } finally {
            if (closing == null) {
                receiver.close();
            }
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    /** An HTTP/1.1 response with a Content-Length body. */
    record Response(int status, String body) {
        static Response read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the response headers ended: " + head.toString(StandardCharsets.US_ASCII));
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }
}
