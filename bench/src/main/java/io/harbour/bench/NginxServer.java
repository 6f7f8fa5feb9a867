package io.harbour.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as the peer of the single-entry benchmark: its own prefix and configuration under the run
 * directory, on a loopback port, with the receiver's certificate and TLS settings, answering
 * every POST with 202 and a small JSON body. It runs in the foreground as our child and is
 * stopped with SIGTERM.
 */
final class NginxServer {
    private static final int READY_SECONDS = 20;

    private final ChildProcesses.Child child;
    private final Path config;

    private NginxServer(ChildProcesses.Child child, Path config) {
        this.child = child;
        this.config = config;
    }

    static NginxServer start(ChildProcesses children, Path prefix, int port, BenchCertificates certs) throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, config(prefix, port, certs));
        ProcessBuilder pb = new ProcessBuilder(List.of("nginx", "-p", prefix + "/", "-c", config.toString(), "-g", "daemon off;"))
                .directory(prefix.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(prefix.resolve("logs/console.log").toFile()));
        ChildProcesses.Child child = children.start("nginx", pb);
        awaitPort(child, port, prefix);
        return new NginxServer(child, config);
    }

    private static String config(Path prefix, int port, BenchCertificates certs) {
        String temp = prefix.resolve("temp").toString();
        return String.join("\n",
                "# written by the benchmark (io.harbour.bench.NginxServer)",
                "worker_processes auto;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "events { worker_connections 4096; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + temp + "/body;",
                "  proxy_temp_path " + temp + "/proxy;",
                "  fastcgi_temp_path " + temp + "/fastcgi;",
                "  uwsgi_temp_path " + temp + "/uwsgi;",
                "  scgi_temp_path " + temp + "/scgi;",
                // The receiver never closes a keep-alive connection after N requests; neither does this nginx.
                "  keepalive_requests 10000000;",
                "  keepalive_timeout 60s;",
                "  client_max_body_size 16m;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + certs.serverChain() + ";",
                "    ssl_certificate_key " + certs.serverKey() + ";",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;",
                "    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;",
                "    ssl_prefer_server_ciphers on;",
                "    ssl_verify_client optional;",
                "    ssl_client_certificate " + certs.caFile() + ";",
                "    location / {",
                "      default_type application/json;",
                "      return 202 '{\"accepted\":1}';",
                "    }",
                "  }",
                "}",
                "");
    }

    private static void awaitPort(ChildProcesses.Child child, int port, Path prefix) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("nginx exited with code " + child.process().exitValue() + ": "
                        + Files.readString(prefix.resolve("logs/console.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within " + READY_SECONDS + " s");
    }

    ChildProcesses.Child child() {
        return child;
    }

    Path config() {
        return config;
    }
}
