package dev.openhands.platform.modules.egress;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.SandboxContainer;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name         prefix of resource names, e.g. {@code openhands-prod}
 * @param location     the environment's account and region
 * @param network      the VPC: tasks run in its private subnets (whose default route leads to a NAT gateway), and its
 *                     block is where clients come from
 * @param allowedHosts host names clients may reach (a leading {@code .} admits subdomains), see {@link EgressProxyPolicy}
 * @param image        a squid image (squid 5 or later, {@code /bin/sh}, {@code tail}) in this account's ECR in this
 *                     region, by tag or digest
 * @param desiredCount proxy tasks; ECS spreads them over the subnets' zones
 * @param capacity     on demand, or Spot where a short gap in egress while a stopped task is replaced is acceptable
 * @param logs         the access log group's key and retention
 * @param tags         resource tags
 */
public record EgressProxyServiceProps(String name, AwsLocation location, NetworkPlacement network, List<String> allowedHosts,
                                      String image, int desiredCount, FargateCapacity capacity, LogSettings logs, Map<String, String> tags) {

    public static final int MAX_TASKS = 10;

    public EgressProxyServiceProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        allowedHosts = List.copyOf(allowedHosts);
        EgressProxyPolicy.checkHosts(allowedHosts);
        SandboxContainer.mirroredRepositoryArn("proxy image", image, location, "mirror the squid image into the account's ECR");
        if (desiredCount < 1 || desiredCount > MAX_TASKS) {
            throw new IllegalArgumentException("desiredCount " + desiredCount + " is outside 1-" + MAX_TASKS);
        }
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(logs, "logs");
        tags = Map.copyOf(tags);
    }

    /** The image's repository ARN, for the execution role's pull permission. */
    public String repositoryArn() {
        return SandboxContainer.mirroredRepositoryArn("proxy image", image, location, "mirror the squid image into the account's ECR");
    }
}
