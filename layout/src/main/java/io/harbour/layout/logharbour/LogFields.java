package io.harbour.layout.logharbour;

/**
 * Field names of a LogHarbour entry document. The entry's own fields keep their wire names
 * (so a document reads like the entry that was sent); the fields Harbour adds are listed after
 * them, with {@link io.harbour.layout.CommonFields}.
 */
public final class LogFields {
    public static final String ID = "id";
    public static final String APP = "app";
    public static final String SYSTEM = "system";
    public static final String MODULE = "module";
    /** A, C, D or U. */
    public static final String TYPE = "type";
    /** The priority's wire name, {@code Info} when the entry had none. */
    public static final String PRI = "pri";
    /** The priority as a number, Debug2 = 0 to Sec = 7: "this level or higher" is {@code range gte}. */
    public static final String PRI_LEVEL = "pri_level";
    /** date_nanos; the text as sent (with {@code T} and {@code Z} upper-cased). */
    public static final String WHEN = "when";
    public static final String WHO = "who";
    public static final String OP = "op";
    public static final String CLASS = "class";
    public static final String INSTANCE = "instance";
    /** 0 success, 1 failure; always written, 0 when the entry left it out (as the library does). */
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    /** Type ip: written only when the entry's remote_ip is an IP literal. */
    public static final String REMOTE_IP = "remote_ip";
    /** Keyword: the remote_ip exactly as sent, {@code LOCAL} included. */
    public static final String REMOTE_IP_TEXT = "remote_ip_text";
    public static final String MSG = "msg";
    public static final String DATA = "data";
    /** The {@code data} of older producers that send a string; {@code data} itself is an object. */
    public static final String DATA_TEXT = "data_text";
    public static final String ACTIVITY_DATA = "data.activity_data";
    public static final String CHANGE_DATA = "data.change_data";
    public static final String CHANGE_ENTITY = "data.change_data.entity";
    public static final String CHANGE_OP = "data.change_data.op";
    /** Nested: query a change's field and values together with a {@code nested} query. */
    public static final String CHANGES = "data.change_data.changes";
    public static final String CHANGE_FIELD = "data.change_data.changes.field";
    /** Text; {@code .keyword} for exact values. */
    public static final String CHANGE_OLD_VALUE = "data.change_data.changes.old_value";
    public static final String CHANGE_NEW_VALUE = "data.change_data.changes.new_value";
    public static final String KEYWORD_SUBFIELD = ".keyword";
    public static final String DEBUG_DATA = "data.debug_data";
    public static final String DEBUG_PID = "data.debug_data.pid";
    public static final String DEBUG_RUNTIME = "data.debug_data.runtime";
    public static final String DEBUG_FILE = "data.debug_data.file";
    public static final String DEBUG_LINE = "data.debug_data.line";
    public static final String DEBUG_FUNC = "data.debug_data.func";
    /** Stored text, not searchable. */
    public static final String DEBUG_STACK_TRACE = "data.debug_data.stackTrace";
    /** Kept as sent (a string, or any JSON from older libraries), never parsed. */
    public static final String DEBUG_DATA_DATA = "data.debug_data.data";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private LogFields() {
    }
}
