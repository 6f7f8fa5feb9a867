package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyBufferTest {

    @Test
    void aDeclaredLengthIsAllocatedOnceAndReturnedWithoutACopy() {
        InFlightBudget budget = new InFlightBudget(10_000);
        InFlightBudget.Reservation r = budget.open();
        BodyBuffer body = new BodyBuffer(6, 100, "body", r, Duration.ofSeconds(1));
        assertEquals(6, budget.used());
        ByteBuf chunk = Unpooled.wrappedBuffer("abcdef".getBytes());
        body.append(chunk);
        assertEquals(0, chunk.readerIndex(), "the caller's buffer is left as it was");
        byte[] first = body.toArray();
        assertSame(first, body.toArray());
        assertEquals("abcdef", new String(first));
        r.close();
        r.close();
        assertEquals(0, budget.used());
    }

    @Test
    void anUndeclaredBodyGrowsUpToTheLimitAndNoFurther() {
        InFlightBudget budget = new InFlightBudget(1 << 20);
        InFlightBudget.Reservation r = budget.open();
        BodyBuffer body = new BodyBuffer(-1, 100_000, "body", r, Duration.ofSeconds(1));
        byte[] piece = new byte[30_000];
        for (int i = 0; i < 3; i++) {
            body.append(piece, 0, piece.length);
        }
        HttpRefusal tooLarge = assertThrows(HttpRefusal.class, () -> body.append(piece, 0, piece.length));
        assertEquals(413, tooLarge.status().code());
        assertEquals(90_000, body.toArray().length);
        assertEquals(90_000, budget.used(), "after trimming only the exact array is counted");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAllocating() {
        InFlightBudget budget = new InFlightBudget(1 << 20);
        HttpRefusal refusal = assertThrows(HttpRefusal.class, () -> new BodyBuffer(200, 100, "body", budget.open(), Duration.ofSeconds(1)));
        assertEquals(413, refusal.status().code());
        assertEquals(0, budget.used());
    }

    @Test
    void theBudgetIsSharedAndRefusesWithoutTakingAnything() {
        InFlightBudget budget = new InFlightBudget(1000);
        InFlightBudget.Reservation a = budget.open();
        assertTrue(a.grow(800));
        InFlightBudget.Reservation b = budget.open();
        assertFalse(b.grow(300));
        assertEquals(0, b.held());
        HttpRefusal busy = assertThrows(HttpRefusal.class, () -> new BodyBuffer(300, 1000, "body", b, Duration.ofSeconds(7)));
        assertEquals(429, busy.status().code());
        assertEquals(Duration.ofSeconds(7), busy.retryAfter());
        a.close();
        assertTrue(b.grow(300));
        b.holdExactly(1200);
        assertEquals(1200, budget.used(), "memory already in use is counted even past the limit");
        b.close();
        assertEquals(0, budget.used());
    }
}
