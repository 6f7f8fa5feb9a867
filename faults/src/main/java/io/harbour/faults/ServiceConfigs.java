package io.harbour.faults;

import java.nio.file.Path;

/**
 * The configuration files of the suite's services, written as an operator would write them:
 * every key not named keeps the default documented in the README.
 */
final class ServiceConfigs {
    private ServiceConfigs() {
    }

    static String receiver(int port, Path chain, Path key, Path ca, Path realms, String kafka) {
        return String.join("\n",
                httpsOn(port, chain, key),
                "  client_auth: optional",
                "  client_ca: " + ca,
                "realms_file: " + realms,
                "kafka:",
                "  bootstrap_servers: " + kafka,
                "");
    }

    /**
     * A short consumer session (10 s, the default is 45 s): a SIGKILLed indexer never leaves the
     * group, so its partitions wait for the session to time out before the restarted one gets them.
     */
    static String indexer(int port, String kafka, String elastic) {
        return String.join("\n",
                "kafka:",
                "  bootstrap_servers: " + kafka,
                "  group_id: harbour-faults",
                "  properties:",
                "    session.timeout.ms: \"10000\"",
                "elasticsearch:",
                "  urls: [" + elastic + "]",
                "http:",
                "  enabled: true",
                "  host: 127.0.0.1",
                "  port: " + port,
                "");
    }

    static String queryApi(int port, Path chain, Path key, Path realms, String elastic) {
        return String.join("\n",
                httpsOn(port, chain, key),
                "realms_file: " + realms,
                "elasticsearch:",
                "  urls: [" + elastic + "]",
                "");
    }

    /** The http and tls sections the receiver and the query API share: loopback, the suite's server certificate. */
    private static String httpsOn(int port, Path chain, Path key) {
        return String.join("\n",
                "http:",
                "  host: 127.0.0.1",
                "  port: " + port,
                "tls:",
                "  certificate_chain: " + chain,
                "  private_key: " + key);
    }
}
