package io.harbour.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElasticsearchSettingsTest {

    @Test
    void localSettingsHaveNoProblems() {
        assertTrue(ElasticsearchSettings.local("http://127.0.0.1:9200").problems("elasticsearch").isEmpty());
    }

    @Test
    void eachProblemNamesItsKeyUnderThePrefix() {
        ElasticsearchSettings bad = new ElasticsearchSettings(List.of("ftp://x", "http://ok:9200"), "elastic", "", "",
                Duration.ZERO, null, Duration.ofSeconds(-1));
        assertEquals(List.of(
                "es.urls[0]: must be http(s)://host[:port], not \"ftp://x\"",
                "es.password: required with es.username",
                "es.connect_timeout: must be positive, not PT0S",
                "es.request_timeout: required (ISO-8601, e.g. PT5S)",
                "es.idle_connection_ttl: must be positive, not PT-1S"), bad.problems("es"));
    }

    @Test
    void noUrlsIsAProblem() {
        assertEquals(List.of("elasticsearch.urls: must name at least one node (http://host:9200)"),
                ElasticsearchSettings.local("http://a:1").withUrls(List.of()).problems("elasticsearch"));
    }
}
