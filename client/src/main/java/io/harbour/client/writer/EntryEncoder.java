package io.harbour.client.writer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;

/**
 * One entry as one line of JSON, exactly as the Go library's {@code json.Marshal} writes it: the
 * model's field order ({@link LogEntryFormat}), compact, and Go's HTML-safe escapes ({@code <},
 * {@code >}, {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}; U+2028 and U+2029 escaped
 * too), so an entry from this writer and one from a Go service are byte-for-byte alike.
 */
public final class EntryEncoder {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private EntryEncoder() {
    }

    /** The entry's JSON, without the trailing newline. */
    public static byte[] encode(LogEntry entry) {
        try {
            return MAPPER.writeValueAsBytes(LogEntryFormat.INSTANCE.write(entry));
        } catch (JsonProcessingException e) {
            // Only text Java itself cannot encode (a lone UTF-16 surrogate) gets here.
            throw new IllegalArgumentException("entry cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Go's encoding/json escapes, on top of JSON's own. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        GoEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            ascii['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            ascii['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            ascii['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            switch (ch) {
                case '<': return new SerializedString("\\u003c");
                case '>': return new SerializedString("\\u003e");
                case '&': return new SerializedString("\\u0026");
                case 0x2028: return new SerializedString("\\u2028");
                case 0x2029: return new SerializedString("\\u2029");
                default: return null;
            }
        }
    }
}
