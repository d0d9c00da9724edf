package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The V1 deny-list as synthesized: bundled staging (sandbox.denyList "tool", a derived image) against the same file
 * switched off with the stock image. The app asks for the tool exactly when it is on; every sandbox the orchestrator
 * or its warm pool starts runs a derived image, whose entry takes the command the template, the pool and the app's
 * sandbox spec send through the template's entry point (plugin/tests/test_v1_deny_list.py, EntryTest); the app offers
 * exactly the configured images; off changes nothing else.
 */
class V1DenyListWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STOCK = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.0.0-python";
    /** OpenHands' remote sandbox spec's command (0.62.0 remote_sandbox_spec_service.py), the warm pool's default. */
    private static final List<String> SPEC_COMMAND = List.of("/usr/local/bin/openhands-agent-server", "--port", "60000");

    @TempDir
    static Path dir;
    static EnvironmentConfig on;
    static String onText;
    static String offText;

    @BeforeAll
    static void synth() throws IOException {
        on = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        onText = Testing.synth(new ServiceStack(Testing.app(), on));
        ObjectNode doc = (ObjectNode) JSON.readTree(ProjectFiles.environments().resolve("staging.json").toFile());
        ObjectNode sandbox = (ObjectNode) doc.get("sandbox");
        sandbox.put("denyList", "off");
        sandbox.putArray("images").add(STOCK);
        ProjectFiles.write(dir, "staging", doc);
        EnvironmentConfig off = EnvironmentLoader.load(dir, List.of("staging")).get(0);
        offText = Testing.synth(new ServiceStack(Testing.app(), off));
    }

    @Test
    void theAppAsksSandboxesForTheToolExactlyWhenItIsOn() throws IOException {
        assertThat(appEnvironment(onText)).containsEntry("OHP_V1_DENY_LIST", "tool");
        assertThat(appEnvironment(offText)).doesNotContainKey("OHP_V1_DENY_LIST");
    }

    @Test
    void everySandboxTheOrchestratorOrItsPoolStartsRunsTheDerivedEntry() throws IOException {
        String derived = on.sandbox().orElseThrow().images().get(0);
        assertThat(EnvironmentConfig.DenyList.isDerived(derived)).isTrue();
        JsonNode stack = JSON.readTree(onText);
        JsonNode template = container(stack, "sandbox-template_");
        assertThat(template.path("name").asText()).isEqualTo(SandboxTaskTemplate.CONTAINER_NAME);
        assertThat(template.path("image").asText()).isEqualTo(derived);
        // The template's entry point runs the command as written: the image's program path, which in the derived
        // image runs the entry (ECS would otherwise append the command to the image's ENTRYPOINT).
        assertThat(texts(template.path("entryPoint"))).isEqualTo(SandboxTaskTemplate.ENTRY_POINT);
        assertThat(texts(template.path("command"))).isEqualTo(SPEC_COMMAND);
        JsonNode api = SandboxWiringTest.function(stack, "sandbox-orchestrator_api_");
        OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(SandboxWiringTest.textMap(api.at("/environment/variables")));
        assertThat(settings.allowedImages()).isNotEmpty().allMatch(EnvironmentConfig.DenyList::isDerived);
        assertThat(settings.warmPool().image()).isEqualTo(derived);
        assertThat(settings.warmPool().command()).isEqualTo(SPEC_COMMAND);
    }

    /**
     * The app's V1 sandbox specs name exactly the images the orchestrator accepts, in order (the first is the default
     * spec): OpenHands' own default names a ghcr.io image, which the orchestrator refuses.
     */
    @Test
    void theAppOffersExactlyTheConfiguredSandboxImagesInOrder() throws IOException {
        String newer = STOCK.replace(":1.0.0-python", ":1.1.0-python");
        ObjectNode doc = (ObjectNode) JSON.readTree(ProjectFiles.environments().resolve("staging.json").toFile());
        ObjectNode sandbox = (ObjectNode) doc.get("sandbox");
        sandbox.put("denyList", "off");
        sandbox.putArray("images").add(newer).add(STOCK);
        ProjectFiles.write(dir, "staging", doc);
        String twoText = Testing.synth(new ServiceStack(Testing.app(), EnvironmentLoader.load(dir, List.of("staging")).get(0)));

        assertThat(texts(JSON.readTree(appEnvironment(twoText).get("OHP_SANDBOX_IMAGES")))).containsExactly(newer, STOCK);
        assertThat(texts(JSON.readTree(appEnvironment(onText).get("OHP_SANDBOX_IMAGES"))))
            .isEqualTo(on.sandbox().orElseThrow().images());
        JsonNode api = SandboxWiringTest.function(JSON.readTree(twoText), "sandbox-orchestrator_api_");
        assertThat(OrchestratorSettings.fromEnvironment(SandboxWiringTest.textMap(api.at("/environment/variables"))).allowedImages())
            .containsExactlyInAnyOrder(newer, STOCK);
    }

    @Test
    void offChangesNothingButTheImageAndTheAppsFlag() {
        String flag = "{\\\"name\\\":\\\"OHP_V1_DENY_LIST\\\",\\\"value\\\":\\\"tool\\\"},";
        String derived = on.sandbox().orElseThrow().images().get(0);
        assertThat(onText.split(java.util.regex.Pattern.quote(flag), -1)).as("the flag, once").hasSize(2);
        assertThat(onText.replace(flag, "").replace(derived, STOCK)).isEqualTo(offText);
    }

    private static Map<String, String> appEnvironment(String text) throws IOException {
        Map<String, String> variables = new TreeMap<>();
        container(JSON.readTree(text), "app_").path("environment")
            .forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
        return variables;
    }

    private static JsonNode container(JsonNode stack, String addressPrefix) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        stack.at("/resource/aws_ecs_task_definition").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(addressPrefix)) {
                found.add(e.getValue());
            }
        });
        assertThat(found).as(addressPrefix).hasSize(1);
        return JSON.readTree(found.get(0).path("container_definitions").asText()).get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
