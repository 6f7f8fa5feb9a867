/**
 * The ingestion server: TLS HTTP routes for ExtraHop API logs, observations and LogHarbour entries, sender authentication by realm, and the Kafka producer whose acknowledgement a 202 waits for. Filled by the Receiver issue.
 */
package io.harbour.receiver;
