package dev.openhands.platform.sandbox.launch;

import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.config.OrchestratorSettingsTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where RunTask places a sandbox. moto 5.2 treats a RunTask without a launch type as EC2 and starts nothing without
 * container instances, so the Spot request is checked as built rather than run in the emulator.
 */
class SandboxPlacementTest {

    @Test
    void spotAsksForTheClustersSpotCapacityProviderAndNoLaunchType() {
        RunTaskRequest spot = SandboxTasks.placement(RunTaskRequest.builder(), "FARGATE_SPOT").build();
        assertThat(spot.launchType()).isNull();
        assertThat(spot.capacityProviderStrategy()).singleElement().satisfies(item -> {
            assertThat(item.capacityProvider()).isEqualTo("FARGATE_SPOT");
            assertThat(item.weight()).isEqualTo(1);
        });
        RunTaskRequest onDemand = SandboxTasks.placement(RunTaskRequest.builder(), "FARGATE").build();
        assertThat(onDemand.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(onDemand.capacityProviderStrategy()).isEmpty();
    }

    @Test
    void theCapacityProviderDefaultsToOnDemandAndRefusesAnythingElse() {
        Map<String, String> env = OrchestratorSettingsTest.valid();
        assertThat(OrchestratorSettings.fromEnvironment(env).capacityProvider()).isEqualTo("FARGATE");
        env.put("CAPACITY_PROVIDER", "FARGATE_SPOT");
        assertThat(OrchestratorSettings.fromEnvironment(env).capacityProvider()).isEqualTo("FARGATE_SPOT");
        env.put("CAPACITY_PROVIDER", "SPOT");
        assertThatThrownBy(() -> OrchestratorSettings.fromEnvironment(env))
            .hasMessageContaining("CAPACITY_PROVIDER").hasMessageContaining("FARGATE_SPOT");
    }
}
