/** Realistic LogHarbour traffic, reproducible from a seed, for tests and benchmarks. */
package io.harbour.traffic;
