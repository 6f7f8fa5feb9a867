package io.harbour.traffic;

import java.util.List;

/** The words traffic is made of. Plain ASCII except where a test needs otherwise (see {@link #NOTES}). */
final class Vocabulary {
    private Vocabulary() {
    }

    static final List<String> APPS = List.of("OnlineStore", "PaymentGateway", "InventoryService", "CustomerPortal",
            "HRMS", "Analytics", "ShippingHub", "LoyaltyProgram", "SupportDesk", "Catalog", "Billing", "Identity");

    static final List<String> MODULES = List.of("orders", "payments", "inventory", "auth", "reports",
            "notifications", "search", "billing", "catalog", "shipping", "admin", "sync");

    static final List<String> CLASSES = List.of("Order", "Customer", "Invoice", "Product", "Shipment", "Payment",
            "Account", "Cart", "Coupon", "Ticket", "Employee", "Warehouse");

    static final List<String> FIRST_NAMES = List.of("jim", "priya", "anita", "rahul", "maria", "chen", "fatima",
            "lars", "sofia", "kenji", "amara", "diego", "olga", "tomas", "aisha", "ravi", "emma", "noah", "li", "yusuf",
            "ines", "pavel", "kavya", "omar", "hana", "mateo", "zara", "arjun", "lena", "samir", "nora", "ivan",
            "meera", "lucas", "sara", "tariq", "julia", "vikram", "elif", "marco");

    static final List<String> LAST_NAMES = List.of("kumar", "smith", "garcia", "chen", "patel", "muller", "rossi",
            "khan", "silva", "tanaka", "novak", "iyer", "haddad", "berg", "okafor", "dubois", "sato", "costa",
            "joshi", "weber");

    /** Who internally triggered entries (remote_ip LOCAL) are logged as. */
    static final List<String> SERVICE_ACCOUNTS = List.of("scheduler", "batch-runner", "system");

    static final List<String> STATUSES = List.of("pending", "active", "on_hold", "shipped", "delivered",
            "cancelled", "closed", "refunded");

    static final List<String> LEVELS = List.of("low", "medium", "high", "urgent");

    static final List<String> TAGS = List.of("gift", "priority", "b2b", "fragile", "promo", "vip", "backorder");

    /** Free text as users type it: ampersands and angle brackets make Go's escaping show. */
    static final List<String> NOTES = List.of("leave at front desk", "call before delivery", "R&D samples",
            "price < list price & approved", "ship with <fragile> label", "customer asked for invoice copy",
            "replacement for damaged item", "deliver after 6pm");

    static final List<String> RUNTIMES = List.of("go1.19.8", "go1.20.14", "go1.21.5", "go1.22.3");

    static final List<String> DEBUG_MESSAGES = List.of("computing discount", "cache miss", "query plan chosen",
            "retry scheduled", "payload decoded", "feature flag evaluated", "rate limit check", "config reloaded");

    static final List<String> FUNCS = List.of("Handle", "Validate", "Compute", "Load", "Save", "Dispatch",
            "Resolve", "Refresh");

    static final List<String> ERRORS = List.of("db timeout", "constraint violation: duplicate key",
            "upstream returned 502", "context deadline exceeded", "invalid state transition");

    static final List<String> DEPENDENCIES = List.of("payment gateway", "inventory database", "message broker",
            "tax service");

    /** Public IPv4 first octets (no private, shared, loopback, multicast, reserved or documentation space). */
    static final int[] IPV4_FIRST_OCTETS = {2, 5, 23, 31, 41, 45, 49, 58, 62, 77, 81, 85, 89, 91, 93, 101, 103,
            106, 110, 115, 117, 122, 142, 151, 171, 175, 182, 185, 188, 196, 197, 201, 202, 210, 213, 218, 223};

    /** Global unicast IPv6 prefixes of big networks, two groups each. */
    static final int[][] IPV6_PREFIXES = {{0x2400, 0xcb00}, {0x2404, 0x6800}, {0x2406, 0xda00}, {0x2600, 0x1f18},
            {0x2604, 0xa880}, {0x2607, 0xf8b0}, {0x2a00, 0x1450}, {0x2a01, 0x04f8}, {0x2a02, 0x26f0},
            {0x2a03, 0x2880}, {0x2c0f, 0xfb50}, {0x2001, 0x4860}};
}
