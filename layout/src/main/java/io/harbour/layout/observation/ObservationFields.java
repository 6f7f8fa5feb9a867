package io.harbour.layout.observation;

/** Field names of an observation document, with {@link io.harbour.layout.CommonFields}. */
public final class ObservationFields {
    /** Type ip: the address observed (a VPN client's inner address). */
    public static final String IPADDR = "ipaddr";
    /** Type ip: the address it was associated with (its real address). */
    public static final String ASSOCIATED_IPADDR = "associated_ipaddr";
    /**
     * Type ip, both addresses: "the observations of this address, whichever side" is one term
     * or CIDR query instead of a bool over two fields.
     */
    public static final String ADDRESSES = "addresses";
    /** Type date: the observation's {@code timestamp} as RFC 3339 (whole seconds). */
    public static final String OBSERVED_AT = "observed_at";
    /** Type long: the observation's {@code timestamp} as sent, epoch seconds. */
    public static final String TIMESTAMP = "timestamp";
    /** The upload's {@code source}, such as {@code OpenVPN}. */
    public static final String SOURCE = "source";
    /** Unknown members of the upload object around the observation (extra holds the observation's own). */
    public static final String UPLOAD_EXTRA = "upload_extra";

    private ObservationFields() {
    }
}
