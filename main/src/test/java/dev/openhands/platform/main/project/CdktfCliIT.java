package dev.openhands.platform.main.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The CDKTF CLI that package.json pins and scripts/setup.sh installs into node_modules runs this project as an
 * operator does: {@code cdktf synth} and {@code cdktf list} call cdktf.json's app, {@code bin/openhands synth},
 * which runs the packaged jar. The output goes to a temporary directory (the CLI hands it to the app as
 * CDKTF_OUTDIR), never to the project's cdktf.out.
 *
 * <p>An integration test (maven-failsafe-plugin, integration-test phase): bin/openhands builds the project when its
 * jar is missing or older than the sources, and the jar only exists after package. A stand-in {@code mvn} first on
 * PATH makes any nested build fail this test instead of running.
 */
class CdktfCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String INSTALL = "run `bash scripts/setup.sh` from the repository root (it installs the cdktf-cli"
        + " version package.json pins into node_modules with npm ci)";

    private static Path root;
    private static Path cdktf;

    @BeforeAll
    static void theProjectLocalCliIsInstalled() throws IOException {
        root = ProjectFiles.root();
        cdktf = root.resolve("node_modules/.bin/cdktf");
        if (!Files.isExecutable(cdktf)) {
            fail(cdktf + " is missing: " + INSTALL);
        }
        String pinned = JSON.readTree(root.resolve("package.json").toFile()).at("/devDependencies/cdktf-cli").asText();
        Path installedManifest = root.resolve("node_modules/cdktf-cli/package.json");
        String installed = Files.exists(installedManifest) ? JSON.readTree(installedManifest.toFile()).path("version").asText() : "none";
        if (!installed.equals(pinned)) {
            fail("node_modules holds cdktf-cli " + installed + ", package.json pins " + pinned + ": " + INSTALL);
        }
    }

    @Test
    void synthWritesEveryEnvironmentAndStateBootstrapStack(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cdktf.out");
        Stamp before = Stamp.of(root.resolve("cdktf.out"));

        Run synth = cdktf(tmp, "synth", "--output", out.toString());

        assertThat(synth.exitCode()).as(synth.describe()).isZero();
        assertThat(synth.output()).as(synth.describe())
            .contains("Synthesized " + String.join(", ", environmentNames()) + " into " + out);
        Path stacks = out.resolve("stacks");
        List<String> written;
        try (Stream<Path> list = Files.list(stacks)) {
            written = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(written).as(synth.describe()).containsExactlyInAnyOrderElementsOf(expectedStacks());
        for (String stack : expectedStacks()) {
            JsonNode json = JSON.readTree(stacks.resolve(stack).resolve("cdk.tf.json").toFile());
            assertThat(json.at("/terraform/required_providers/aws").isObject()).as(stack + " requires the AWS provider").isTrue();
            assertThat(json.path("resource").size()).as(stack + " has resources").isPositive();
        }
        for (String environment : environmentNames()) {
            assertThat(JSON.readTree(stacks.resolve(environment).resolve("cdk.tf.json").toFile()).at("/terraform/backend/s3/bucket").asText())
                .as(environment + " keeps its state in S3").isNotBlank();
        }
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        List<String> manifestStacks = new ArrayList<>();
        manifest.path("stacks").fieldNames().forEachRemaining(manifestStacks::add);
        assertThat(manifestStacks).containsExactlyInAnyOrderElementsOf(expectedStacks());
        assertThat(Stamp.of(root.resolve("cdktf.out"))).as("the project's own cdktf.out is left alone").isEqualTo(before);
    }

    @Test
    void listNamesEveryStack(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cdktf.out");

        Run list = cdktf(tmp, "list", "--output", out.toString());

        assertThat(list.exitCode()).as(list.describe()).isZero();
        Table table = stackTable(list.output());
        // Every path is <output>/stacks/<stack>, and the names are listed in the same order as the paths.
        String prefix = out.resolve("stacks") + "/";
        assertThat(table.paths()).as(list.describe()).startsWith(prefix);
        List<String> listed = List.of(table.paths().substring(prefix.length()).split(Pattern.quote(prefix)));
        assertThat(listed).as(list.describe()).containsExactlyInAnyOrderElementsOf(expectedStacks());
        assertThat(table.names()).as(list.describe()).isEqualTo(String.join("", listed));
    }

    /** The environment of every file in environments/ (the bundled four at least), sorted by name. */
    private static List<String> environmentNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(ProjectFiles.environments())) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".json") && !fileName.endsWith(".schema.json")) {
                    names.add(JSON.readTree(file.toFile()).path("name").asText());
                }
            }
        }
        assertThat(names).contains("pilot", "pilot-isolated", "staging", "prod");
        return names.stream().sorted().toList();
    }

    /** One stack per environment, plus one state bootstrap stack per distinct state bucket. */
    private static TreeSet<String> expectedStacks() throws IOException {
        TreeSet<String> stacks = new TreeSet<>(environmentNames());
        try (Stream<Path> files = Files.list(ProjectFiles.environments())) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".json") && !fileName.endsWith(".schema.json")) {
                    stacks.add("state-" + JSON.readTree(file.toFile()).at("/state/bucket").asText());
                }
            }
        }
        assertThat(stacks).contains("state-openhands-tfstate-123456789012", "state-openhands-tfstate-210987654321",
            "state-openhands-tfstate-345678901234");
        return stacks;
    }

    /** {@code cdktf list}'s two columns, each read top to bottom with its cells joined. */
    record Table(String names, String paths) {
    }

    /**
     * Reads {@code cdktf list}'s table: a "Stack name" and a "Path" column. Without a terminal the CLI lays it out
     * 80 characters wide and wraps long cells onto the next lines, at any character, so rows cannot be told apart
     * by their lines alone; neither names nor paths hold spaces, so each column joined is all its cells in order.
     */
    static Table stackTable(String output) {
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Stack name") && lines.get(i).contains("Path")) {
                header = i;
            }
        }
        assertThat(header).as("a Stack name / Path table in:\n" + output).isNotNegative();
        int column = lines.get(header).indexOf("Path");
        StringBuilder names = new StringBuilder();
        StringBuilder paths = new StringBuilder();
        for (String line : lines.subList(header + 1, lines.size())) {
            names.append(line, 0, Math.min(column, line.length()));
            paths.append(line.length() > column ? line.substring(column) : "");
        }
        return new Table(names.toString().replaceAll("\\s", ""), paths.toString().replaceAll("\\s", ""));
    }

    private record Run(List<String> command, int exitCode, String output) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }
    }

    /** Runs the project-local cdktf in the repository root, offline, with a stand-in mvn that fails. */
    private static Run cdktf(Path tmp, String... args) throws IOException, InterruptedException {
        Path fakeBin = Files.createDirectories(tmp.resolve("bin"));
        Path fakeMvn = fakeBin.resolve("mvn");
        Files.writeString(fakeMvn, "#!/bin/sh\necho \"CdktfCliIT: a nested Maven build was started (mvn $*): main/target/"
            + "openhands-platform.jar or lambda/target/openhands-sandbox-orchestrator.jar is missing or older than the"
            + " sources; run this test through mvn verify (bash scripts/test.sh), which packages first\" >&2\nexit 97\n");
        Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> command = new ArrayList<>(List.of(cdktf.toString()));
        command.addAll(List.of(args));
        Path output = tmp.resolve("cdktf-" + args[0] + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", fakeBin + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        // No internet: no telemetry (checkpoint), no "newer version" check against npm, which for a Java project
        // also runs `mvn dependency:list`. Crash reports are off in cdktf.json.
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("DISABLE_VERSION_CHECK", "1");
        env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        // No prompts, no spinner frames, no colour codes in the captured output.
        env.put("CI", "1");
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        // Terraform warns (and cdktf logs an error) when TF_CLI_CONFIG_FILE names a file that does not exist.
        String tfConfig = env.get("TF_CLI_CONFIG_FILE");
        if (tfConfig != null && !Files.exists(Path.of(tfConfig))) {
            env.remove("TF_CLI_CONFIG_FILE");
        }
        env.remove("CDKTF_OUTDIR");

        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(text).as("no nested Maven build").doesNotContain("CdktfCliIT: a nested Maven build");
        assertThat(text).as("jsii's Node 20 banner is silenced").doesNotContainIgnoringCase("end-of-life");
        return new Run(command, process.exitValue(), text);
    }

    /** Whether a directory exists and when its manifest was written. */
    private record Stamp(boolean exists, FileTime manifest) {
        static Stamp of(Path dir) throws IOException {
            Path manifest = dir.resolve("manifest.json");
            return new Stamp(Files.exists(dir), Files.exists(manifest) ? Files.getLastModifiedTime(manifest) : null);
        }
    }
}
