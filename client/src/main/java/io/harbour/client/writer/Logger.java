package io.harbour.client.writer;

import io.harbour.model.logharbour.Ksuid;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harbour.model.logharbour.ActivityData;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EmptyData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogData;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.Priority;
import io.harbour.model.logharbour.Timestamp;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * LogHarbour's fluent logger for one app, system and module. Every {@code with...} method returns
 * a new logger and leaves this one unchanged, so a logger can be shared between threads and
 * specialised per request: {@code logger.withWho("jim").withClass("Order").withInstanceId("456")
 * .logDataChange("Order status changed", ChangeInfo.of("Order", "Update").addChange("status",
 * "pending", "shipped"))}. Names follow the Go library (github.com/remiges-tech/logharbour):
 * {@code WithWho} is {@link #withWho}, {@code Info()} is {@link #info()}, {@code LogActivity} is
 * {@link #logActivity}, and so on.
 *
 * <p>Each entry gets a new {@link Ksuid} id, {@code when} in UTC with the clock's full precision,
 * and goes to the {@link EntrySink} (normally a {@link Shipper}, which only enqueues: a log call
 * never waits for the network). Entries below the context's minimum priority are not written, nor
 * debug entries while the context's debug mode is off, exactly as the library does.
 */
public final class Logger {
    /** The library's {@code Status}: success is 0 and is left out of the JSON, failure is 1. */
    public enum Status { SUCCESS, FAILURE }

    private static final String SYSTEM = systemName();
    private static final int STACK_DEPTH = 32;

    private final LoggerContext context;
    private final EntrySink sink;
    private final Clock clock;
    private final String app;
    private final String system;
    private final String module;
    private final Priority pri;
    private final String who;
    private final String op;
    private final String className;
    private final String instanceId;
    private final Status status;
    private final String error;
    private final String remoteIp;
    private final String traceId;
    private final String spanId;

    private Logger(LoggerContext context, EntrySink sink, Clock clock, String app, String system, String module,
                   Priority pri, String who, String op, String className, String instanceId, Status status,
                   String error, String remoteIp, String traceId, String spanId) {
        this.context = context;
        this.sink = sink;
        this.clock = clock;
        this.app = app;
        this.system = system;
        this.module = module;
        this.pri = pri;
        this.who = who;
        this.op = op;
        this.className = className;
        this.instanceId = instanceId;
        this.status = status;
        this.error = error;
        this.remoteIp = remoteIp;
        this.traceId = traceId;
        this.spanId = spanId;
    }

    /** The library's {@code NewLogger}: this host's name as {@code system}, module "", priority Info. */
    public static Logger create(LoggerContext context, String app, EntrySink sink) {
        return create(context, app, sink, Clock.systemUTC());
    }

    static Logger create(LoggerContext context, String app, EntrySink sink, Clock clock) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sink, "sink");
        if (app == null || app.isEmpty()) {
            throw new IllegalArgumentException("app must be a non-empty name");
        }
        return new Logger(context, sink, clock, app, SYSTEM, "", Priority.DEFAULT, null, null, null, null,
                Status.SUCCESS, null, null, null, null);
    }

    private Logger copy(String module, Priority pri, String who, String op, String className, String instanceId,
                        Status status, String error, String remoteIp, String traceId, String spanId, String system) {
        return new Logger(context, sink, clock, app, system, module, pri, who, op, className, instanceId, status,
                error, remoteIp, traceId, spanId);
    }

    public Logger withSystem(String value) {
        return copy(module, pri, who, op, className, instanceId, status, error, remoteIp, traceId, spanId, nonNull(value));
    }

    public Logger withModule(String value) {
        return copy(nonNull(value), pri, who, op, className, instanceId, status, error, remoteIp, traceId, spanId, system);
    }

    public Logger withWho(String value) {
        return copy(module, pri, value, op, className, instanceId, status, error, remoteIp, traceId, spanId, system);
    }

    public Logger withOp(String value) {
        return copy(module, pri, who, value, className, instanceId, status, error, remoteIp, traceId, spanId, system);
    }

    /** The object class ({@code class} on the wire). */
    public Logger withClass(String value) {
        return copy(module, pri, who, op, value, instanceId, status, error, remoteIp, traceId, spanId, system);
    }

    /** The object instance ({@code instance} on the wire); the library's {@code WithInstanceId}. */
    public Logger withInstanceId(String value) {
        return copy(module, pri, who, op, className, value, status, error, remoteIp, traceId, spanId, system);
    }

    /** The same as {@link #withInstanceId}, named after the wire field. */
    public Logger withInstance(String value) {
        return withInstanceId(value);
    }

    public Logger withStatus(Status value) {
        return copy(module, pri, who, op, className, instanceId, Objects.requireNonNull(value, "status"), error, remoteIp,
                traceId, spanId, system);
    }

    /** The library's {@code Error(err)}: the error's message ({@code "<nil>"} for null); status unchanged. */
    public Logger error(Throwable cause) {
        return withError(cause == null ? "<nil>" : String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
    }

    public Logger withError(String value) {
        return copy(module, pri, who, op, className, instanceId, status, value, remoteIp, traceId, spanId, system);
    }

    public Logger withPriority(Priority value) {
        return copy(module, Objects.requireNonNull(value, "priority"), who, op, className, instanceId, status, error,
                remoteIp, traceId, spanId, system);
    }

    /** An IP address, or {@code "LOCAL"} for internally triggered work. Anything else the receiver refuses. */
    public Logger withRemoteIP(String value) {
        return copy(module, pri, who, op, className, instanceId, status, error, value, traceId, spanId, system);
    }

    /** The library's {@code WithTraceID}. */
    public Logger withTraceId(String value) {
        return copy(module, pri, who, op, className, instanceId, status, error, remoteIp, value, spanId, system);
    }

    public Logger withSpanId(String value) {
        return copy(module, pri, who, op, className, instanceId, status, error, remoteIp, traceId, value, system);
    }

    public Logger debug2() { return withPriority(Priority.DEBUG2); }
    public Logger debug1() { return withPriority(Priority.DEBUG1); }
    public Logger debug0() { return withPriority(Priority.DEBUG0); }
    public Logger info() { return withPriority(Priority.INFO); }
    public Logger warn() { return withPriority(Priority.WARN); }
    public Logger err() { return withPriority(Priority.ERR); }
    public Logger crit() { return withPriority(Priority.CRIT); }
    public Logger sec() { return withPriority(Priority.SEC); }

    /** An activity with no data; the library's {@code Log}. */
    public void log(String message) {
        logActivity(message, null);
    }

    public void logf(String format, Object... args) {
        log(String.format(format, args));
    }

    /**
     * An activity ({@code type "A"}). {@code data} becomes {@code activity_data}: a string as it is,
     * anything else as its JSON; null sends no {@code data}; an empty string sends {@code "data":{}}.
     */
    public void logActivity(String message, Object data) {
        if (!context.shouldLog(pri)) {
            return;
        }
        LogData logData = null;
        if (data != null) {
            String text = Values.toText(data);
            logData = text.isEmpty() ? new EmptyData() : new ActivityData(text);
        }
        emit(EntryType.ACTIVITY, message, logData);
    }

    public void logActivityf(Object data, String format, Object... args) {
        logActivity(String.format(format, args), data);
    }

    /** A data change ({@code type "C"}). */
    public void logDataChange(String message, ChangeInfo change) {
        logDataChange(message, change.toChangeData());
    }

    public void logDataChange(String message, ChangeData change) {
        if (!context.shouldLog(pri)) {
            return;
        }
        emit(EntryType.CHANGE, message, Objects.requireNonNull(change, "change"));
    }

    public void logDataChangef(ChangeInfo change, String format, Object... args) {
        logDataChange(String.format(format, args), change);
    }

    /**
     * A debug entry ({@code type "D"}), only while the context's debug mode is on: where it was
     * called from (file, line, method, stack) and {@code data} as text.
     */
    public void logDebug(String message, Object data) {
        if (!context.isDebugModeSet() || !context.shouldLog(pri)) {
            return;
        }
        List<StackWalker.StackFrame> frames = StackWalker.getInstance().walk(s -> s
                .dropWhile(f -> f.getClassName().equals(Logger.class.getName()))
                .limit(STACK_DEPTH)
                .collect(Collectors.toList()));
        StackWalker.StackFrame caller = frames.isEmpty() ? null : frames.get(0);
        String file = caller == null ? "" : sourcePath(caller);
        long line = caller == null ? 0 : Math.max(0, caller.getLineNumber());
        String func = caller == null ? "" : caller.getMethodName();
        String stack = frames.stream()
                .map(f -> f.getClassName() + "." + f.getMethodName() + " " + sourcePath(f) + ":" + f.getLineNumber())
                .collect(Collectors.joining("\n"));
        DebugData debug = new DebugData(ProcessHandle.current().pid(), "java" + Runtime.version().feature() + " "
                + Runtime.version(), file, line, func, stack, TextNode.valueOf(Values.toText(data)), Map.of());
        emit(EntryType.DEBUG, message, debug);
    }

    public void logDebugf(Object data, String format, Object... args) {
        logDebug(String.format(format, args), data);
    }

    private void emit(EntryType type, String message, LogData data) {
        java.time.Instant now = clock.instant();
        LogEntry entry = LogEntry.builder()
                .id(Ksuid.next(now))
                .app(app)
                .system(system)
                .module(module)
                .type(type)
                .pri(pri)
                .when(Timestamp.of(now))
                .who(emptyToNull(who))
                .op(emptyToNull(op))
                .className(emptyToNull(className))
                .instance(emptyToNull(instanceId))
                // Go's omitempty: success (0) is absent on the wire.
                .status(status == Status.FAILURE ? LogEntry.FAILURE : null)
                .error(emptyToNull(error))
                .remoteIp(emptyToNull(remoteIp))
                .msg(emptyToNull(message))
                .data(data)
                .traceId(emptyToNull(traceId))
                .spanId(emptyToNull(spanId))
                .build();
        sink.write(entry);
    }

    private static String sourcePath(StackWalker.StackFrame frame) {
        String className = frame.getClassName();
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        return dir + (frame.getFileName() == null ? "?" : frame.getFileName());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static String systemName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }

    public String app() {
        return app;
    }

    public Priority priority() {
        return pri;
    }
}
