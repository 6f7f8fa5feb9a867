package io.harbour.model.observation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Checked;
import io.harbour.model.Fields;
import io.harbour.model.IpAddresses;
import io.harbour.model.Json;
import io.harbour.model.Problems;
import io.harbour.model.WireDeserializer;
import io.harbour.model.WireFormat;
import io.harbour.model.WireSerializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, checks and writes {@link ObservationBatch}. The rules: {@code observations} is a
 * non-empty list; each has {@code ipaddr} and {@code associated_ipaddr} as IPv4 or IPv6 literals
 * and {@code timestamp} as whole epoch seconds from 0 to the end of year 9999 (what an index date
 * can hold); {@code source} is a non-empty string.
 */
public final class ObservationBatchFormat implements WireFormat<ObservationBatch> {
    public static final ObservationBatchFormat INSTANCE = new ObservationBatchFormat();

    /** 9999-12-31T23:59:59Z. */
    private static final long LAST_SECOND = 253_402_300_799L;

    private ObservationBatchFormat() {
    }

    @Override
    public String name() {
        return "observations";
    }

    @Override
    public Checked<ObservationBatch> read(JsonNode json, int line) {
        Problems problems = new Problems(line);
        Fields f = Fields.of(json, "", problems);
        if (f == null) {
            return Checked.invalid(problems.toList());
        }
        ArrayNode list = f.requiredArray("observations");
        List<Observation> observations = new ArrayList<>();
        if (list != null && list.isEmpty()) {
            f.problem("observations", "must not be empty");
        }
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Fields o = Fields.of(list.get(i), Json.path(f.pathOf("observations"), i), problems);
                Observation observation = o == null ? null : observation(o);
                if (observation != null) {
                    observations.add(observation);
                }
            }
        }
        String source = f.nonEmptyString("source");
        return problems.isEmpty()
                ? Checked.valid(new ObservationBatch(observations, source, f.rest()))
                : Checked.invalid(problems.toList());
    }

    private static Observation observation(Fields o) {
        String ipaddr = address(o, "ipaddr");
        String associated = address(o, "associated_ipaddr");
        Long timestamp = o.requiredInteger("timestamp");
        if (timestamp != null && (timestamp < 0 || timestamp > LAST_SECOND)) {
            o.problem("timestamp", "must be epoch seconds from 0 to " + LAST_SECOND + ", got " + timestamp);
            return null;
        }
        if (ipaddr == null || associated == null || timestamp == null) {
            return null;
        }
        return new Observation(ipaddr, associated, timestamp, o.rest());
    }

    private static String address(Fields o, String name) {
        String text = o.requiredString(name);
        if (text != null && !IpAddresses.isLiteral(text)) {
            o.problem(name, "not an IP address: " + Json.quote(text));
            return null;
        }
        return text;
    }

    @Override
    public ObjectNode write(ObservationBatch batch) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("observations");
        for (Observation observation : batch.observations()) {
            ObjectNode item = list.addObject();
            item.put("ipaddr", observation.ipaddr());
            item.put("associated_ipaddr", observation.associatedIpaddr());
            item.put("timestamp", observation.timestamp());
            Fields.putRest(item, observation.extra());
        }
        out.put("source", batch.source());
        Fields.putRest(out, batch.extra());
        return out;
    }

    /** For {@link ObservationBatch}'s {@code @JsonSerialize}. */
    public static final class Serializer extends WireSerializer<ObservationBatch> {
        private static final long serialVersionUID = 1L;

        public Serializer() {
            super(ObservationBatch.class, INSTANCE);
        }
    }

    /** For {@link ObservationBatch}'s {@code @JsonDeserialize}. */
    public static final class Deserializer extends WireDeserializer<ObservationBatch> {
        private static final long serialVersionUID = 1L;

        public Deserializer() {
            super(ObservationBatch.class, INSTANCE);
        }
    }
}
