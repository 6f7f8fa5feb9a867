package io.harbour.client.writer;

import io.harbour.model.logharbour.LogEntry;

/**
 * Where a {@link Logger} puts its entries. {@link Shipper} is the one that delivers them to the
 * receiver; tests and adapters may supply their own. Must not block the caller for long.
 */
@FunctionalInterface
public interface EntrySink {
    void write(LogEntry entry);
}
