package io.harbour.client.writer;

import io.harbour.model.logharbour.Ksuid;
import io.harbour.model.logharbour.GoJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.logharbour.ActivityData;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EmptyData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggerTest {
    private final List<LogEntry> written = new ArrayList<>();
    private final LoggerContext context = LoggerContext.defaults();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T05:56:38.427582317Z"), ZoneOffset.UTC);
    private final Logger logger = Logger.create(context, "OnlineStore", written::add, clock)
            .withSystem("vm").withModule("orders");

    private String line(int i) {
        return new String(GoJson.encode(written.get(i)), StandardCharsets.UTF_8);
    }

    @Test
    void dataChangeIsWrittenLikeTheGoLibrary() {
        logger.withWho("jim").withOp("update").withClass("Order").withInstance("456").withRemoteIP("203.0.113.45")
                .withTraceId("2kF3pQ0traceXYZ")
                .logDataChange("Order status changed", ChangeInfo.of("Order", "Update")
                        .addChange("status", "pending", "shipped")
                        .addChange("qty", 2, 3)
                        .addChange("tags", null, List.of("a", "b")));
        String id = written.get(0).id();
        assertEquals(Instant.parse("2026-11-23T05:56:38Z"), Ksuid.time(id));
        assertEquals("{\"id\":\"" + id + "\",\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"C\",\"pri\":\"Info\","
                + "\"when\":\"2026-11-23T05:56:38.427582317Z\",\"who\":\"jim\",\"op\":\"update\",\"class\":\"Order\",\"instance\":\"456\","
                + "\"remote_ip\":\"203.0.113.45\",\"msg\":\"Order status changed\",\"data\":{\"change_data\":{\"entity\":\"Order\",\"op\":\"Update\","
                + "\"changes\":[{\"field\":\"status\",\"old_value\":\"pending\",\"new_value\":\"shipped\"},{\"field\":\"qty\",\"old_value\":\"2\","
                + "\"new_value\":\"3\"},{\"field\":\"tags\",\"old_value\":\"null\",\"new_value\":\"[\\\"a\\\",\\\"b\\\"]\"}]}},"
                + "\"trace_id\":\"2kF3pQ0traceXYZ\"}", line(0));
        // And the receiver's model reads it back unchanged.
        assertEquals(written.get(0), LogEntryFormat.INSTANCE.parse(line(0)));
    }

    @Test
    void failureWithErrorAndPriorityHelper() {
        logger.withWho("jim").withStatus(Logger.Status.FAILURE).error(new IllegalStateException("db timeout")).err()
                .logActivity("Order update failed", null);
        LogEntry e = written.get(0);
        assertEquals(Priority.ERR, e.pri());
        assertEquals(1, e.status());
        assertEquals("db timeout", e.error());
        assertNull(e.data(), "nil data sends no data, as in the library");
        assertTrue(line(0).contains("\"pri\":\"Err\",") && line(0).contains("\"status\":1,"), line(0));
    }

    @Test
    void withReturnsANewLoggerAndLeavesTheOriginalUnchanged() {
        Logger jim = logger.withWho("jim");
        Logger warned = jim.warn();
        logger.log("plain");
        jim.log("as jim");
        warned.log("warned");
        assertNull(written.get(0).who());
        assertEquals("jim", written.get(1).who());
        assertEquals(Priority.INFO, written.get(1).pri());
        assertEquals(Priority.WARN, written.get(2).pri());
        assertEquals(3, written.stream().map(LogEntry::id).distinct().count(), "every entry has its own id");
        assertTrue(!line(0).contains("\"status\""), "success is omitted like Go's omitempty: " + line(0));
    }

    @Test
    void activityDataBecomesTextAndEmptyTextBecomesEmptyObject() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", 456);
        data.put("items", 3);
        logger.logActivity("updated", data);
        logger.logActivity("text", "plain words");
        logger.logActivity("empty", "");
        assertEquals(new ActivityData("{\"items\":3,\"orderId\":456}"), written.get(0).data(), "map keys sorted as Go does");
        assertEquals(new ActivityData("plain words"), written.get(1).data());
        assertInstanceOf(EmptyData.class, written.get(2).data());
        assertTrue(line(2).contains("\"data\":{}"), line(2));
    }

    @Test
    void minimumPriorityAndDebugModeFilterLikeTheLibrary() {
        context.changeMinLogPriority(Priority.WARN);
        logger.info().log("dropped by priority");
        logger.crit().log("kept");
        logger.sec().log("kept too");
        assertEquals(2, written.size());
        context.changeMinLogPriority(Priority.DEBUG2);
        logger.debug1().logDebug("off", Map.of("a", 1));
        assertEquals(2, written.size(), "debug entries need debug mode");
        context.setDebugMode(true);
        logger.debug1().logDebug("computing discount", Map.of("coupon", "SAVE10"));
        LogEntry debug = written.get(2);
        assertEquals(EntryType.DEBUG, debug.type());
        assertEquals(Priority.DEBUG1, debug.pri());
        DebugData d = (DebugData) debug.data();
        assertEquals("minimumPriorityAndDebugModeFilterLikeTheLibrary", d.func());
        assertEquals("io/harbour/client/writer/LoggerTest.java", d.file());
        assertTrue(d.line() > 0);
        assertEquals(ProcessHandle.current().pid(), d.pid());
        assertEquals("{\"coupon\":\"SAVE10\"}", d.data().textValue());
        assertTrue(d.stackTrace().startsWith("io.harbour.client.writer.LoggerTest.minimumPriorityAndDebugModeFilterLikeTheLibrary"), d.stackTrace());
        assertEquals(written.get(2), LogEntryFormat.INSTANCE.parse(line(2)));
    }

    @Test
    void changeInfoSnapshotsItsChanges() {
        ChangeInfo info = ChangeInfo.of("User", "Update").addChange("email", "a@x", "b@x");
        ChangeData first = info.toChangeData();
        info.addChange("name", "a", "b");
        assertEquals(1, first.changes().size());
        assertEquals(2, info.toChangeData().changes().size());
    }
}
