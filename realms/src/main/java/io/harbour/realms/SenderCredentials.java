package io.harbour.realms;

import java.net.InetAddress;

/**
 * What a sender presented: the raw {@code Authorization} header ({@code Bearer KEY} or
 * {@code ExtraHop apikey=KEY}), the {@code X-Harbour-Key} header, the subject of a verified
 * client certificate (RFC 2253 form), and the source address. Any of the first three may be null.
 */
public record SenderCredentials(String authorization, String harbourKey, String clientCertificateSubject, InetAddress remoteAddress) {
}
