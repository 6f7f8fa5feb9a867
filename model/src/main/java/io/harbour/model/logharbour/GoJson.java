package io.harbour.model.logharbour;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * One entry as one line of JSON, exactly as the Go library's {@code json.Marshal} writes it: the
 * field order and compact form of {@link LogEntryFormat}, plus Go's HTML-safe escapes ({@code <},
 * {@code >}, {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}; U+2028 and U+2029 too),
 * which Jackson alone does not write. So an entry from Harbour's writer or traffic generator and
 * one from a Go service are byte-for-byte alike.
 */
public final class GoJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new GoEscapes());
    }

    private GoJson() {
    }

    /**
     * The entry's line without the trailing newline.
     *
     * @throws IllegalArgumentException for text Java itself cannot encode (a lone UTF-16 surrogate)
     */
    public static byte[] encode(LogEntry entry) {
        try {
            return MAPPER.writeValueAsBytes(LogEntryFormat.INSTANCE.write(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entry cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@link #encode} as text. */
    public static String line(LogEntry entry) {
        return new String(encode(entry), StandardCharsets.UTF_8);
    }

    /** Go's encoding/json escapes, on top of JSON's own. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString LT = new SerializedString("\\u003c");
        private static final SerializedString GT = new SerializedString("\\u003e");
        private static final SerializedString AMP = new SerializedString("\\u0026");
        private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
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
            return switch (ch) {
                case '<' -> LT;
                case '>' -> GT;
                case '&' -> AMP;
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
