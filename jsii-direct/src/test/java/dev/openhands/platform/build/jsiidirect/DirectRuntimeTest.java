package dev.openhands.platform.build.jsiidirect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectRuntimeTest {

    static final Path JSII_RUNTIME_JAR = Path.of(System.getProperty("jsii.runtime.jar"));
    static final Path SOURCES = Path.of(System.getProperty("jsii.direct.sources"));

    @Test
    void installsJsiisKernelUnchangedBesideTheLauncherAndThePreload(@TempDir Path dir) throws IOException {
        Path runtime = DirectRuntime.install(JSII_RUNTIME_JAR, DirectRuntime.VERIFIED_VERSION, SOURCES, dir.resolve("runtime"));

        assertThat(runtime.resolve("program.js")).hasBinaryContent(entry(DirectRuntime.KERNEL));
        assertThat(runtime.resolve("runtime-index-worker.js")).hasBinaryContent(entry(DirectRuntime.INDEX_WORKER));
        assertThat(runtime.resolve("direct-channel.js")).hasSameBinaryContentAs(SOURCES.resolve("direct-channel.js"));
        assertThat(Files.isExecutable(runtime.resolve("jsii-runtime"))).isTrue();
        try (var files = Files.list(runtime)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("direct-channel.js", "jsii-runtime", "program.js", "runtime-index-worker.js");
        }
    }

    @Test
    void anotherJsiiRuntimeVersionStopsTheBuildWithWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> DirectRuntime.install(JSII_RUNTIME_JAR, "1.141.0", SOURCES, dir.resolve("runtime")))
            .isInstanceOf(LayoutException.class)
            .hasMessageContaining("jsii-runtime.version is 1.141.0")
            .hasMessageContaining("OPENHANDS_JSII_DIRECT=off")
            .hasMessageContaining("docs/performance.md");
    }

    @Test
    void aKernelThatNoLongerTalksOnFd3StopsTheBuild(@TempDir Path dir) throws IOException {
        Path jar = rewritten(dir, DirectRuntime.KERNEL, js -> js.replace("readFD:3,writeFD:3", "readFD:4,writeFD:4"));
        assertThatThrownBy(() -> DirectRuntime.install(jar, DirectRuntime.VERIFIED_VERSION, SOURCES, dir.resolve("runtime")))
            .isInstanceOf(LayoutException.class)
            .hasMessageContaining("program.js does not open its channel as SyncStdio on fd 3")
            .hasMessageContaining("found 0 times");
    }

    @Test
    void aBundledLauncherThatDoesSomethingElseStopsTheBuild(@TempDir Path dir) throws IOException {
        Path jar = rewritten(dir, DirectRuntime.BUNDLED_LAUNCHER, js -> js.replace("\"--preserve-symlinks\",", ""));
        assertThatThrownBy(() -> DirectRuntime.install(jar, DirectRuntime.VERIFIED_VERSION, SOURCES, dir.resolve("runtime")))
            .isInstanceOf(LayoutException.class)
            .hasMessageContaining("jsii-runtime.js no longer contains `[...process.execArgv,\"--preserve-symlinks\",`");
    }

    @Test
    void aRefusedInstallLeavesThePreviousRuntimeAsItWas(@TempDir Path dir) throws IOException {
        Path runtime = DirectRuntime.install(JSII_RUNTIME_JAR, DirectRuntime.VERIFIED_VERSION, SOURCES, dir.resolve("runtime"));
        byte[] kernel = Files.readAllBytes(runtime.resolve("program.js"));
        Path broken = rewritten(dir, DirectRuntime.KERNEL, js -> js.replace("readFD:3,writeFD:3", "readFD:3,writeFD:1"));

        assertThatThrownBy(() -> DirectRuntime.install(broken, DirectRuntime.VERIFIED_VERSION, SOURCES, runtime))
            .isInstanceOf(LayoutException.class);
        assertThat(runtime.resolve("program.js")).hasBinaryContent(kernel);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("staging")).toList()).isEmpty();
        }
    }

    static byte[] entry(String name) throws IOException {
        try (JarFile jar = new JarFile(JSII_RUNTIME_JAR.toFile()); InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    /** A copy of the jsii-runtime jar with one text entry changed. */
    static Path rewritten(Path dir, String name, UnaryOperator<String> change) throws IOException {
        Path copy = Files.createTempFile(dir, "jsii-runtime-", ".jar");
        try (JarFile jar = new JarFile(JSII_RUNTIME_JAR.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().equals(name)) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    String changed = change.apply(text);
                    assertThat(changed).as("the test's change to " + name).isNotEqualTo(text);
                    bytes = changed.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }
}
