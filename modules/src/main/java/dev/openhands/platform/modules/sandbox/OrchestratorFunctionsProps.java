package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.Map;
import java.util.Objects;

/**
 * @param name            prefix of resource names, e.g. {@code openhands-prod}
 * @param environmentName the environment (a metric dimension and a tag condition)
 * @param location        the environment's account and region
 * @param artifact        the handlers' deployment package
 * @param network         the VPC; the functions and the sandbox tasks run in its private subnets
 * @param endpoints       the VPC's endpoints: the DynamoDB gateway (the registry) and the interface endpoints the
 *                        functions call (ECS, EFS, Secrets Manager, X-Ray)
 * @param sandboxes       the registry, cluster, template and workspace file system the functions drive
 * @param dataKey         key of the API key secret, the dead-letter queue and the functions' environment
 * @param logs            the functions' log groups' key and retention
 * @param settings        idle timeout, orphan grace period and warm pool
 * @param tags            resource tags
 */
public record OrchestratorFunctionsProps(String name, String environmentName, AwsLocation location, LambdaArtifact artifact,
                                         NetworkPlacement network, VpcEndpoints endpoints, SandboxResources sandboxes,
                                         EncryptionKey dataKey, LogSettings logs, OrchestratorSettings settings,
                                         Map<String, String> tags) {

    public OrchestratorFunctionsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environmentName, "environmentName");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(sandboxes, "sandboxes");
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(settings, "settings");
        tags = Map.copyOf(tags);
        if (network.getPrivateSubnetIds().isEmpty()) {
            throw new IllegalArgumentException("the functions need at least one private subnet");
        }
    }
}
