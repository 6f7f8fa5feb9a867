package io.harbour.layout.logharbour;

import static io.harbour.layout.Mappings.dateNanos;
import static io.harbour.layout.Mappings.integer;
import static io.harbour.layout.Mappings.ip;
import static io.harbour.layout.Mappings.keyword;
import static io.harbour.layout.Mappings.longNumber;
import static io.harbour.layout.Mappings.opaque;
import static io.harbour.layout.Mappings.propertiesOf;
import static io.harbour.layout.Mappings.storedText;
import static io.harbour.layout.Mappings.text;
import static io.harbour.layout.Mappings.textWithKeyword;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.Mappings;

/**
 * The mapping of LogHarbour entry documents: the reference mapping of the LogHarbour library,
 * corrected where it loses entries or answers wrongly (see the class comments of
 * {@link LogEntryDocuments}).
 *
 * <p>{@code when} is {@code date_nanos}: the library writes up to nine fraction digits and the
 * model keeps them; {@code date} would round them to milliseconds, so entries logged in one
 * millisecond would sort in any order and a {@code search_after} cursor taken from one could
 * not tell them apart. date_nanos sorts, ranges and pages exactly; its price is the range
 * 1970 to 2262, which no log time leaves (one that does is refused with its reason).
 */
public final class LogHarbourMapping {

    private LogHarbourMapping() {
    }

    /** The {@code properties} of the mapping. */
    public static ObjectNode properties() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        CommonFields.map(p);
        for (String name : new String[] {LogFields.ID, LogFields.APP, LogFields.SYSTEM, LogFields.MODULE,
                LogFields.TYPE, LogFields.PRI, LogFields.WHO, LogFields.OP, LogFields.CLASS, LogFields.INSTANCE,
                LogFields.TRACE_ID, LogFields.SPAN_ID, LogFields.REMOTE_IP_TEXT}) {
            p.set(name, keyword());
        }
        p.set(LogFields.PRI_LEVEL, integer());
        p.set(LogFields.WHEN, dateNanos());
        p.set(LogFields.STATUS, integer());
        p.set(LogFields.ERROR, text());
        p.set(LogFields.MSG, text());
        p.set(LogFields.REMOTE_IP, ip());
        p.set(LogFields.DATA, data());
        p.set(LogFields.DATA_TEXT, text());
        p.set(CommonFields.EXTRA, opaque());
        return p;
    }

    private static ObjectNode data() {
        ObjectNode data = Mappings.object();
        propertiesOf(data).set("activity_data", text());
        propertiesOf(data).set("change_data", changeData());
        propertiesOf(data).set("debug_data", debugData());
        return data;
    }

    private static ObjectNode changeData() {
        ObjectNode change = Mappings.object();
        propertiesOf(change).set("entity", keyword());
        propertiesOf(change).set("op", keyword());
        ObjectNode changes = Mappings.nested();
        propertiesOf(changes).set("field", keyword());
        propertiesOf(changes).set("old_value", textWithKeyword());
        propertiesOf(changes).set("new_value", textWithKeyword());
        propertiesOf(change).set("changes", changes);
        return change;
    }

    private static ObjectNode debugData() {
        ObjectNode debug = Mappings.object();
        // long, not integer: the model reads any 64-bit number, and one out of int range would cost the entry.
        propertiesOf(debug).set("pid", longNumber());
        propertiesOf(debug).set("runtime", keyword());
        propertiesOf(debug).set("file", keyword());
        propertiesOf(debug).set("line", longNumber());
        propertiesOf(debug).set("func", keyword());
        propertiesOf(debug).set("stackTrace", storedText());
        propertiesOf(debug).set("data", opaque());
        return debug;
    }
}
