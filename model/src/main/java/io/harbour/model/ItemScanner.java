package io.harbour.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * A cheaper read of the common case of a {@link WireFormat}: an item that is plainly valid is
 * checked from the parser's tokens, without building a tree or a value, and yields only a summary
 * {@code S} (what a caller needs of it, such as the fields of a record key). Anything the scanner
 * is not sure of, it leaves to the format: {@link BatchReader#read(byte[], ItemScanner)} then reads
 * that item with the tree and the format, whose outcome and messages are the answer. So a scanner
 * may refuse far more than the format does, but must never pass an item the format would refuse.
 *
 * @param <T> the format's value
 * @param <S> the summary of a valid item
 */
public interface ItemScanner<T, S> {

    /** The format that decides every item this scanner passes on. */
    WireFormat<T> format();

    /**
     * Reads one item from {@code parser}, which is positioned before its first token and holds
     * exactly the item's bytes.
     *
     * @return the item's summary when it is certainly one JSON value that {@link #format()} reads
     *         as valid; null when not sure (the item is then read by the format)
     * @throws IOException as the parser does; the caller treats it like null
     */
    S scan(JsonParser parser) throws IOException;

    /**
     * Like {@link #scan}, but straight from the item's bytes, before any parser exists: a cheaper
     * path for the item exactly as its usual sender writes it. The contract is {@link #scan}'s: it
     * may refuse (null) far more than the format does, but must never pass an item the format
     * would refuse, and its summary must be the format's. {@link BatchReader} calls it only for
     * bytes it has already checked to be well-formed UTF-8 with no leading or trailing whitespace,
     * and tries {@link #scan} when it returns null.
     *
     * @param body     the bytes holding the item
     * @param from     the item's first byte
     * @param to       just after the item's last byte
     * @param maxDepth the reader's nesting limit: the format's reading refuses anything deeper
     * @return the item's summary when it is certainly valid; null when not sure (the default)
     */
    default S scanBytes(byte[] body, int from, int to, int maxDepth) {
        return null;
    }

    /** The summary of an item the format read as valid. */
    S summarize(T value);
}
