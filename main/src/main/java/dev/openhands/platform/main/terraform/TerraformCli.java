package dev.openhands.platform.main.terraform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the terraform binary in a stack directory. Providers come from the local filesystem mirror when the
 * machine has one (no registry access is needed then); plugin downloads are never attempted for a mirrored provider.
 */
public final class TerraformCli {

    public static final String INSTALL_HINT = "terraform (>= 1.10) is not on PATH: install it from HashiCorp's releases"
        + " or your package manager, or set OPENHANDS_TERRAFORM to its path.";

    /** Where machines of this project keep the hashicorp/aws provider (a folder holding registry.terraform.io/). */
    static final List<String> MIRROR_CANDIDATES = List.of("/opt/tf-plugins", "/usr/share/terraform/plugins",
        System.getProperty("user.home") + "/.terraform.d/plugins");

    public record Result(int exitCode, String stdout, String stderr) {
        public String combined() {
            return stdout + stderr;
        }
    }

    private final String executable;
    private final Path cliConfig;

    private TerraformCli(String executable, Path cliConfig) {
        this.executable = executable;
        this.cliConfig = cliConfig;
    }

    public static TerraformCli locate() throws IOException {
        String executable = System.getenv("OPENHANDS_TERRAFORM");
        if (executable == null) {
            executable = onPath("terraform");
        }
        if (executable == null) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        return new TerraformCli(executable, writeCliConfig());
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** The provider mirror on this machine, if any: $OPENHANDS_TF_PLUGIN_DIR or a known location. */
    public static Path providerMirror() {
        String configured = System.getenv("OPENHANDS_TF_PLUGIN_DIR");
        List<String> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.addAll(MIRROR_CANDIDATES);
        for (String candidate : candidates) {
            if (Files.isDirectory(Path.of(candidate, "registry.terraform.io", "hashicorp", "aws"))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private static Path writeCliConfig() throws IOException {
        Path mirror = providerMirror();
        Path config = Files.createTempFile("openhands-terraform-", ".tfrc");
        config.toFile().deleteOnExit();
        String body = mirror == null ? "# no provider mirror on this machine: providers come from the registry\n"
            : "provider_installation {\n"
            + "  filesystem_mirror {\n"
            + "    path    = \"" + mirror + "\"\n"
            + "    include = [\"registry.terraform.io/hashicorp/*\"]\n"
            + "  }\n"
            + "  direct {\n"
            + "    exclude = [\"registry.terraform.io/hashicorp/*\"]\n"
            + "  }\n"
            + "}\n";
        Files.writeString(config, body);
        return config;
    }

    public Result run(Path workdir, Duration timeout, Map<String, String> extraEnv, String... args)
        throws IOException, InterruptedException {
        return run(workdir, timeout, extraEnv, null, args);
    }

    /**
     * Like {@link #run(Path, Duration, Map, String...)}, and every line terraform writes to standard output is also
     * echoed as it comes (a long apply shows its progress instead of minutes of silence).
     */
    public Result run(Path workdir, Duration timeout, Map<String, String> extraEnv, PrintWriter echo, String... args)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile());
        Map<String, String> env = builder.environment();
        env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.putAll(extraEnv);
        Path out = Files.createTempFile("terraform-", ".out");
        Path err = Files.createTempFile("terraform-", ".err");
        try {
            builder.redirectOutput(echo == null ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.PIPE)
                .redirectError(err.toFile());
            Process process = builder.start();
            Thread tee = echo == null ? null : tee(process.getInputStream(), out, echo);
            boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (tee != null && finished) {
                tee.join(Duration.ofSeconds(30).toMillis());
            }
            if (!finished) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                throw new IllegalStateException("terraform " + String.join(" ", args) + " did not finish within "
                    + timeout.toSeconds() + " s in " + workdir);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Thread tee(InputStream stdout, Path copy, PrintWriter echo) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
                 Writer file = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    file.write(line);
                    file.write('\n');
                    synchronized (echo) {
                        echo.println(line);
                        echo.flush();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "terraform-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
