package io.harbour.model.observation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.harbour.model.Fields;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code {"observations": [...], "source": "OpenVPN"}}: one upload of associations from one source. */
@JsonSerialize(using = ObservationBatchFormat.Serializer.class)
@JsonDeserialize(using = ObservationBatchFormat.Deserializer.class)
public record ObservationBatch(List<Observation> observations, String source, Map<String, JsonNode> extra) {

    public ObservationBatch {
        observations = List.copyOf(observations);
        Objects.requireNonNull(source, "source");
        extra = Fields.keep(extra);
    }

    public ObservationBatch(List<Observation> observations, String source) {
        this(observations, source, Map.of());
    }
}
