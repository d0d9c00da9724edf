package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the synthesized stacks configure is what the handlers read: the functions' environment parses into the
 * orchestrator's settings, the handlers exist, the table has the indexes the registry queries, the IAM conditions
 * use the tag the handlers write, and every custom alarm watches a metric the handlers publish.
 */
class SandboxWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path out;
    static Map<String, JsonNode> stacks = new TreeMap<>();

    @BeforeAll
    static void synth() throws Exception {
        List<EnvironmentConfig> configs = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging", "prod"));
        PlatformApp.synthesize(configs, out);
        for (String name : List.of("staging", "prod")) {
            stacks.put(name, JSON.readTree(out.resolve("stacks").resolve(name).resolve("cdk.tf.json").toFile()));
        }
    }

    @Test
    void everyFunctionsEnvironmentIsValidOrchestratorSettings() {
        for (JsonNode stack : stacks.values()) {
            for (JsonNode function : stack.path("resource").path("aws_lambda_function")) {
                if (!function.path("handler").asText().startsWith("dev.openhands.platform.sandbox.")) {
                    continue; // the front door's origin-secret rotation is not an orchestrator function
                }
                Map<String, String> env = new TreeMap<>();
                function.at("/environment/variables").fields().forEachRemaining(e -> env.put(e.getKey(),
                    e.getValue().asText().startsWith("${") ? "resolved-at-apply" : e.getValue().asText()));
                OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(env);
                assertThat(settings.containerName()).isEqualTo("agent");
                assertThat(settings.allowedImages()).isNotEmpty();
                assertThat(settings.agentPort()).isEqualTo(dev.openhands.platform.main.tiers.SandboxTier.AGENT_PORT);
            }
        }
        JsonNode prodApi = function(stacks.get("prod"), "sandbox-orchestrator_api_");
        OrchestratorSettings prod = OrchestratorSettings.fromEnvironment(textMap(prodApi.at("/environment/variables")));
        assertThat(prod.warmPool().size()).isEqualTo(2);
        assertThat(prod.warmPool().environment()).containsEntry("OH_WEBHOOKS_0_BASE_URL", "https://openhands.example.com/api/v1/webhooks");
    }

    /** The one Lambda function whose address starts with {@code addressPrefix}. */
    static JsonNode function(JsonNode stack, String addressPrefix) {
        List<JsonNode> found = new ArrayList<>();
        stack.at("/resource/aws_lambda_function").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(addressPrefix)) {
                found.add(e.getValue());
            }
        });
        assertThat(found).as(addressPrefix).hasSize(1);
        return found.get(0);
    }

    /** The orchestrator API key's version resource (the app's JWT secret has one too). */
    private static JsonNode apiKeyVersion(JsonNode stack) {
        List<JsonNode> found = new ArrayList<>();
        stack.at("/resource/aws_secretsmanager_secret_version").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("sandbox-orchestrator")) {
                found.add(e.getValue());
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void theApiKeyVersionOfTheEnvironmentFileRotatesTheKey(@TempDir Path variant) throws Exception {
        for (JsonNode stack : stacks.values()) {
            assertThat(apiKeyVersion(stack).path("secret_string_wo_version").asInt()).as("the default").isEqualTo(1);
        }
        ObjectNode doc = (ObjectNode) JSON.readTree(ProjectFiles.environments().resolve("staging.json").toFile());
        ((ObjectNode) doc.get("sandbox")).put("apiKeyVersion", 2);
        ProjectFiles.write(variant, "staging", doc);
        PlatformApp.synthesize(EnvironmentLoader.load(variant, List.of("staging")), variant.resolve("out"));
        JsonNode rotated = JSON.readTree(variant.resolve("out/stacks/staging/cdk.tf.json").toFile());
        assertThat(apiKeyVersion(rotated).path("secret_string_wo_version").asInt()).isEqualTo(2);
    }

    @Test
    void handlersNamedInTerraformExistInTheLambdaModule() throws Exception {
        for (JsonNode function : stacks.get("staging").path("resource").path("aws_lambda_function")) {
            String handler = function.path("handler").asText();
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(type.getMethod(handler.substring(handler.indexOf("::") + 2), java.io.InputStream.class,
                java.io.OutputStream.class, com.amazonaws.services.lambda.runtime.Context.class)).isNotNull();
        }
    }

    @Test
    void tableIndexesAreTheOnesTheRegistryQueries() {
        JsonNode table = stacks.get("staging").path("resource").path("aws_dynamodb_table").elements().next();
        assertThat(table.path("hash_key").asText()).isEqualTo(SandboxRegistry.KEY);
        Set<String> indexes = new HashSet<>();
        table.path("global_secondary_index").forEach(i -> indexes.add(i.path("name").asText()));
        assertThat(indexes).containsExactlyInAnyOrder(SandboxRegistry.STATUS_INDEX, SandboxRegistry.OWNER_INDEX);
    }

    @Test
    void accessPointDeletionIsScopedByTheTagTheHandlersWrite() {
        String text = stacks.get("staging").toString();
        assertThat(text).contains("aws:ResourceTag/" + WorkspaceAccessPoints.ENVIRONMENT_TAG);
    }

    @Test
    void customAlarmsWatchOnlyMetricsTheHandlersPublish() throws Exception {
        Set<String> published = new HashSet<>();
        for (Field field : SandboxMetrics.class.getFields()) {
            if (field.getType() == String.class) {
                published.add((String) field.get(null));
            }
        }
        List<String> watched = new ArrayList<>();
        for (JsonNode stack : stacks.values()) {
            for (JsonNode alarm : stack.path("resource").path("aws_cloudwatch_metric_alarm")) {
                if (alarm.path("namespace").asText().equals("OpenHands/Sandbox")) {
                    watched.add(alarm.path("metric_name").asText());
                }
            }
        }
        assertThat(watched).isNotEmpty();
        assertThat(published).containsAll(watched);
    }

    /** String values of an object; references resolved at apply become a placeholder. */
    static Map<String, String> textMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText().startsWith("${") ? "x" : e.getValue().asText()));
        return map;
    }
}
