package io.harbour.receiver;

import io.harbour.config.Checked;
import io.harbour.receiver.http.ReceiverHttpSettings;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's one configuration: {@code receiver.yaml}, overridden by {@code HARBOUR_RECEIVER_*}
 * variables (e.g. {@code HARBOUR_RECEIVER_KAFKA_BOOTSTRAP_SERVERS}), checked at start.
 *
 * @param http       the listener and every HTTP limit (address, port, body sizes, timeouts, in-flight bytes)
 * @param tls        certificate files (reloaded when they change) and client-certificate policy
 * @param realmsFile the realm file that {@code harbour realm} and {@code harbour token} edit
 * @param kafka      the producer and topics
 */
public record ReceiverConfig(ReceiverHttpSettings http, Tls tls, String realmsFile, KafkaPublisherSettings kafka) implements Checked {

    /**
     * @param certificateChain   PEM: the server certificate then its issuers
     * @param privateKey         PEM: its key
     * @param clientAuth         none, optional or require: whether sensors present certificates (mTLS)
     * @param clientCa           PEM bundle that client certificates must chain to (optional and require)
     * @param reloadCheckSeconds how often, at most, the files are checked for a change
     */
    public record Tls(String certificateChain, String privateKey, String clientAuth, String clientCa, int reloadCheckSeconds) {
    }

    public static ReceiverConfig defaults() {
        return new ReceiverConfig(ReceiverHttpSettings.defaults(),
                new Tls("state/certs/server-chain.pem", "state/certs/server-key.pem", "optional", "state/certs/ca.pem", 10),
                "state/realms.yaml", KafkaPublisherSettings.defaults("127.0.0.1:9092"));
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (tls.certificateChain() == null || tls.certificateChain().isBlank()) {
            p.add("tls.certificate_chain: required (a PEM file; `harbour certs server` makes one)");
        }
        if (tls.privateKey() == null || tls.privateKey().isBlank()) {
            p.add("tls.private_key: required (a PEM file)");
        }
        if (!List.of("none", "optional", "require").contains(tls.clientAuth())) {
            p.add("tls.client_auth: must be none, optional or require, not \"" + tls.clientAuth() + "\"");
        } else if (!tls.clientAuth().equals("none") && (tls.clientCa() == null || tls.clientCa().isBlank())) {
            p.add("tls.client_ca: required when tls.client_auth is " + tls.clientAuth());
        }
        if (tls.reloadCheckSeconds() < 0) {
            p.add("tls.reload_check_seconds: must not be negative");
        }
        if (realmsFile == null || realmsFile.isBlank()) {
            p.add("realms_file: required (the file `harbour realm create` writes)");
        }
        p.addAll(kafka.problems("kafka."));
        return p;
    }
}
