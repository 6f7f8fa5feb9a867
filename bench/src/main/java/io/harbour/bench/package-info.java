/**
 * The receiver's benchmark, measured in one run beside its peers on the same machine: a real
 * Kafka broker from the stack module, the receiver as a separate process (so its CPU and memory
 * can be read from {@code /proc}), Kafka's own {@code ProducerPerformance} for batch throughput,
 * nginx answering 202 over TLS for single-entry requests (driven by {@code wrk}), and 500
 * concurrent 4 MB bodies for bounded memory. {@link io.harbour.bench.BenchMain} runs it all (start
 * it with {@code bench/run.sh}), stops every process it started, and writes its figures to
 * {@code bench/target/bench-run/results.md}; nothing here runs during {@code mvn verify}.
 */
package io.harbour.bench;
