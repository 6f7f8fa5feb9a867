package io.harbour.model.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogEntryKeyPartsTest {

    @Test
    void partsCopiedFromBytesEqualPartsFromText() {
        byte[] line = "xx\u00e9t\u00e9yyOrderzz\u20ac7".getBytes(StandardCharsets.UTF_8);
        // "\u00e9t\u00e9" is 5 bytes from 2, "Order" 5 bytes from 9, "\u20ac7" 4 bytes from 16
        LogEntryKeyParts copied = LogEntryKeyParts.ofUtf8(line, 2, 7, 9, 14, 16, 20);
        LogEntryKeyParts text = LogEntryKeyParts.of("\u00e9t\u00e9", "Order", "\u20ac7");
        assertEquals(text, copied);
        assertEquals(text.hashCode(), copied.hashCode());
        assertEquals("\u00e9t\u00e9", copied.app());
        assertEquals("Order", copied.className());
        assertEquals("\u20ac7", copied.instance());
        assertEquals("LogEntryKeyParts[app=\u00e9t\u00e9, className=Order, instance=\u20ac7]", copied.toString());
    }

    @Test
    void anAbsentPartIsNullYetEmptyInTheKey() {
        LogEntryKeyParts parts = LogEntryKeyParts.ofUtf8("Shop".getBytes(StandardCharsets.UTF_8), 0, 4, -1, -1, -1, -1);
        assertEquals(LogEntryKeyParts.of("Shop", null, null), parts);
        assertNull(parts.className());
        assertNull(parts.instance());
        assertNotEquals(LogEntryKeyParts.of("Shop", "", null), parts, "absent and empty are different readings");
        assertEquals("r|Shop||", new String(parts.key("r|".getBytes(StandardCharsets.UTF_8), (byte) '|'), StandardCharsets.UTF_8));
        assertEquals("r|Shop||", new String(LogEntryKeyParts.of("Shop", "", "").key("r|".getBytes(StandardCharsets.UTF_8), (byte) '|'),
                StandardCharsets.UTF_8));
    }

    @Test
    void theKeyIsThePrefixThenThePartsBetweenSeparators() {
        LogEntryKeyParts parts = LogEntryKeyParts.of("a", "bc", "def");
        assertEquals("p:a/bc/def", new String(parts.key("p:".getBytes(StandardCharsets.UTF_8), (byte) '/'), StandardCharsets.UTF_8));
        assertNotEquals(LogEntryKeyParts.of("ab", "c", "def"), parts, "the same bytes split differently are other parts");
    }
}
