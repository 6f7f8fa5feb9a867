/**
 * Starts and stops a real local Kafka broker and a real Elasticsearch node, for tests and for
 * {@code harbour up}. The broker runs in KRaft mode as a child JVM built from the jars that the
 * {@code kafka-dist} module gathered; the node runs from the Elasticsearch integ-test zip that the
 * Maven build unpacked once per machine. Both listen on free loopback ports, keep their data and
 * logs in a directory the caller names, and never outlive the JVM that started them: a watchdog
 * process stops them if that JVM dies, and pidfiles left by a crash are cleaned at the next start.
 * No Docker engine is needed.
 */
package io.harbour.stack;
