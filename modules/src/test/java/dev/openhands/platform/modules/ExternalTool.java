package dev.openhands.platform.modules;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool a test depends on. A missing tool fails the test with the command that installs it:
 * tests never skip silently.
 */
public final class ExternalTool {

    public record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    public static String require(String name, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is required by this test but is not on PATH; install it with: " + installHint
            + " (scripts/setup.sh does this)");
    }

    public static Result run(List<String> command, Path workdir) {
        try {
            Path output = Files.createTempFile("tool-", ".out");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command))
                    .directory(workdir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
