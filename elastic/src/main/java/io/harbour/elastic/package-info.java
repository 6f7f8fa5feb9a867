/**
 * One connection to an Elasticsearch cluster, shared by the services that read or write it:
 * {@link io.harbour.elastic.ElasticsearchSettings} (the {@code elasticsearch:} section of a
 * service's configuration, checked at start) and {@link io.harbour.elastic.ElasticsearchConnection}
 * (the typed client plus raw JSON requests). Index names and fields are not here: they are the
 * layout module's contract.
 */
package io.harbour.elastic;
