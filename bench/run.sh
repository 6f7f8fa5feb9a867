#!/usr/bin/env bash
# Builds what the receiver's benchmark needs and runs it once: a real Kafka broker, the receiver
# as its own process, Kafka's ProducerPerformance, wrk against the receiver and nginx, and 500
# concurrent 4 MiB bodies. Everything listens on 127.0.0.1 only and is stopped at the end (on
# failure and Ctrl-C too). Figures: bench/target/bench-run/results.md; docs/benchmarks.md holds
# a run's figures with this command.
#
#   bench/run.sh                         # the documented configuration (about 5 minutes on 2 cores)
#   bench/run.sh --phases=a --entries=200000
#   bench/run.sh --help                  # lists the options
#   bench/run.sh --phases=drain,fresh    # the indexer (needs Elasticsearch too; about 10 minutes on 2 cores):
#                                        # drain a pre-filled topic vs a raw _bulk, and 202-to-searchable latency
#   bench/run.sh --phases=flume          # Apache Flume 1.11.0 beside the receiver (about 2 minutes): entries/s into
#                                        # Kafka and CPU s per million entries of each server process
#   bench/run.sh --phases=flume-outage   # broker stopped for 20 s while both get unique entries from a retrying
#                                        # sender, without and with a SIGKILL of both servers (about 5 minutes)
#   bench/run.sh --phases=scale --scale-base=50000   # the scaling curve (needs Elasticsearch too; run it alone): the stored
#                                        # volume grown to 1x, 4x and 16x the base through receiver, Kafka, the indexer (its
#                                        # own process) and Elasticsearch; CPU s per million entries of each server per step,
#                                        # then GetLogs p50/p95/p99 at each volume (about 7 minutes at 50,000 on 2 shared cores)
#   HARBOUR_BENCH_RUN_DIR=/some/dir bench/run.sh ...   # a run directory of its own (default bench/target/bench-run)
#   HARBOUR_BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/b.jfr" bench/run.sh ...
#                                        # extra options for the benchmark JVM (a profiler, a heap); word-split
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# wrk and nginx are Debian packages; install them when missing (as root, the way .ci/run does).
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: wrk and nginx are needed: sudo apt-get install -y wrk nginx" >&2
    exit 2
  fi
  had_nginx=$(command -v nginx || true)
  apt-get update -qq && apt-get install -y -qq wrk nginx >/dev/null
  # Debian starts the system nginx (port 80) on install; the benchmark runs its own.
  if [ -z "$had_nginx" ]; then service nginx stop >/dev/null 2>&1 || true; fi
fi

# The receiver runs from cli/target/harbour.jar; the benchmark from bench/target.
(cd "$root" && { mvn -B -q -o install -DskipTests -pl cli,bench -am 2>/dev/null || mvn -B -q install -DskipTests -pl cli,bench -am; }) >&2

# shellcheck disable=SC2086 # HARBOUR_BENCH_JAVA_OPTS is a list of options, split on spaces on purpose
exec java -Xmx2g ${HARBOUR_BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn -Dharbour.repo="$root" -cp "$root/bench/target/harbour-bench.jar:$root/bench/target/lib/*" \
  io.harbour.bench.BenchMain "$@"
