package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DocumentIdsTest {

    @Test
    void derivedIdsAreStableShortAndUrlSafe() {
        String id = DocumentIds.derive("logharbour", "acme", "x");
        assertEquals(id, DocumentIds.derive("logharbour", "acme", "x"));
        assertEquals(22, id.length());
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
    }

    @Test
    void partsAreLengthPrefixedSoTheirBoundariesCount() {
        assertNotEquals(DocumentIds.derive("p", "ab", "c"), DocumentIds.derive("p", "a", "bc"));
        assertNotEquals(DocumentIds.derive("p", (Object) null), DocumentIds.derive("p", ""));
        assertNotEquals(DocumentIds.derive("p", "1"), DocumentIds.derive("p", (Object) "1".getBytes()));
        assertNotEquals(DocumentIds.derive("logharbour", "x"), DocumentIds.derive("observation", "x"));
    }

    @Test
    void anIdFitsWhenNonEmptyAndAtMost512Bytes() {
        assertTrue(DocumentIds.fitsAsId("2kF3pQ7rXy1ZcV9bN4mL8tHs6Wd"));
        assertTrue(DocumentIds.fitsAsId("x".repeat(512)));
        assertFalse(DocumentIds.fitsAsId("x".repeat(513)));
        assertFalse(DocumentIds.fitsAsId("é".repeat(257)));
        assertFalse(DocumentIds.fitsAsId(""));
        assertFalse(DocumentIds.fitsAsId(null));
    }
}
