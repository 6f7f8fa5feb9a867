/**
 * The query server: LogHarbour web-service calls and client-library functions inside realm-scoped tokens, GeoIP, and Logpull-style export. Filled by the Query API issue.
 */
package io.harbour.query;
