package io.harbour.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What every benchmark phase shares in one run: the options, the run directory, the processes
 * (receiver, broker), the memory sampler, the TLS client, the write key, the entries and the report.
 *
 * @param brokerPid        the Kafka broker's pid (from its pidfile), for its CPU time
 * @param elasticsearch    the Elasticsearch node's HTTP address, or null when the phases need none
 * @param entries          distinct LogHarbour entries, one JSON line each, all {@code entryBytes} long
 */
record BenchContext(BenchOptions options, Path repo, Path runDir, ChildProcesses children, ReceiverProcess receiver,
                    MemorySampler sampler, BenchRealm realm, BenchCertificates certs,
                    String bootstrapServers, long brokerPid, List<String> entries, Report report,
                    URI elasticsearch) {

    URI ingestUri() {
        return URI.create("https://127.0.0.1:" + receiver.config().http().port() + "/api/v1/logharbour/entries");
    }

    /** CPU seconds used so far by the receiver, the broker and this JVM (the load generator). */
    CpuTimes cpu() {
        return new CpuTimes(ProcFs.cpuSeconds(receiver.pid()), ProcFs.cpuSeconds(brokerPid),
                ProcFs.cpuSeconds(ProcessHandle.current().pid()));
    }

    record CpuTimes(double receiver, double broker, double client) {
        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(receiver - before.receiver, broker - before.broker, client - before.client);
        }
    }
}
