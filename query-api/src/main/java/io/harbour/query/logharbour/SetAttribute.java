package io.harbour.query.logharbour;

import io.harbour.layout.logharbour.LogFields;
import io.harbour.query.http.ApiException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The attributes GetSet counts: those with discrete values. {@code when}, {@code msg},
 * {@code id}, {@code error} and the like are continuous or unique per entry, and refused.
 * {@code remote_ip} counts {@code remote_ip_text}, so {@code LOCAL} is a value like any address;
 * {@code field} counts the entries that changed each field (a nested aggregation).
 */
enum SetAttribute {
    APP("app", LogFields.APP, null),
    TYPE("type", LogFields.TYPE, null),
    WHO("who", LogFields.WHO, null),
    CLASS("class", LogFields.CLASS, null),
    INSTANCE("instance", LogFields.INSTANCE, null),
    OP("op", LogFields.OP, null),
    MODULE("module", LogFields.MODULE, null),
    PRI("pri", LogFields.PRI, null),
    STATUS("status", LogFields.STATUS, null),
    REMOTE_IP("remote_ip", LogFields.REMOTE_IP_TEXT, null),
    SYSTEM("system", LogFields.SYSTEM, null),
    FIELD("field", LogFields.CHANGE_FIELD, LogFields.CHANGES);

    private final String name;
    private final String field;
    private final String nestedPath;

    SetAttribute(String name, String field, String nestedPath) {
        this.name = name;
        this.field = field;
        this.nestedPath = nestedPath;
    }

    String attributeName() {
        return name;
    }

    String field() {
        return field;
    }

    /** Non-null when {@link #field()} lives in nested documents. */
    String nestedPath() {
        return nestedPath;
    }

    /** By name; {@code remoteIP} (the parameter's spelling) also names remote_ip. */
    static SetAttribute parse(String text) {
        String t = text.strip();
        String wanted = t.equals("remoteIP") ? "remote_ip" : t;
        Optional<SetAttribute> found = Arrays.stream(values()).filter(a -> a.name.equals(wanted)).findFirst();
        return found.orElseThrow(() -> ApiException.badRequest("invalid_setattr", Param.SETATTR,
                "setattr must name an attribute with discrete values, one of " + validNames() + "; not \"" + text + "\""));
    }

    static String validNames() {
        return Arrays.stream(values()).map(a -> a.name).collect(Collectors.joining(", "));
    }
}
