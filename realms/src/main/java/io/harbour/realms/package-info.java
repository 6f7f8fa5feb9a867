/**
 * Realms (tenants) and who may write into or read from them. This module owns the realm file
 * ({@code <state>/realms.yaml}: realms, their write keys and query tokens stored only as SHA-256
 * hashes, client-certificate subjects and source-address ranges), its validation and atomic
 * editing ({@link io.harbour.realms.RealmFile}), the reloading view of it that running services
 * share ({@link io.harbour.realms.RealmRegistry}), and the two decisions made against it: which
 * realm a sender writes into ({@link io.harbour.realms.SenderAuthenticator}) and which realm and
 * scope a query token reads ({@link io.harbour.realms.QueryAuthenticator}). It knows nothing of
 * HTTP, Kafka or Elasticsearch; the receiver and the query API hand it what the sender presented.
 */
package io.harbour.realms;
