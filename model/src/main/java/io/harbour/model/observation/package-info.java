/**
 * ExtraHop observations: the body of {@code POST /api/v1/observations/associatedipaddrs}, which
 * associates an IP address with another (a VPN client's inner address with its real one) at a
 * time, from a named source. {@link io.harbour.model.observation.ObservationBatchFormat} checks
 * that both addresses are IP literals (never resolving names) and that times are epoch seconds.
 */
package io.harbour.model.observation;
