package io.harbour.indexer.exchange;

import io.harbour.layout.exchange.ExchangeHalf;

/** What a request log and its response log share: realm, sensor (sender identity) and sequence. */
public record ExchangeKey(String realm, String sensor, long sequence) {

    public static ExchangeKey of(ExchangeHalf half) {
        return new ExchangeKey(half.realm(), half.sensor(), half.sequence());
    }
}
