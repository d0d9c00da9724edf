package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The sandbox section of ecs-fargate environments: defaults, and every refusal with its field and fix. */
class SandboxConfigTest {

    @TempDir
    Path dir;

    private ObjectNode staging() throws IOException {
        return ConfigProblems.bundled("staging");
    }

    private ConfigProblem onlyProblem(Consumer<ObjectNode> edit) throws IOException {
        return ConfigProblems.only(dir, "staging", edit);
    }

    private static ObjectNode sandbox(ObjectNode doc) {
        return (ObjectNode) doc.get("sandbox");
    }

    @Test
    void bundledEnvironmentsGetDefaultsAndProdAWarmPool() throws IOException {
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        EnvironmentConfig.Sandbox sandbox = staging.sandbox().orElseThrow();
        assertThat(sandbox.warmPoolSize()).isZero();
        assertThat(sandbox.warmPoolWebhooks()).isEqualTo("per-sandbox");
        assertThat(sandbox.orphanGraceMinutes()).isEqualTo(10);
        assertThat(sandbox.apiRateLimitPerSecond()).isEqualTo(50);
        assertThat(sandbox.apiKeyVersion()).isEqualTo(1);
        EnvironmentConfig prod = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0);
        assertThat(prod.sandbox().orElseThrow().warmPoolSize()).isEqualTo(2);
        assertThat(prod.sandbox().orElseThrow().warmPoolWebhooks()).isEqualTo("shared");
        EnvironmentConfig pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        assertThat(pilot.sandbox()).isEmpty();
    }

    @Test
    void fargateNeedsTheSectionAndThePilotRefusesIt() throws IOException {
        ConfigProblem missing = onlyProblem(doc -> doc.remove("sandbox"));
        assertThat(missing.path()).isEqualTo("sandbox");
        assertThat(missing.fix()).contains("images");

        ObjectNode pilot = (ObjectNode) new ObjectMapper().readTree(ProjectFiles.environments().resolve("pilot.json").toFile());
        pilot.set("sandbox", staging().get("sandbox"));
        ProjectFiles.write(dir, "pilot", pilot);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> EnvironmentLoader.load(dir, List.of("pilot")));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("sandbox"));
    }

    @Test
    void aWarmPoolWithPerSandboxWebhooksIsRefused() throws IOException {
        ConfigProblem p = onlyProblem(doc -> sandbox(doc).with("warmPool").put("size", 2));
        assertThat(p.path()).isEqualTo("sandbox.warmPool.size");
        assertThat(p.message()).contains("per-sandbox webhook URL");
        assertThat(p.fix()).contains("\"shared\"").contains("\"none\"");
    }

    @Test
    void theApiKeyVersionIsAPositiveWholeNumber() throws IOException {
        ObjectNode doc = staging();
        sandbox(doc).put("apiKeyVersion", 2);
        ProjectFiles.write(dir, "staging", doc);
        assertThat(EnvironmentLoader.load(dir, List.of("staging")).get(0).sandbox().orElseThrow().apiKeyVersion()).isEqualTo(2);
        ConfigProblem zero = onlyProblem(d -> sandbox(d).put("apiKeyVersion", 0));
        assertThat(zero.path()).isEqualTo("sandbox.apiKeyVersion");
    }

    @Test
    void stoppedConversationsAreKeptThirtyDaysByDefaultAndTheRetentionIsBounded() throws IOException {
        ObjectNode doc = staging();
        ProjectFiles.write(dir, "staging", doc);
        assertThat(EnvironmentLoader.load(dir, List.of("staging")).get(0).sandbox().orElseThrow().stoppedRetentionDays()).isEqualTo(30);
        sandbox(doc).put("stoppedRetentionDays", 7);
        ProjectFiles.write(dir, "staging", doc);
        assertThat(EnvironmentLoader.load(dir, List.of("staging")).get(0).sandbox().orElseThrow().stoppedRetentionDays()).isEqualTo(7);
        for (int bad : new int[] {0, 3651}) {
            ConfigProblem problem = onlyProblem(d -> sandbox(d).put("stoppedRetentionDays", bad));
            assertThat(problem.path()).isEqualTo("sandbox.stoppedRetentionDays");
        }
    }

    @Test
    void imagesMustBeEcrInTheEnvironmentsRegion() throws IOException {
        ConfigProblem otherRegion = onlyProblem(doc -> sandbox(doc).putArray("images")
            .add("123456789012.dkr.ecr.us-east-1.amazonaws.com/openhands/agent-server:1.0.0"));
        assertThat(otherRegion.path()).isEqualTo("sandbox.images[0]");
        assertThat(otherRegion.fix()).contains("replicate");
        ConfigProblem dockerHub = onlyProblem(doc -> sandbox(doc).putArray("images").add("docker.io/openhands/agent-server:latest"));
        assertThat(dockerHub.path()).isEqualTo("sandbox.images[0]");
    }

    @Test
    void sizeMustBeAFargateCombination() throws IOException {
        ConfigProblem p = onlyProblem(doc -> sandbox(doc).put("cpu", 1024).put("memoryMib", 16384));
        assertThat(p.path()).isEqualTo("sandbox.memoryMib");
        assertThat(p.fix()).contains("2048 to 8192");
        ConfigProblem cpu = onlyProblem(doc -> sandbox(doc).put("cpu", 3000));
        assertThat(cpu.path()).isEqualTo("sandbox.cpu");
    }

    @Test
    void reservedVariablesAndWildcardGrantsAreRefused() throws IOException {
        ConfigProblem reserved = onlyProblem(doc -> sandbox(doc).with("warmPool").with("environment").put("SESSION_API_KEY", "shared"));
        assertThat(reserved.path()).isEqualTo("sandbox.warmPool.environment.SESSION_API_KEY");
        ConfigProblem wildcard = onlyProblem(doc -> {
            ObjectNode statement = sandbox(doc).putArray("taskPolicyStatements").addObject().put("sid", "All");
            statement.putArray("actions").add("s3:*");
            statement.putArray("resources").add("arn:aws:s3:::build-artifacts/*");
        });
        assertThat(wildcard.path()).isEqualTo("sandbox.taskPolicyStatements[0].actions");
        assertThat(wildcard.message()).contains("grants a whole service");
    }

    @Test
    void extraStatementsBecomeNamedAllowStatements() throws IOException {
        ObjectNode doc = staging();
        ObjectNode statement = sandbox(doc).putArray("taskPolicyStatements").addObject();
        statement.put("sid", "ReadArtifacts");
        statement.putArray("actions").add("s3:GetObject");
        statement.putArray("resources").add("arn:aws:s3:::build-artifacts/*");
        Files.createDirectories(dir);
        ProjectFiles.write(dir, "staging", doc);
        EnvironmentConfig env = EnvironmentLoader.load(dir, List.of("staging")).get(0);
        assertThat(env.sandbox().orElseThrow().taskPolicyStatements()).singleElement().satisfies(s -> {
            assertThat(s.sid()).isEqualTo("ExtraReadArtifacts");
            assertThat(s.effect()).isEqualTo("Allow");
            assertThat(s.actions()).containsExactly("s3:GetObject");
        });
    }

    @Test
    void sandboxesRunOnSpotOutsideProductionAndOnDemandInItUnlessTheFileSays() throws IOException {
        var bundled = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod", "staging"));
        assertThat(bundled.get(0).sandbox().orElseThrow().capacity()).isEqualTo(dev.openhands.platform.modules.ecs.FargateCapacity.ON_DEMAND);
        assertThat(bundled.get(1).sandbox().orElseThrow().capacity()).isEqualTo(dev.openhands.platform.modules.ecs.FargateCapacity.SPOT);
        ObjectNode doc = staging();
        sandbox(doc).put("capacity", "on-demand");
        ProjectFiles.write(dir, "staging", doc);
        assertThat(EnvironmentLoader.load(dir, List.of("staging")).get(0).sandbox().orElseThrow().capacity())
            .isEqualTo(dev.openhands.platform.modules.ecs.FargateCapacity.ON_DEMAND);
        ConfigProblem unknown = onlyProblem(d -> sandbox(d).put("capacity", "cheap"));
        assertThat(unknown.path()).isEqualTo("sandbox.capacity");
        assertThat(unknown.fix()).contains("spot").contains("on-demand");
    }
    private static final String STOCK = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/agent-server:1.0.0-python";

    @Test
    void theBundledStagingAndProdRunTheV1DenyListOnDerivedImages() throws IOException {
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        EnvironmentConfig prod = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0);
        assertThat(staging.sandbox().orElseThrow().denyList()).isEqualTo(EnvironmentConfig.DenyList.TOOL);
        // prod names no denyList: production with the app defaults to the tool.
        assertThat(ConfigProblems.bundled("prod").path("sandbox").has("denyList")).isFalse();
        assertThat(prod.sandbox().orElseThrow().denyList()).isEqualTo(EnvironmentConfig.DenyList.TOOL);
        for (EnvironmentConfig env : List.of(staging, prod)) {
            assertThat(env.sandbox().orElseThrow().images()).allMatch(EnvironmentConfig.DenyList::isDerived);
        }
    }

    @Test
    void outsideProductionTheDefaultIsOffAndStockImagesServe() throws IOException {
        EnvironmentConfig env = ConfigProblems.loaded(dir, "staging", doc -> {
            sandbox(doc).remove("denyList");
            sandbox(doc).putArray("images").add(STOCK);
        });
        assertThat(env.sandbox().orElseThrow().denyList()).isEqualTo(EnvironmentConfig.DenyList.OFF);
    }

    @Test
    void productionMaySwitchItOffOnPurposeWithStockImages() throws IOException {
        EnvironmentConfig env = ConfigProblems.loaded(dir, "prod", doc -> {
            sandbox(doc).put("denyList", "off");
            sandbox(doc).putArray("images").add(STOCK.replace("123456789012", "345678901234"));
        });
        assertThat(env.sandbox().orElseThrow().denyList()).isEqualTo(EnvironmentConfig.DenyList.OFF);
    }

    @Test
    void theToolWithAStockImageIsRefusedNamingTheImageTheScriptAndTheWayOut() throws IOException {
        ConfigProblem byDefault = ConfigProblems.only(dir, "prod", doc ->
            sandbox(doc).putArray("images").add(STOCK.replace("123456789012", "345678901234")));
        assertThat(byDefault.path()).isEqualTo("sandbox.images[0]");
        assertThat(byDefault.message()).contains("(the default in production)").contains("DenyListBashTool")
            .contains("refuses every conversation");
        assertThat(byDefault.fix()).contains("bash scripts/build-sandbox-image.sh --account 345678901234 --region eu-west-1")
            .contains("sandbox.denyList to \"off\"");

        ConfigProblem second = onlyProblem(doc -> sandbox(doc).withArray("images").add(STOCK));
        assertThat(second.path()).isEqualTo("sandbox.images[1]");
        assertThat(second.message()).doesNotContain("default").contains("'" + STOCK + "'");
        // A digest cannot show that the image is derived: name the tag the script printed.
        ConfigProblem digest = onlyProblem(doc -> sandbox(doc).putArray("images")
            .add(STOCK.replace(":1.0.0-python", "@sha256:" + "a".repeat(64))));
        assertThat(digest.path()).isEqualTo("sandbox.images[0]");
    }

    @Test
    void anUnknownDenyListSettingIsRefused() throws IOException {
        ConfigProblem p = onlyProblem(doc -> sandbox(doc).put("denyList", "on"));
        assertThat(p.path()).isEqualTo("sandbox.denyList");
    }

    @Test
    void theOrchestratorTracesInProductionAndNotElsewhereUnlessTheFileSays() throws IOException {
        var bundled = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod", "staging"));
        assertThat(bundled.get(0).sandbox().orElseThrow().tracing()).isTrue();
        assertThat(bundled.get(1).sandbox().orElseThrow().tracing()).isFalse();
        ObjectNode doc = staging();
        sandbox(doc).put("tracing", true);
        ProjectFiles.write(dir, "staging", doc);
        assertThat(EnvironmentLoader.load(dir, List.of("staging")).get(0).sandbox().orElseThrow().tracing()).isTrue();
        ConfigProblem notABoolean = onlyProblem(d -> sandbox(d).put("tracing", "yes"));
        assertThat(notABoolean.path()).isEqualTo("sandbox.tracing");
    }
}
