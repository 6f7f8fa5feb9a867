package io.harbour.indexer.exchange;

import io.harbour.layout.exchange.ExchangeHalf;

/** What the joiner remembers of a half: where it was read, when it was received, and its fingerprint (null when restored without one). */
record HalfMark(long offset, long receivedAtNanos, String sha256) {

    static HalfMark of(ExchangeHalf half) {
        return new HalfMark(half.offset(), half.receivedAtNanos(), half.sha256());
    }
}
