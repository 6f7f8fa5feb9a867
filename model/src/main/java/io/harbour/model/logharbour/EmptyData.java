package io.harbour.model.logharbour;

/**
 * {@code "data": {}}: what the Go library writes for an activity whose data converts to the empty
 * string (its {@code activity_data} is {@code omitempty}). Found in the library's own test data.
 */
public record EmptyData() implements LogData {
}
