package dev.openhands.platform.main.project;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.stacks.SeparateJvmSynth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Which jsii launcher {@code bin/openhands} runs: the direct one (module jsii-direct) by default, jsii's own with
 * {@code OPENHANDS_JSII_DIRECT=off}, and a user's own {@code JSII_RUNTIME} untouched. jsii's client names the command
 * it starts in its first debug line ({@code JSII_DEBUG=1}).
 *
 * <p>An integration test: bin/openhands runs the packaged jar. A stand-in {@code mvn} makes a nested build fail it.
 */
class JsiiLauncherIT {

    static final Path ROOT = ProjectFiles.root();

    @Test
    void byDefaultTheKernelIsStartedDirectly(@TempDir Path tmp) throws Exception {
        assertThat(launcherOf(tmp, Map.of())).isEqualTo(SeparateJvmSynth.directLauncher().toString());
    }

    @Test
    void offGoesBackToJsiisOwnLauncher(@TempDir Path tmp) throws Exception {
        assertThat(launcherOf(tmp, Map.of("OPENHANDS_JSII_DIRECT", "off")))
            .contains("/jsii-java-runtime").endsWith("/bin/jsii-runtime.js");
    }

    @Test
    void aUsersOwnJsiiRuntimeIsLeftAsItIs(@TempDir Path tmp) throws Exception {
        Path own = tmp.resolve("my-jsii-runtime");
        Files.createSymbolicLink(own, SeparateJvmSynth.directLauncher());
        assertThat(launcherOf(tmp, Map.of("JSII_RUNTIME", own.toString()))).isEqualTo(own.toString());
    }

    /** Synthesizes the pilot through bin/openhands and returns the jsii runtime command it started. */
    private static String launcherOf(Path tmp, Map<String, String> environment) throws IOException, InterruptedException {
        Path fakeBin = Files.createDirectories(tmp.resolve("bin"));
        Path fakeMvn = fakeBin.resolve("mvn");
        Files.writeString(fakeMvn, "#!/bin/sh\necho \"JsiiLauncherIT: a nested Maven build was started; run this test"
            + " through mvn verify (bash scripts/test.sh), which packages first\" >&2\nexit 97\n");
        Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = tmp.resolve("synth.log");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("bin/openhands").toString(), "synth", "pilot",
            "--output", tmp.resolve("cdktf.out").toString())
            .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", fakeBin + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        env.remove("JSII_RUNTIME");
        env.remove("OPENHANDS_JSII_DIRECT");
        env.remove("CDKTF_OUTDIR");
        env.put("JSII_DEBUG", "1");
        env.putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("bin/openhands synth pilot did not finish in 5 minutes");
        }
        assertThat(process.exitValue()).as("bin/openhands synth pilot; the end of its log:\n%s", tail(log)).isZero();
        try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("jsii-runtime: ")) {
                    return line.substring("jsii-runtime: ".length());
                }
            }
        }
        return fail("no 'jsii-runtime: ' line in the log:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
