package dev.openhands.platform.main.project;

import dev.openhands.platform.main.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code bash scripts/test.sh --quick} leaves out exactly the Terraform applies against moto_server: every test class
 * that deploys to the emulator carries the emulator-apply tag, and --quick excludes that tag. The project's own
 * shell scripts pass shellcheck.
 */
class QuickLoopTest {

    static final String TAG = "emulator-apply";
    /** What a test calls to deploy to the emulator (split so this file does not match itself). */
    static final String APPLIES = "EmulatorDeployment" + ".run(";

    @Test
    void everyTestThatAppliesToTheEmulatorIsTaggedSoTheQuickLoopLeavesItOut() throws IOException {
        List<String> applying = new ArrayList<>();
        for (String module : List.of("modules", "emulator", "lambda", "main")) {
            Path tests = ProjectFiles.root().resolve(module).resolve("src/test/java");
            if (!Files.isDirectory(tests)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    if (source.contains(APPLIES)) {
                        applying.add(file.getFileName().toString());
                        assertThat(source).as(file + " applies to the emulator: tag the class @Tag(\"" + TAG + "\")")
                            .containsPattern("(?m)^@(org\\.junit\\.jupiter\\.api\\.)?Tag\\(\"" + TAG + "\"\\)\\s*\\n(public |final )*class ");
                    }
                }
            }
        }
        assertThat(applying).contains("PilotLifecycleEmulatorTest.java", "IsolatedPilotEmulatorTest.java", "DataTierEmulatorTest.java");
    }

    @Test
    void quickExcludesTheEmulatorApplyTagAndPassesOtherArgumentsToMaven() throws IOException {
        String script = Files.readString(ProjectFiles.root().resolve("scripts/test.sh"));
        assertThat(script).contains("\"--quick\"").contains("-DexcludedGroups=" + TAG).contains("mvn -B -ntp verify \"${mvn_args[@]}\"");
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        assertThat(readme).contains("bash scripts/test.sh --quick");
    }

    @Test
    void theProjectScriptsPassShellcheck() throws Exception {
        Path root = ProjectFiles.root();
        String shellcheck = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "shellcheck"))) {
                shellcheck = Path.of(dir, "shellcheck").toString();
            }
        }
        if (shellcheck == null) {
            fail("shellcheck is not on PATH: install it with apt-get install -y shellcheck (bash scripts/setup.sh does this)");
        }
        List<String> command = new ArrayList<>(List.of(shellcheck, "--severity=style"));
        try (Stream<Path> scripts = Stream.concat(Files.list(root.resolve("scripts")), Files.list(root.resolve("bench")))) {
            scripts.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(f -> command.add(root.relativize(f).toString()));
        }
        command.addAll(List.of("bin/openhands", ".ci/run", "jsii-direct/src/main/runtime/jsii-runtime"));
        assertThat(command).contains("scripts/setup.sh", "scripts/test.sh", "scripts/synth.sh");
        Path output = Files.createTempFile("shellcheck-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("shellcheck finishes").isTrue();
            assertThat(process.exitValue()).as(Files.readString(output, StandardCharsets.UTF_8)).isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
