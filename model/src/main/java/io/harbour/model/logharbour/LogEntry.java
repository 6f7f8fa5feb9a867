package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.harbour.model.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One LogHarbour entry. A component is null when its field was absent (or JSON null), so writing
 * the entry back sends exactly the fields that came in; {@link #extra()} holds the fields this
 * model does not know, and known fields that were sent as {@code null}, so those come back too.
 * {@link #className()} is the wire field {@code class}.
 *
 * <p>Read and write it with {@link LogEntryFormat}; any ObjectMapper does the same through the
 * annotations.
 */
@JsonSerialize(using = LogEntryFormat.Serializer.class)
@JsonDeserialize(using = LogEntryFormat.Deserializer.class)
public record LogEntry(
        String id,
        String app,
        String system,
        String module,
        EntryType type,
        Priority pri,
        Timestamp when,
        String who,
        String op,
        String className,
        String instance,
        Integer status,
        String error,
        String remoteIp,
        String msg,
        LogData data,
        String traceId,
        String spanId,
        Map<String, JsonNode> extra) {

    /** The {@code status} of a success; absent means this, as the library omits it. */
    public static final int SUCCESS = 0;
    public static final int FAILURE = 1;
    /** The {@code remote_ip} of internally triggered entries, which is not an IP address. */
    public static final String LOCAL = "LOCAL";

    public LogEntry {
        extra = Fields.keep(extra);
    }

    /** The priority, {@link Priority#DEFAULT} when absent. */
    public Priority priority() {
        return pri == null ? Priority.DEFAULT : pri;
    }

    public boolean failed() {
        return status != null && status == FAILURE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds entries field by field, the way the Go library's fluent logger does. */
    public static final class Builder {
        private String id;
        private String app;
        private String system;
        private String module;
        private EntryType type;
        private Priority pri;
        private Timestamp when;
        private String who;
        private String op;
        private String className;
        private String instance;
        private Integer status;
        private String error;
        private String remoteIp;
        private String msg;
        private LogData data;
        private String traceId;
        private String spanId;
        private final Map<String, JsonNode> extra = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(LogEntry e) {
            id = e.id;
            app = e.app;
            system = e.system;
            module = e.module;
            type = e.type;
            pri = e.pri;
            when = e.when;
            who = e.who;
            op = e.op;
            className = e.className;
            instance = e.instance;
            status = e.status;
            error = e.error;
            remoteIp = e.remoteIp;
            msg = e.msg;
            data = e.data;
            traceId = e.traceId;
            spanId = e.spanId;
            extra.putAll(e.extra);
        }

        public Builder id(String value) { id = value; return this; }
        public Builder app(String value) { app = value; return this; }
        public Builder system(String value) { system = value; return this; }
        public Builder module(String value) { module = value; return this; }
        public Builder type(EntryType value) { type = value; return this; }
        public Builder pri(Priority value) { pri = value; return this; }
        public Builder when(Timestamp value) { when = value; return this; }
        public Builder who(String value) { who = value; return this; }
        public Builder op(String value) { op = value; return this; }
        public Builder className(String value) { className = value; return this; }
        public Builder instance(String value) { instance = value; return this; }
        public Builder status(Integer value) { status = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder remoteIp(String value) { remoteIp = value; return this; }
        public Builder msg(String value) { msg = value; return this; }
        public Builder data(LogData value) { data = value; return this; }
        public Builder traceId(String value) { traceId = value; return this; }
        public Builder spanId(String value) { spanId = value; return this; }
        public Builder extra(String name, JsonNode value) { extra.put(name, value); return this; }

        public LogEntry build() {
            return new LogEntry(id, app, system, module, type, pri, when, who, op, className, instance,
                    status, error, remoteIp, msg, data, traceId, spanId, extra);
        }
    }
}
