package dev.openhands.platform.main.stacks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same commit synthesizes the same bytes: every bundled environment, synthesized in two separate JVMs, gives
 * identical files. A difference in the pilot's user data would plan to replace its host.
 */
class DeterministicSynthTest {

    @Test
    void twoJvmsWriteTheSameBytesForEveryStack(@TempDir Path dir) throws Exception {
        TreeMap<String, byte[]> first = SeparateJvmSynth.files(SeparateJvmSynth.run(dir.resolve("first")));
        TreeMap<String, byte[]> second = SeparateJvmSynth.files(SeparateJvmSynth.run(dir.resolve("second")));

        assertThat(first.keySet()).contains("stacks/pilot/cdk.tf.json", "stacks/pilot-isolated/cdk.tf.json",
            "stacks/staging/cdk.tf.json", "stacks/prod/cdk.tf.json", "manifest.json");
        assertThat(second.keySet()).isEqualTo(first.keySet());
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : first.entrySet()) {
            if (!Arrays.equals(file.getValue(), second.get(file.getKey()))) {
                differing.add(file.getKey() + firstDifference(file.getValue(), second.get(file.getKey())));
            }
        }
        assertThat(differing).as("files that differ between two synths of the same commit").isEmpty();
    }

    private static String firstDifference(byte[] a, byte[] b) {
        int i = Arrays.mismatch(a, b);
        int from = Math.max(0, i - 80);
        return " at byte " + i + ": ..." + new String(a, from, Math.min(a.length, i + 80) - from, StandardCharsets.UTF_8)
            + "... vs ..." + new String(b, from, Math.min(b.length, i + 80) - from, StandardCharsets.UTF_8) + "...";
    }
}
