package dev.openhands.platform.main.stacks;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.terraform.TerraformCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Terraform itself, with the real AWS provider, accepts every synthesized stack. */
class TerraformValidateTest {

    @Test
    void everyBundledEnvironmentValidates(@TempDir Path dir) throws Exception {
        TerraformCli terraform = TerraformCli.locate();
        List<EnvironmentConfig> environments = EnvironmentLoader.load(ProjectFiles.environments(), List.of());
        PlatformApp.synthesize(environments, dir.resolve("cdktf.out"));
        for (EnvironmentConfig env : environments) {
            Path stack = dir.resolve("cdktf.out/stacks").resolve(env.name());
            TerraformCli.Result init = terraform.run(stack, Duration.ofMinutes(5), Map.of(), "init", "-backend=false", "-input=false", "-no-color");
            assertThat(init.exitCode()).as(init.combined()).isZero();
            TerraformCli.Result validate = terraform.run(stack, Duration.ofMinutes(5), Map.of(), "validate", "-no-color");
            assertThat(validate.exitCode()).as(validate.combined()).isZero();
            assertThat(validate.stdout()).contains("Success! The configuration is valid");
            assertThat(validate.combined()).doesNotContain("Warning");
        }
    }
}
