package dev.openhands.platform.main.emulator;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.terraform.TerraformCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled closed pilot, in its own account (the emulator answers as 210987654321, so the provider's account
 * guard and the deploy role are exercised), applies with no internet path at all and converges.
 */
@Tag("emulator-apply")
class IsolatedPilotEmulatorTest {

    @Test
    void theIsolatedPilotDeploysWithNoPathToTheInternet() throws Exception {
        EnvironmentConfig isolated = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot-isolated")).get(0);
        assertThat(isolated.aws().accountId()).isEqualTo("210987654321");
        StringWriter progress = new StringWriter();
        AtomicReference<String> state = new AtomicReference<>();
        EmulatorDeployment.Report report = EmulatorDeployment.run(isolated, false, new PrintWriter(progress, true), workspace -> {
            TerraformCli.Result list = workspace.terraform(Duration.ofMinutes(5), "state", "list");
            assertThat(list.exitCode()).as(list.combined()).isZero();
            state.set(list.stdout());
        });
        assertThat(report.destroyed()).isTrue();
        assertThat(progress.toString()).contains("the stack converges").contains("openhands-tfstate-210987654321");
        assertThat(state.get()).contains("aws_instance.").contains("aws_vpc_endpoint.")
            .doesNotContain("aws_nat_gateway").doesNotContain("aws_internet_gateway").doesNotContain("aws_eip")
            .doesNotContain("data.aws_ssm_parameter");
    }
}
