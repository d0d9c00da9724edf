package dev.openhands.platform.main.stacks;

import dev.openhands.platform.main.ProjectFiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code synth} in a JVM of its own (this test JVM's class path), as a user's next run would: whatever differs
 * between two JVMs (hash seeds, {@code Map.of} iteration order, temp paths) shows up only this way.
 */
public final class SeparateJvmSynth {

    private SeparateJvmSynth() {
    }

    /** Synthesizes {@code environments} (all bundled ones when empty) into {@code outdir}; fails with the output. */
    public static Path run(Path outdir, String... environments) throws IOException, InterruptedException {
        return run(outdir, List.of(System.getProperty("java.class.path").split(File.pathSeparator)), null, Map.of(),
            environments).outdir();
    }

    /** What a synth in its own JVM wrote, and everything it printed (standard output and error). */
    public record Run(Path outdir, String output) {
    }

    /**
     * The same with a chosen class path, a temp directory of its own ({@code java.io.tmpdir} and {@code TMPDIR}; none:
     * the default) and more environment variables (a null value removes one).
     */
    public static Run run(Path outdir, List<String> classPath, Path tempDir, Map<String, String> environment,
                          String... environments) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (tempDir != null) {
            command.add("-Djava.io.tmpdir=" + tempDir);
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath),
            "dev.openhands.platform.main.cli.OpenHandsCli",
            "synth", "--environments", ProjectFiles.environments().toString(), "--output", outdir.toString()));
        command.addAll(List.of(environments));
        Path log = Files.createTempFile("synth-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("CDKTF_OUTDIR");
            // What bin/openhands runs: jsii's kernel as the JVM's only Node process (jsii-direct/), whatever the
            // caller's own JSII_RUNTIME.
            builder.environment().put("JSII_RUNTIME", directLauncher().toString());
            builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            if (tempDir != null) {
                builder.environment().put("TMPDIR", tempDir.toString());
            }
            // A null value takes the variable out (e.g. JSII_RUNTIME, for jsii's own launcher).
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("synth in a separate JVM did not finish in 5 minutes:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("synth in a separate JVM exited " + process.exitValue() + ":\n" + output);
            }
            return new Run(outdir, output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The launcher jsii-direct installs (its build runs before main's tests: a test-scoped dependency). */
    public static Path directLauncher() {
        Path launcher = ProjectFiles.root().resolve("jsii-direct/target/runtime/jsii-runtime");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing: build the jsii-direct module first"
                + " (mvn -pl main -am ... builds it)");
        }
        return launcher;
    }

    /** Every regular file below {@code dir}, by relative path, with its bytes. */
    public static TreeMap<String, byte[]> files(Path dir) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
