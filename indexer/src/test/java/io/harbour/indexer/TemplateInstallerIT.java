package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.indexer.TemplateInstaller.Action;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Templates go in idempotently; a new version replaces an older one, never a newer one. */
@ExtendWith(HarbourStackExtension.class)
class TemplateInstallerIT {

    @Test
    void installingTwiceChangesNothingAndANewVersionReplacesTheOld(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        try (Harness h = new Harness(kafka, es, "templates");
             ElasticsearchConnection connection = new ElasticsearchConnection(h.config.elasticsearch(), Harness.JSON)) {
            TemplateInstaller installer = new TemplateInstaller(connection);
            assertEquals(List.of(Action.CREATED), actions(installer.install(List.of(template(1, "keyword")))));
            assertEquals(List.of(Action.UNCHANGED), actions(installer.install(List.of(template(1, "keyword")))));
            assertEquals(List.of(Action.UPDATED), actions(installer.install(List.of(template(2, "text")))));
            assertEquals("text", h.http("GET", "/_index_template/it-template", null).path("index_templates").path(0)
                    .path("index_template").path("template").path("mappings").path("properties").path("msg").path("type").asText());
            assertEquals(List.of(Action.NEWER_PRESENT), actions(installer.install(List.of(template(1, "keyword")))),
                    "an older indexer still running does not roll the mapping back");
        }
    }

    private static TemplateInstaller.IndexTemplate template(long version, String msgType) {
        ObjectNode body = Harness.JSON.createObjectNode();
        body.putArray("index_patterns").add("it-template-*");
        body.putObject("template").putObject("mappings").putObject("properties").putObject("msg").put("type", msgType);
        return new TemplateInstaller.IndexTemplate("it-template", version, body);
    }

    private static List<Action> actions(List<TemplateInstaller.Installed> installed) {
        return installed.stream().map(TemplateInstaller.Installed::action).toList();
    }
}
