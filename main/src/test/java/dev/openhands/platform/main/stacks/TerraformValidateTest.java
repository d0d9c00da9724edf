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
    void everySynthesizedStackValidates(@TempDir Path dir) throws Exception {
        TerraformCli terraform = TerraformCli.locate();
        List<EnvironmentConfig> environments = EnvironmentLoader.load(ProjectFiles.environments(), List.of());
        PlatformApp.synthesize(environments, dir.resolve("cdktf.out"));
        List<Path> stacks;
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(dir.resolve("cdktf.out/stacks"))) {
            stacks = list.sorted().toList();
        }
        assertThat(stacks).hasSizeGreaterThan(environments.size());
        for (Path stack : stacks) {
            TerraformCli.Result init = terraform.run(stack, Duration.ofMinutes(5), Map.of(), "init", "-backend=false", "-input=false", "-no-color");
            assertThat(init.exitCode()).as(init.combined()).isZero();
            TerraformCli.Result validate = terraform.run(stack, Duration.ofMinutes(5), Map.of(), "validate", "-no-color");
            assertThat(validate.exitCode()).as(validate.combined()).isZero();
            assertThat(validate.stdout()).contains("Success! The configuration is valid");
            assertThat(validate.combined()).doesNotContain("Warning");
        }
    }
}
