package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReferenceTest {

    @Test
    void theCommittedSchemaIsWhatTheSpecProduces() throws IOException {
        String committed = Files.readString(ProjectFiles.root().resolve(ConfigurationReference.SCHEMA_PATH));
        assertThat(committed).as("run `bin/openhands schema` and commit the result").isEqualTo(ConfigurationReference.jsonSchema());
    }

    @Test
    void theDocsTableIsWhatTheSpecProduces() throws IOException {
        String committed = Files.readString(ProjectFiles.root().resolve(ConfigurationReference.DOCS_PATH));
        assertThat(committed).as("run `bin/openhands schema` and commit the result").isEqualTo(ConfigurationReference.docsWithTable(committed));
    }

    @Test
    void everyFieldOfTheExampleIsDocumentedAndInTheSchema() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode schema = json.readTree(ConfigurationReference.jsonSchema());
        String docs = Files.readString(ProjectFiles.root().resolve(ConfigurationReference.DOCS_PATH));
        List<String> paths = new ArrayList<>();
        collect("", ProjectFiles.pilotDocument(), paths);
        assertThat(paths).contains("network.vpcCidr", "pilot.instanceType", "egress.allowedHosts");
        for (String path : paths) {
            if (path.equals("$schema") || path.startsWith("tags.")) {
                continue;
            }
            assertThat(docs).as(path).contains("| `" + path + "` |");
            JsonNode node = schema;
            for (String part : path.split("\\.")) {
                node = node.path("properties").path(part);
            }
            assertThat(node.isMissingNode()).as(path + " in the schema").isFalse();
            assertThat(node.path("description").asText()).as(path).isNotBlank();
        }
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    private static void collect(String prefix, JsonNode node, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.add(path);
            if (e.getValue().isObject()) {
                collect(path, e.getValue(), out);
            }
        }
    }
}
