package io.harbour.client.writer;

import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.ChangeData;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of one data-change entry, built like the Go library's {@code NewChangeInfo(entity,
 * op).AddChange(field, old, new)}. Values of any type become strings the way the library's
 * {@code convertToString} does it: a string as it is, anything else as its JSON ({@code 2} becomes
 * {@code "2"}, null becomes {@code "null"}, a list {@code "[\"a\",\"b\"]"}). Not thread-safe;
 * {@link #toChangeData()} takes a snapshot.
 */
public final class ChangeInfo {
    private final String entity;
    private final String op;
    private final List<Change> changes = new ArrayList<>();

    private ChangeInfo(String entity, String op) {
        this.entity = entity;
        this.op = op;
    }

    /** {@code entity} such as {@code "Order"}, {@code op} such as {@code "Update"}. */
    public static ChangeInfo of(String entity, String op) {
        return new ChangeInfo(entity, op);
    }

    public ChangeInfo addChange(String field, Object oldValue, Object newValue) {
        changes.add(new Change(field, Values.toText(oldValue), Values.toText(newValue)));
        return this;
    }

    public ChangeData toChangeData() {
        return new ChangeData(entity, op, changes);
    }
}
