package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's metrics catalogue against the code, and the Grafana dashboard and the
 * Prometheus alerts against the catalogue. The Harbour meters are found in the services' main
 * sources ({@code Counter|Gauge|Timer|DistributionSummary.builder("name")} with its base unit),
 * registered as such in a Micrometer {@link PrometheusMeterRegistry} and scraped, so the names are
 * the ones {@code GET /metrics} really exposes (suffixes and units included).
 */
class MetricsCatalogueTest {
    static final Path ROOT = ComposeFileTest.ROOT;
    static final List<String> MODULES = List.of("receiver", "indexer", "query-api", "certs", "elastic");
    private static final Pattern BUILDER = Pattern.compile("(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\"([a-z0-9_.]+)\"([^;]*?)\\.register\\(",
            Pattern.DOTALL);
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)");

    /** The scrape of every meter the services' code registers. */
    static String scrapeOfTheCodesMeters() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        int meters = 0;
        for (String module : MODULES) {
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path source : sources) {
                Matcher m = BUILDER.matcher(Files.readString(source));
                while (m.find()) {
                    Matcher unit = BASE_UNIT.matcher(m.group(3));
                    String baseUnit = unit.find() ? unit.group(1) : null;
                    String name = m.group(2);
                    switch (m.group(1)) {
                        case "Counter" -> Counter.builder(name).baseUnit(baseUnit).register(registry).increment();
                        case "Gauge" -> Gauge.builder(name, () -> 1).baseUnit(baseUnit).register(registry);
                        case "Timer" -> {
                            Timer.Builder timer = Timer.builder(name);
                            if (m.group(3).contains(".publishPercentiles(")) {
                                timer.publishPercentiles(0.5, 0.99);
                            }
                            timer.register(registry).record(Duration.ofMillis(1));
                        }
                        default -> DistributionSummary.builder(name).baseUnit(baseUnit).register(registry).record(1);
                    }
                    meters++;
                }
            }
        }
        assertTrue(meters >= 20, "found the services' meters in their sources (" + meters + ")");
        return registry.scrape();
    }

    /** Metric families (# TYPE lines) of the Harbour meters. */
    static Set<String> families(String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Sample names (what a query can name). */
    static Set<String> samples(String scrape) {
        Set<String> out = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    /** Names in the catalogue's tables: a first cell holding one `metric_name`. */
    static Set<String> catalogue(String prefix) throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)` \\|").matcher(Files.readString(ROOT.resolve("docs/operations.md")));
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Metric names in a PromQL-bearing file: identifiers of the known prefixes, outside quoted strings. */
    static Set<String> used(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("\\\\\"[^\"]*?\\\\\"", "\"\"");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:harbour|kafka|probe)_[a-z0-9_]+)").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theCatalogueListsExactlyTheMetersTheCodeRegisters() throws IOException {
        Set<String> code = families(scrapeOfTheCodesMeters());
        Set<String> documented = catalogue("harbour_");
        Set<String> missing = new TreeSet<>(code);
        missing.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(code);
        assertEquals(Set.of(), missing, "registered by the code but not in docs/operations.md's catalogue");
        assertEquals(Set.of(), stale, "in the catalogue but registered nowhere");
    }

    @Test
    void theDashboardAndTheAlertsUseOnlyCataloguedMetrics() throws IOException {
        Set<String> samples = samples(scrapeOfTheCodesMeters());
        Set<String> exporters = catalogue("");
        exporters.removeIf(n -> n.startsWith("harbour_"));
        for (Path file : List.of(ROOT.resolve("docs/grafana/harbour.json"), ROOT.resolve("docs/prometheus/harbour-alerts.yaml"))) {
            Set<String> names = used(file);
            assertTrue(names.size() >= 8, file + " uses metrics: " + names);
            for (String name : names) {
                boolean known = name.startsWith("harbour_") ? samples.contains(name) : exporters.contains(name);
                assertTrue(known, file.getFileName() + ": " + name + " is not exposed (Harbour: " + samples + "; exporters: " + exporters + ")");
            }
        }
    }

    @Test
    void aMisspeltMetricIsCaught() throws IOException {
        // The check above can fail: a name the registry never exposes is not among the samples.
        Set<String> samples = samples(scrapeOfTheCodesMeters());
        assertTrue(samples.contains("harbour_receiver_requests_total"), samples.toString());
        assertTrue(!samples.contains("harbour_receiver_requests"), "counters are exposed with _total only");
    }
}
