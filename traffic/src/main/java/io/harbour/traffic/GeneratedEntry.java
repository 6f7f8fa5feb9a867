package io.harbour.traffic;

import io.harbour.model.logharbour.GoJson;
import io.harbour.model.logharbour.LogEntry;

/**
 * One generated entry and its wire line (written on first use, so streams of entries alone never
 * pay for JSON), plus what the generator knows about it that the entry does not say.
 */
public final class GeneratedEntry {
    private final long index;
    private final LogEntry entry;
    private final boolean rareAddress;
    private String line;

    GeneratedEntry(long index, LogEntry entry, boolean rareAddress) {
        this.index = index;
        this.entry = entry;
        this.rareAddress = rareAddress;
    }

    /** 0 for the first entry of a run. */
    public long index() {
        return index;
    }

    public LogEntry entry() {
        return entry;
    }

    /** The entry exactly as the Go library writes it, without the trailing newline. */
    public String line() {
        if (line == null) {
            line = GoJson.line(entry);
        }
        return line;
    }

    /** True when {@code remote_ip} is one of the generator's {@link TrafficGenerator#rareAddresses()}. */
    public boolean rareAddress() {
        return rareAddress;
    }

    @Override
    public String toString() {
        return line();
    }
}
