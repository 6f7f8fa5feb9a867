/**
 * LogHarbour entries as the public Go library and older producers send them: the entry, its
 * priority scale, its type letters, its nanosecond {@code when} and the three shapes of
 * {@code data}. {@link io.harbour.model.logharbour.LogEntryFormat} owns the rules (what is
 * required, what each field may hold) and writes entries back with every unknown field and every
 * original form (absent {@code status}, the exact {@code when} text) intact, because a stored
 * entry must read the same as the one that was sent.
 */
package io.harbour.model.logharbour;
