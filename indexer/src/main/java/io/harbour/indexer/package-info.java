/**
 * The indexer: Kafka to Elasticsearch with nothing lost and nothing doubled.
 * {@link io.harbour.indexer.Indexer} runs one member of the consumer group: one poll thread
 * ({@code ConsumerLoop}) owns the consumer and all state, and between polls drives the record
 * pipeline, retries, partition preparation, exchange sweeps, backpressure, commits and watermarks,
 * each a class of its own; {@link io.harbour.indexer.RecordConverter} reads a record's headers
 * and hands its body to the layout's document builder, or to the exchange joiner of its ExtraHop
 * partition; {@link io.harbour.indexer.BulkWriter} writes with the client's BulkIngester;
 * {@link io.harbour.indexer.FailureClassifier} routes each item's failure (retry with
 * {@link io.harbour.indexer.Backoff}, dead letter through {@link io.harbour.indexer.DeadLetterPublisher},
 * replay = success); {@link io.harbour.indexer.OffsetTracker} holds commits to the finished prefix;
 * {@link io.harbour.indexer.WatermarkTracker} and {@link io.harbour.indexer.WatermarkPublisher} say
 * up to when each partition is complete; {@link io.harbour.indexer.TemplateInstaller},
 * {@link io.harbour.indexer.DailyIndices} and {@link io.harbour.indexer.Retention} keep the indices'
 * shape, aliases and age. Names, mappings and document shapes are the layout module's.
 */
package io.harbour.indexer;
