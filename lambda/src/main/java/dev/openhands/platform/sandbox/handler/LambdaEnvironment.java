package dev.openhands.platform.sandbox.handler;

import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import software.amazon.awssdk.regions.Region;

import java.util.function.Function;

/** Builds the orchestrator from the Lambda function's environment; shared by the three handlers. */
final class LambdaEnvironment {

    private LambdaEnvironment() {
    }

    static Orchestrator orchestrator() {
        OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(System.getenv());
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set; Lambda sets it, so this runs outside Lambda");
        }
        return new Orchestrator(settings, AwsClients.forRegion(Region.of(region)), System::currentTimeMillis,
            System.out, Function.identity());
    }
}
