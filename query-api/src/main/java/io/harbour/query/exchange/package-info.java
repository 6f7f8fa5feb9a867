/**
 * ExtraHop exchanges for analysts (issue 5, item 7): a search over the realm's joined
 * request/response documents, paged like GetLogs, and counts per value of one attribute (the
 * GetSet idea applied to exchanges). Exchanges have no app or class, so only tokens that read
 * every app and every class may read them ({@link io.harbour.query.exchange.ExchangeScope}).
 */
package io.harbour.query.exchange;
