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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OpenHandsCliTest {

    static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void invalidConfigExitsTwoAndWritesNothing(@TempDir Path dir) throws IOException {
        Path envs = Files.createDirectories(dir.resolve("environments"));
        ProjectFiles.writeVariant(envs, "pilot", doc -> ((ObjectNode) doc.get("network")).put("vpcCidr", "172.32.0.0/16"));
        Path out = dir.resolve("cdktf.out");
        CliRunner.Run run = run("synth", "--environments", envs.toString(), "--output", out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was written").contains(envs.resolve("pilot.json") + ": network.vpcCidr:")
            .contains("Fix:");
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("environments");
        }
    }

    @Test
    void invalidConfigLeavesAPreviousOutputUntouched(@TempDir Path dir) throws IOException {
        Path envs = Files.createDirectories(dir.resolve("environments"));
        ProjectFiles.writeVariant(envs, "pilot", doc -> { });
        Path out = dir.resolve("out");
        assertThat(run("synth", "--environments", envs.toString(), "--output", out.toString()).exitCode()).isZero();
        String before = Files.readString(out.resolve("stacks/pilot/cdk.tf.json"));
        ProjectFiles.writeVariant(envs, "pilot", doc -> ((ObjectNode) doc.get("aws")).put("accountId", "42"));
        assertThat(run("synth", "--environments", envs.toString(), "--output", out.toString()).exitCode()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("stacks/pilot/cdk.tf.json"))).isEqualTo(before);
    }

    @Test
    void synthWritesEveryEnvironmentInOneRun(@TempDir Path dir) throws IOException {
        Path envs = Files.createDirectories(dir.resolve("environments"));
        ProjectFiles.writeVariant(envs, "pilot", doc -> { });
        ProjectFiles.writeVariant(envs, "sandbox", doc -> {
            ((ObjectNode) doc.get("aws")).put("accountId", "210987654321").put("region", "us-east-1");
            ((ObjectNode) doc.get("state")).put("bucket", "openhands-tfstate-210987654321");
            ((ObjectNode) doc.get("network")).putArray("availabilityZones").add("us-east-1a").add("us-east-1b");
            ((ObjectNode) doc.get("network")).putArray("endpointZones").add("us-east-1a");
            ((ObjectNode) doc.get("bedrock")).putArray("models").add("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
        });
        Path out = dir.resolve("out");
        CliRunner.Run run = run("synth", "--environments", envs.toString(), "--output", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Synthesized pilot, sandbox");
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.path("stacks").fieldNames()).toIterable().containsExactlyInAnyOrder("pilot", "sandbox",
            "state-openhands-tfstate-123456789012", "state-openhands-tfstate-210987654321");
        JsonNode sandbox = new ObjectMapper().readTree(out.resolve("stacks/sandbox/cdk.tf.json").toFile());
        assertThat(sandbox.at("/provider/aws/0/allowed_account_ids/0").asText()).isEqualTo("210987654321");
        assertThat(sandbox.at("/terraform/required_providers/aws/version").asText()).isEqualTo(">= 5.23.1, < 6.0.0");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staging directory is left behind")
                .containsExactlyInAnyOrder("environments", "out");
        }
    }

    @Test
    void validateReportsEachFile(@TempDir Path dir) {
        ProjectFiles.writeVariant(dir, "pilot", doc -> { });
        CliRunner.Run ok = run("validate", "--environments", dir.toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("pilot.json: valid");
        CliRunner.Run missing = run("validate", "--environments", dir.toString(), "prod");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("prod.json: $: the file does not exist.");
    }

    @Test
    void commandsOfOneEnvironmentStopAtAnInvalidOneBeforeTheyRunAnything(@TempDir Path dir) throws IOException {
        Path envs = Files.createDirectories(dir.resolve("environments"));
        ProjectFiles.writeVariant(envs, "pilot", doc -> ((ObjectNode) doc.get("aws")).put("accountId", "42"));
        // The same ENV and --environments (OneEnvironment) in each: nothing is synthesized, planned or asked of AWS.
        for (String command : new String[] {"deploy", "drift", "cost", "doctor"}) {
            CliRunner.Run run = run(command, "pilot", "--environments", envs.toString());
            assertThat(run.exitCode()).as(command + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(command).contains(envs.resolve("pilot.json") + ": aws.accountId:");
        }
        for (String command : new String[] {"deploy", "drift", "cost", "doctor"}) {
            assertThat(run(command).err()).as(command + " needs an environment").contains("Missing required parameter: 'ENV'");
        }
        assertThat(run("plan-compare", "only-one.json").err()).contains("Missing required parameter: 'CURRENT'");
    }

    @Test
    void everyCommandAnswersHelpAndVersion() {
        for (String command : new String[] {"synth", "validate", "schema", "emulator", "drift", "plan-review", "plan-compare",
            "deploy", "cost", "doctor"}) {
            CliRunner.Run help = run(command, "--help");
            assertThat(help.exitCode()).as(command + " --help: " + help.err()).isZero();
            assertThat(help.out()).as(command + " --help").contains("Usage: openhands " + command);
            assertThat(run(command, "-V").out()).as(command + " -V").contains("openhands-platform 0.1.0");
        }
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("deploy-everything").exitCode()).isEqualTo(2);
        assertThat(run("synth", "--bogus").err()).contains("Unknown option");
        for (String command : new String[] {"cost", "drift"}) {
            CliRunner.Run run = run(command, "pilot", "--format", "yaml");
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).contains("expected one of [text, markdown, json]");
        }
    }
}
