package io.harbour.query.export;

import io.harbour.query.http.ApiException;
import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Export calls per token: one {@link TokenBucket} per realm and token id (tokens are few, listed
 * in the realm file, so the map stays small). An empty bucket is 429 {@code rate_limited} with
 * Retry-After: the time until the next call would be taken. Logpull allows 15 to 60 calls a
 * minute per zone; the defaults here (60 a minute, 60 at once) let a CLI catch up after a
 * pause without letting one token monopolise the workers.
 */
final class RateLimiter {
    private final int burst;
    private final double perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int burst, double perMinute, LongSupplier nanoTime) {
        this.burst = burst;
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** Takes one call from the caller's bucket, or throws 429. */
    void acquire(QueryAuthentication.Accepted caller) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(caller.realm() + "\u0000" + caller.tokenId(),
                k -> new TokenBucket(burst, perMinute, now));
        Duration wait = bucket.take(now);
        if (wait != null) {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", "this token has made "
                    + burst + " export calls in a burst or more than " + perMinute + " a minute; retry after the Retry-After seconds",
                    null, wait);
        }
    }
}
