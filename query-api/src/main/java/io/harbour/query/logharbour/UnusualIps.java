package io.harbour.query.logharbour;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's GetUnusualIP arithmetic, apart from any search so it is tested alone:
 * total = entries holding a remote address ({@code LOCAL} included: it is one of the values the
 * percentage is of); threshold = total x percent / 100, floored at 1 (below one entry nothing
 * could ever be unusual); an address is unusual when its count is at or below the threshold,
 * {@code LOCAL} never (it is not an address).
 *
 * @param unusual rarest first, then by address
 */
record UnusualIps(long total, double threshold, List<Address> unusual) {

    record Address(String ip, long count) {
    }

    static UnusualIps of(Map<String, Long> countsByAddress, double percent) {
        long total = countsByAddress.values().stream().mapToLong(Long::longValue).sum();
        double threshold = Math.max(1.0, total * percent / 100.0);
        List<Address> unusual = new ArrayList<>();
        countsByAddress.forEach((ip, count) -> {
            if (count <= threshold && !RemoteAddress.LOCAL.equals(ip)) {
                unusual.add(new Address(ip, count));
            }
        });
        unusual.sort(Comparator.comparingLong(Address::count).thenComparing(Address::ip));
        return new UnusualIps(total, threshold, List.copyOf(unusual));
    }
}
