package dev.openhands.platform.main.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsiiRuntimeDirectoryTest {

    static final Path TMP = Path.of("/var/tmp/run");

    @Test
    void findsTheDirectoryJsiiUnpackedItsEntryPointInto() {
        assertThat(JsiiRuntimeDirectory.of(List.of("node", "/var/tmp/run/jsii-java-runtime4822171180993562266/bin/jsii-runtime.js"), TMP))
            .contains(Path.of("/var/tmp/run/jsii-java-runtime4822171180993562266"));
    }

    @Test
    void touchesNothingElse() {
        for (String argument : List.of(
            "/home/me/jsii-java-runtime1/bin/jsii-runtime.js",              // not in the temp directory
            "/var/tmp/run/sub/jsii-java-runtime1/bin/jsii-runtime.js",      // not directly in it
            "/var/tmp/run/jsii-java-runtime-resource1/bin/jsii-runtime.js", // another jsii directory
            "/var/tmp/run/jsii-java-runtime1/lib/program.js",               // not the entry point
            "/var/tmp/run/jsii-java-runtime1/../../../etc/bin/jsii-runtime.js",
            "/var/tmp/run/jsii-java-runtimeX/bin/jsii-runtime.js",
            "jsii-runtime.js",
            "--max-old-space-size=4096")) {
            assertThat(JsiiRuntimeDirectory.of(List.of("node", argument), TMP)).as(argument).isEmpty();
        }
    }

    @Test
    void deletesTheDirectoryWithWhatJsiiLeavesInIt(@TempDir Path tmp) throws IOException {
        Path runtime = tmp.resolve("jsii-java-runtime123");
        Files.createDirectories(runtime.resolve("bin"));
        Files.createDirectories(runtime.resolve("lib"));
        Files.writeString(runtime.resolve("lib/program.js"), "x");
        JsiiRuntimeDirectory.deleteRecursively(runtime);
        assertThat(tmp).isEmptyDirectory();
    }
}
