package io.harbour.model.logharbour;

/**
 * The {@code data} of an entry. The library sends an object with one member naming the shape;
 * older producers send a string such as {@code "{}"}; an activity logged with empty data arrives
 * as {@code {}}. Each form has its own type so writing restores the form that was read.
 */
public sealed interface LogData permits ActivityData, ChangeData, DebugData, TextData, EmptyData {
}
