package io.harbour.query.http;

import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.ExecutorService;

/**
 * What every connection of one server shares.
 *
 * @param workers the bounded pool handlers run on; a full queue is 503 {@code busy}
 * @param drain   started by {@link QueryServer#close()}
 */
record ServerContext(QueryHttpSettings settings, RouteTable routes, Dispatcher dispatcher, Cors cors, QueryMetrics metrics,
                     ExecutorService workers, ChannelGroup connections, Drain drain) {
}
