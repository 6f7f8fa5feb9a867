package io.harbour.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Lets any ObjectMapper read a model type through its {@link WireFormat}, with the same checks;
 * a value with problems fails with all of them in the message.
 */
public abstract class WireDeserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient WireFormat<T> format;

    protected WireDeserializer(Class<T> type, WireFormat<T> format) {
        super(type);
        this.format = format;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode json = context.readTree(parser);
        Checked<T> checked = format.read(json, 1);
        if (!checked.isValid()) {
            return context.reportInputMismatch(this, "invalid %s: %s", format.name(),
                    checked.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        return checked.value();
    }
}
