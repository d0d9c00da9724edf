package dev.openhands.platform.main.stacks;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every bundled stack, byte for byte, against the reviewed snapshot in {@code main/src/test/resources/snapshots}.
 * A refactor must leave them untouched; an intended change regenerates them and the pull request shows the diff:
 * <pre>mvn -pl main -am test -Dtest=StackSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -Dsnapshots.update=true</pre>
 * The orchestrator jar's hash is the one value replaced by a placeholder, so a change to the Lambda code alone does
 * not churn the snapshots (its own tests cover it).
 */
class StackSnapshotTest {

    static final Path SNAPSHOTS = ProjectFiles.root().resolve("main/src/test/resources/snapshots");

    @Test
    void everyBundledStackMatchesItsSnapshot(@TempDir Path dir) throws IOException {
        List<EnvironmentConfig> environments = EnvironmentLoader.load(ProjectFiles.environments(), List.of());
        PlatformApp.synthesize(environments, dir.resolve("cdktf.out"));
        TreeMap<String, String> actual = normalizedStacks(dir.resolve("cdktf.out/stacks"));
        assertThat(actual).containsKeys("pilot", "pilot-isolated", "staging", "prod");

        if (Boolean.getBoolean("snapshots.update")) {
            write(actual);
            return;
        }
        TreeSet<String> expectedNames = new TreeSet<>();
        try (Stream<Path> files = Files.list(SNAPSHOTS)) {
            files.map(f -> f.getFileName().toString().replaceFirst("\\.tf\\.json$", "")).forEach(expectedNames::add);
        }
        assertThat(actual.keySet()).as("stacks synthesized vs snapshots kept").isEqualTo(expectedNames);
        List<String> changed = new ArrayList<>();
        for (String stack : actual.keySet()) {
            String expected = Files.readString(SNAPSHOTS.resolve(stack + ".tf.json"));
            if (!expected.equals(actual.get(stack))) {
                changed.add(stack + ": " + firstDifference(expected, actual.get(stack)));
            }
        }
        if (!changed.isEmpty()) {
            fail("synthesized stacks differ from their snapshots (if intended, regenerate with -Dsnapshots.update=true"
                + " and review the diff):\n  " + String.join("\n  ", changed));
        }
    }

    static TreeMap<String, String> normalizedStacks(Path stacks) throws IOException {
        String jarHash = SandboxArtifact.locate().sha256();
        String jarHashHex = SandboxArtifact.locate().sha256Hex();
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(stacks)) {
            for (Path stack : dirs.sorted().toList()) {
                String json = Files.readString(stack.resolve("cdk.tf.json"));
                out.put(stack.getFileName().toString(), json.replace(jarHash, "${orchestrator_jar_sha256}").replace(jarHashHex, "${orchestrator_jar_sha256_hex}"));
            }
        }
        return out;
    }

    private static void write(TreeMap<String, String> stacks) throws IOException {
        Files.createDirectories(SNAPSHOTS);
        try (Stream<Path> old = Files.list(SNAPSHOTS)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (var stack : stacks.entrySet()) {
            Files.writeString(SNAPSHOTS.resolve(stack.getKey() + ".tf.json"), stack.getValue());
        }
    }

    private static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + "\n    snapshot: " + a[i].strip() + "\n    now:      " + b[i].strip();
            }
        }
        return "line " + (Math.min(a.length, b.length) + 1) + " (one is longer: " + a.length + " vs " + b.length + " lines)";
    }
}
