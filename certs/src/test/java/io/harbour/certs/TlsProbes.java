package io.harbour.certs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Clients that tests point at a server: JDK HttpClient, a raw SSLSocket and the openssl CLI. */
final class TlsProbes {
    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private TlsProbes() {
    }

    /** JDK always; OpenSSL when netty-tcnative loads, so both server code paths get tested. */
    static Stream<SslProvider> providers() {
        return OpenSsl.isAvailable() ? Stream.of(SslProvider.JDK, SslProvider.OPENSSL) : Stream.of(SslProvider.JDK);
    }

    /** GET https://127.0.0.1:port/ with HTTP/1.1, bounded by a 10 s timeout. */
    static HttpResponse<String> get(SSLContext context, int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .sslParameters(ClientTls.jdkParameters(context))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Handshakes with the given protocols (and ALPN offers) and returns the open socket. */
    static SSLSocket handshake(SSLContext context, int port, List<String> protocols, String... alpn) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(protocols.toArray(new String[0]));
            if (alpn.length > 0) {
                var parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(alpn);
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The leaf certificate a new connection is served. */
    static X509Certificate servedCertificate(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = handshake(context, port, TlsPolicy.PROTOCOLS)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    record ProcessResult(int exitCode, String output) {
    }

    /** Runs {@code openssl args...} with stdin closed, at most 20 s; skips the test if openssl is absent. */
    static ProcessResult openssl(String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl CLI not installed at " + OPENSSL);
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // The process was killed; whatever was read so far is reported.
            }
        });
        reader.start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(2_000);
            throw new AssertionError("openssl " + String.join(" ", args) + " timed out:\n" + output);
        }
        reader.join(2_000);
        return new ProcessResult(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}
