package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.stacks.SeparateJvmSynth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jsii's kernel started as the JVM's only Node process (module jsii-direct, what bin/openhands runs) synthesizes
 * exactly what it synthesizes behind jsii's own relaying launcher, and leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectJsiiChannelSynthTest {

    SeparateJvmSynth.Run direct;
    SeparateJvmSynth.Run bundled;
    Path directTemp;
    Path bundledTemp;

    @BeforeAll
    void synthesizeEveryEnvironmentThroughBothLaunchers(@TempDir Path dir) throws Exception {
        List<String> classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        directTemp = Files.createDirectories(dir.resolve("direct-tmp"));
        bundledTemp = Files.createDirectories(dir.resolve("bundled-tmp"));
        Map<String, String> jsiisOwnLauncher = new HashMap<>();
        jsiisOwnLauncher.put("JSII_RUNTIME", null);
        direct = SeparateJvmSynth.run(dir.resolve("direct"), classPath, directTemp, Map.of("JSII_DEBUG_TIMING", "1"));
        bundled = SeparateJvmSynth.run(dir.resolve("bundled"), classPath, bundledTemp, jsiisOwnLauncher);
    }

    @Test
    void everyFileIsByteForByteTheSameThroughEitherLauncher() throws IOException {
        TreeMap<String, byte[]> throughDirect = SeparateJvmSynth.files(direct.outdir());
        TreeMap<String, byte[]> throughBundled = SeparateJvmSynth.files(bundled.outdir());
        assertThat(throughDirect.keySet()).contains("manifest.json", "stacks/pilot/cdk.tf.json", "stacks/prod/cdk.tf.json");
        assertThat(throughBundled.keySet()).isEqualTo(throughDirect.keySet());
        List<String> differing = new ArrayList<>();
        throughDirect.forEach((file, bytes) -> {
            int at = Arrays.mismatch(bytes, throughBundled.get(file));
            if (at >= 0) {
                differing.add(file + " at byte " + at);
            }
        });
        assertThat(differing).as("files that differ between the direct channel and jsii's launcher").isEmpty();
    }

    /** The kernel's console output (here jsii's own timing lines) still reaches the JVM's output, decoded. */
    @Test
    void theKernelsConsoleOutputReachesTheJvmAsText() {
        assertThat(direct.output()).contains("[@jsii/kernel:timing] require(").doesNotContain("{\"stdout\":");
    }

    /** Direct: jsii's bundled runtime is never unpacked, so there is nothing to clean up; bundled: the CLI cleans it. */
    @Test
    void neitherRunLeavesAnythingInItsTempDirectory() throws IOException {
        for (Path temp : List.of(directTemp, bundledTemp)) {
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("left in %s", temp).isEmpty();
            }
        }
    }
}
