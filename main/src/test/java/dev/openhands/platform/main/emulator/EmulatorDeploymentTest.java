package dev.openhands.platform.main.emulator;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled pilot applies for real against moto_server on loopback, a second plan is empty, and it destroys.
 */
class EmulatorDeploymentTest {

    @Test
    void thePilotAppliesConvergesAndDestroys() throws Exception {
        EnvironmentConfig pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        StringWriter progress = new StringWriter();
        EmulatorDeployment.Report report = EmulatorDeployment.run(pilot, false, new PrintWriter(progress, true));
        assertThat(report.resources()).as(progress.toString()).isGreaterThanOrEqualTo(45);
        assertThat(report.destroyed()).isTrue();
        assertThat(progress.toString()).contains("the stack converges").contains("destroyed");
        String override = Files.readString(report.workdir().resolve("cdktf.out/stacks/pilot").resolve(EmulatorOverride.FILE_NAME));
        assertThat(override).contains("127.0.0.1").contains("/openhands-emulator/aws/service/canonical/ubuntu");
        String stack = Files.readString(report.workdir().resolve("cdktf.out/stacks/pilot/cdk.tf.json"));
        assertThat(stack).as("the production stack carries no emulator settings").doesNotContain("127.0.0.1").doesNotContain("emulator");
    }
}
