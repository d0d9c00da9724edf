package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.main.terraform.TerraformCli;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One environment's stack directory for commands that run Terraform in it. */
final class StackOptions {

    @Parameters(paramLabel = "ENV", description = "The environment.")
    String environment;

    @Option(names = "--environments", paramLabel = "DIR", defaultValue = "environments",
        description = "Directory of environment files (default: ${DEFAULT-VALUE}).")
    Path environments;

    @Option(names = "--workdir", paramLabel = "DIR",
        description = "An initialised Terraform directory of this environment's stack to use as it is,"
            + " instead of synthesizing into cdktf.out/ and running terraform init.")
    Path workdir;

    /** The --workdir as it is, or the environment synthesized into cdktf.out/ and initialised. */
    Path prepare(TerraformCli terraform) throws IOException, InterruptedException {
        if (workdir != null) {
            return workdir;
        }
        EnvironmentConfig env = EnvironmentLoader.load(environments, List.of(environment)).get(0);
        Path outdir = Path.of("cdktf.out");
        PlatformApp.synthesize(List.of(env), outdir);
        Path stackDir = outdir.resolve("stacks").resolve(env.name());
        TerraformCli.Result init = terraform.run(stackDir, Duration.ofMinutes(10), Map.of(), "init", "-input=false", "-no-color");
        if (init.exitCode() != 0) {
            throw new IllegalStateException("terraform init failed in " + stackDir + ":\n" + init.combined());
        }
        return stackDir;
    }
}
