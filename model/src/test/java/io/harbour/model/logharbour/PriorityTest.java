package io.harbour.model.logharbour;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriorityTest {

    @ParameterizedTest
    @CsvSource({
        "Debug2, DEBUG2", "debug2, DEBUG2", "DEBUG2, DEBUG2",
        "Debug1, DEBUG1", "dEbUg1, DEBUG1",
        "Debug0, DEBUG0", "debug0, DEBUG0",
        "Info, INFO", "info, INFO", "INFO, INFO",
        "Warn, WARN", "warn, WARN",
        "Err, ERR", "err, ERR", "ERR, ERR",
        "Crit, CRIT", "crit, CRIT",
        "Sec, SEC", "sec, SEC", "SEC, SEC"
    })
    void parsesInAnyLetterCase(String text, Priority expected) {
        assertEquals(Optional.of(expected), Priority.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Urgent", "Error", "Debug", "Debug3", " Info", "Info ", "\u0131nfo", "Warning"})
    void refusesAnythingElse(String text) {
        assertEquals(Optional.empty(), Priority.parse(text));
    }

    @Test
    void writesCapitalised() {
        assertEquals(List.of("Debug2", "Debug1", "Debug0", "Info", "Warn", "Err", "Crit", "Sec"),
                Arrays.stream(Priority.values()).map(Priority::wireName).toList());
    }

    @Test
    void ordersFromDebug2UpToSec() {
        Priority[] ordered = Priority.values();
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(ordered[i].compareTo(ordered[i - 1]) > 0, ordered[i] + " above " + ordered[i - 1]);
        }
        assertTrue(Priority.SEC.isAtLeast(Priority.CRIT));
        assertTrue(Priority.WARN.isAtLeast(Priority.WARN));
        assertFalse(Priority.DEBUG0.isAtLeast(Priority.INFO));
    }

    @Test
    void thisLevelOrHigherIncludesSec() {
        assertEquals(EnumSet.of(Priority.ERR, Priority.CRIT, Priority.SEC), Priority.ERR.andHigher());
        assertEquals(EnumSet.of(Priority.SEC), Priority.SEC.andHigher());
        assertEquals(EnumSet.allOf(Priority.class), Priority.DEBUG2.andHigher());
    }

    @Test
    void defaultIsInfo() {
        assertEquals(Priority.INFO, Priority.DEFAULT);
    }
}
