/** ExtraHop observations in Elasticsearch: one document per association, searchable by either address and by time. */
package io.harbour.layout.observation;
