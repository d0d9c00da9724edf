package dev.openhands.platform.main.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cost ENV} over an already synthesized stack (the reviewed snapshot), as the plan workflow runs it. */
class CostCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path synthDir(Path dir, String name, JsonNode stack) throws IOException {
        Path stackDir = Files.createDirectories(dir.resolve("stacks").resolve(name));
        JSON.writeValue(stackDir.resolve("cdk.tf.json").toFile(), stack);
        return dir;
    }

    private static JsonNode snapshot(String name) throws IOException {
        return JSON.readTree(ProjectFiles.root().resolve("main/src/test/resources/snapshots/" + name + ".tf.json").toFile());
    }

    @Test
    void pricesAnEnvironmentInEachFormat(@TempDir Path dir) throws IOException {
        Path out = synthDir(dir.resolve("out"), "staging", snapshot("staging"));
        CliRunner.Run json = CliRunner.run("cost", "staging", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", out.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("region").asText()).isEqualTo("eu-west-1");
        double sum = 0;
        for (JsonNode line : report.get("resources")) {
            sum += line.get("monthly").asDouble();
        }
        assertThat(report.get("monthly").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(0.01)).isPositive();
        assertThat(report.get("resources").toString()).contains("aws_rds_cluster.").contains("interface endpoint");
        assertThat(report.get("usage").toString()).contains("Bedrock eu.anthropic.claude-sonnet-4-20250514-v1:0 input tokens");

        CliRunner.Run text = CliRunner.run("cost", "staging", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", out.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("staging (eu-west-1): $").contains("By use (not in the total):");
        CliRunner.Run markdown = CliRunner.run("cost", "staging", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", out.toString(), "--format", "markdown");
        assertThat(markdown.out()).startsWith("### Cost of `staging` at zero use: $").contains("| resource | item |");
    }

    @Test
    void reportsTheChangeAgainstABaseline(@TempDir Path dir) throws IOException {
        Path now = synthDir(dir.resolve("now"), "prod", snapshot("prod"));
        ObjectNode without = (ObjectNode) snapshot("prod");
        ((ObjectNode) without.get("resource")).remove("aws_nat_gateway");
        Path base = synthDir(dir.resolve("base"), "prod", without);
        CliRunner.Run run = CliRunner.run("cost", "prod", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", now.toString(), "--baseline", base.toString(), "--format", "markdown");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("Change: \\*\\*\\+\\$35\\.\\d\\d\\*\\* a month").contains("`aws_nat_gateway.");
        // A new environment has no base stack: everything is new.
        CliRunner.Run fresh = CliRunner.run("cost", "prod", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", now.toString(), "--baseline", dir.resolve("nothing").toString(), "--format", "json");
        JsonNode report = JSON.readTree(fresh.out());
        assertThat(report.get("change").asDouble()).isEqualTo(report.get("monthly").asDouble());
    }

    @Test
    void anUnpricedResourceTypeFailsTheCommand(@TempDir Path dir) throws IOException {
        ObjectNode stack = (ObjectNode) snapshot("pilot");
        ((ObjectNode) stack.get("resource")).putObject("aws_neptune_cluster").putObject("graph").put("engine", "neptune");
        Path out = synthDir(dir.resolve("out"), "pilot", stack);
        CliRunner.Run run = CliRunner.run("cost", "pilot", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", out.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("NOT PRICED");
        assertThat(run.err()).contains("no price for aws_neptune_cluster").contains("StackPricing");
    }

    @Test
    void aMissingSynthOutputSaysHowToMakeIt(@TempDir Path dir) {
        CliRunner.Run run = CliRunner.run("cost", "pilot", "--environments", ProjectFiles.environments().toString(),
            "--synth-dir", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("cdk.tf.json does not exist").contains("bin/openhands synth pilot");
    }
}
