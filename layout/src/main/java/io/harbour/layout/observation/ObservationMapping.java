package io.harbour.layout.observation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.Mappings;

/** The mapping of observation documents: searchable by either address (ip, so CIDR works) and by time. */
public final class ObservationMapping {

    private ObservationMapping() {
    }

    public static ObjectNode properties() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        CommonFields.map(p);
        p.set(ObservationFields.IPADDR, Mappings.ip());
        p.set(ObservationFields.ASSOCIATED_IPADDR, Mappings.ip());
        p.set(ObservationFields.ADDRESSES, Mappings.ip());
        p.set(ObservationFields.OBSERVED_AT, Mappings.date());
        p.set(ObservationFields.TIMESTAMP, Mappings.longNumber());
        p.set(ObservationFields.SOURCE, Mappings.keyword());
        p.set(CommonFields.EXTRA, Mappings.opaque());
        p.set(ObservationFields.UPLOAD_EXTRA, Mappings.opaque());
        return p;
    }
}
