package dev.openhands.platform.main.stacks;

import dev.openhands.platform.main.ProjectFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), "dev.openhands.platform.main.cli.OpenHandsCli",
            "synth", "--environments", ProjectFiles.environments().toString(), "--output", outdir.toString()));
        command.addAll(List.of(environments));
        Path log = Files.createTempFile("synth-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("CDKTF_OUTDIR");
            builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("synth in a separate JVM did not finish in 5 minutes:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("synth in a separate JVM exited " + process.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
            }
            return outdir;
        } finally {
            Files.deleteIfExists(log);
        }
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
