/**
 * Benchmarks and the peers they are measured beside (Kafka's ProducerPerformance, nginx, Flume). Filled as each capability lands.
 */
package io.harbour.bench;
