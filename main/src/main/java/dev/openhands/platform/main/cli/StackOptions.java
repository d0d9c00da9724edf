package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.terraform.TerraformCli;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** One environment's stack directory for commands that run Terraform in it. */
final class StackOptions {

    @Mixin
    OneEnvironment environment;

    @Option(names = "--workdir", paramLabel = "DIR",
        description = "An initialised Terraform directory of this environment's stack to use as it is,"
            + " instead of synthesizing into cdktf.out/ and running terraform init.")
    Path workdir;

    String environmentName() {
        return environment.name;
    }

    /** The --workdir as it is, or the environment synthesized into cdktf.out/ and initialised. */
    Path prepare(TerraformCli terraform) throws IOException, InterruptedException {
        if (workdir != null) {
            return workdir;
        }
        EnvironmentConfig env = environment.load();
        Path stackDir = OneEnvironment.synthesize(env).resolve("stacks").resolve(env.name());
        TerraformCli.Result init = terraform.run(stackDir, Duration.ofMinutes(10), Map.of(), "init", "-input=false", "-no-color");
        if (init.exitCode() != 0) {
            throw new IllegalStateException("terraform init failed in " + stackDir + ":\n" + init.combined());
        }
        return stackDir;
    }
}
