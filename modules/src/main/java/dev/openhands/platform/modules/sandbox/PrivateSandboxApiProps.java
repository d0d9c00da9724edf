package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.Map;
import java.util.Objects;

/**
 * @param name               prefix of resource names
 * @param location           the environment's account and region
 * @param network            the VPC and the subnets of the execute-api endpoint's network interfaces
 * @param orchestrator       the functions whose API alias the API invokes
 * @param logs               the access log group's key and retention
 * @param rateLimitPerSecond steady request rate the stage admits
 * @param burstLimit         burst the stage admits; at least the steady rate
 * @param tags               resource tags
 */
public record PrivateSandboxApiProps(String name, AwsLocation location, NetworkPlacement network,
                                     OrchestratorFunctions orchestrator, LogSettings logs, int rateLimitPerSecond,
                                     int burstLimit, Map<String, String> tags) {

    public PrivateSandboxApiProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(logs, "logs");
        tags = Map.copyOf(tags);
        if (rateLimitPerSecond < 1) {
            throw new IllegalArgumentException("rateLimitPerSecond must be at least 1");
        }
        if (burstLimit < rateLimitPerSecond) {
            throw new IllegalArgumentException("burstLimit " + burstLimit + " is below rateLimitPerSecond " + rateLimitPerSecond
                + ": the burst is the bucket the steady rate refills, so it must be at least as large");
        }
    }
}
