package io.harbour.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Lets any ObjectMapper (the Elasticsearch client's included) write a model type through its
 * {@link WireFormat}, so a value embedded in a larger answer looks exactly as on the wire.
 */
public abstract class WireSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient WireFormat<T> format;

    protected WireSerializer(Class<T> type, WireFormat<T> format) {
        super(type);
        this.format = format;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        provider.defaultSerializeValue(format.write(value), generator);
    }
}
