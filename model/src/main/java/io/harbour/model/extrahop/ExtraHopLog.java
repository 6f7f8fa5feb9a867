package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;

/**
 * An ExtraHop API log: a request or a response, joined to each other by {@link #sequence()}.
 * Tell them apart with {@code instanceof} or a switch on the two record types.
 */
@JsonSerialize(using = ExtraHopLogFormat.Serializer.class)
@JsonDeserialize(using = ExtraHopLogFormat.Deserializer.class)
public sealed interface ExtraHopLog permits ExtraHopRequestLog, ExtraHopResponseLog {

    /** The number shared by a request and its response. */
    long sequence();

    /** Top-level members this model does not know, kept for writing back. */
    Map<String, JsonNode> extra();
}
