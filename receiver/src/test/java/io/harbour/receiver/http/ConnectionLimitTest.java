package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {

    /** Each with its own id: embedded channels share one by default, and a channel group keys by id. */
    private static EmbeddedChannel channel(ConnectionLimit limit) {
        return new EmbeddedChannel(DefaultChannelId.newInstance(), limit);
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnceAndFreedPlacesAreReused() {
        EmbeddedReceiver receiver = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder().maxConnections(2).build());
        ConnectionLimit limit = new ConnectionLimit(receiver.context);
        EmbeddedChannel first = channel(limit);
        EmbeddedChannel second = channel(limit);
        EmbeddedChannel third = channel(limit);
        assertTrue(first.isOpen() && second.isOpen());
        assertFalse(third.isOpen());
        assertEquals(2, receiver.context.metrics().openConnections().get());
        assertEquals(2, receiver.context.connections().size(), "kept connections are known to the shutdown");
        first.close();
        EmbeddedChannel fourth = channel(limit);
        assertTrue(fourth.isOpen());
        assertTrue(receiver.registry.scrape().contains("harbour_receiver_refusals_total{reason=\"too_many_connections\"} 1.0"));
    }
}
