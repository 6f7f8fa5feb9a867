/**
 * The {@code harbour} command line (picocli): {@code up} runs a whole local Harbour (Kafka,
 * Elasticsearch, and the services as they land) until Ctrl-C; {@code doctor} checks a running
 * one. It wires modules together and owns no behaviour of its own beyond that.
 */
package io.harbour.cli;
