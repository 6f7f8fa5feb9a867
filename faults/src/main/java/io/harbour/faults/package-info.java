/**
 * The end-to-end fault suite: the promise that a {@code 202} is never lost, and nothing is stored
 * twice, tried with real processes and real failures. {@link io.harbour.faults.FaultRun} starts a
 * fresh broker and node (the stack module), certificates and a realm, then two receivers, one
 * indexer and the query API, each a process of its own ({@link io.harbour.faults.ServiceProcess},
 * launched from {@code cli/target} as an operator would). {@link io.harbour.faults.LoadGenerator}
 * sends a known set of entries as a careful sender would, {@link io.harbour.faults.FaultSchedule}
 * SIGKILLs, stops and restarts things while they flow, and {@link io.harbour.faults.SearchableIds}
 * reads every id back through the query API's export; {@link io.harbour.faults.FaultReport} counts
 * sent, acknowledged, refused, searchable, missing and doubled. Run by {@code FaultSuiteIT} in
 * {@code mvn verify}; results in {@code docs/reliability.md}.
 */
package io.harbour.faults;
