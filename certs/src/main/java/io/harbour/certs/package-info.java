/**
 * TLS material for Harbour's servers and their tests: a development certificate authority that
 * issues server certificates (with DNS and IP subject alternative names) and sensor client
 * certificates for mutual TLS, PEM and PKCS#12 writing and loading (private keys written
 * owner-only), the one TLS policy both servers share (TLS 1.2 and 1.3, AEAD cipher suites with
 * forward secrecy, optional ALPN for {@code h2}), and a {@link io.harbour.certs.ReloadingSslContext}
 * that picks up renewed certificate files without a restart and keeps the last good context when
 * the new files are broken. It owns no sockets: servers ask it for an {@code SslContext} per new
 * connection and do the rest themselves.
 */
package io.harbour.certs;
