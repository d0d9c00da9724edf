package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                   prefix of resource names, e.g. {@code openhands-prod}
 * @param location               the environment's account and region
 * @param network                the VPC: tasks run in its private subnets
 * @param routes                 what the router routes ({@link SandboxRouterConfig#inVpc}); its listen port is the
 *                               target groups' port
 * @param image                  a stock nginx image (1.19.5 or later: {@code nginx -e}; {@code /bin/sh}, {@code printf},
 *                               {@code chmod}) mirrored into this account's ECR in this region, by tag or digest
 * @param tasks                  how many router tasks (ECS spreads them over the subnets' zones; production: 2 or more) on which capacity
 * @param loadBalancers          the load balancers that forward to the router (the public ALB, the internal entry)
 * @param sandboxSecurityGroupId the sandboxes' security group: the router reaches the route ports in it, nothing else
 * @param endpoints              the VPC's endpoints: the tasks pull their image (ECR, S3) and write logs through them
 * @param logs                   the log group's key and retention
 * @param tags                   resource tags
 */
public record SandboxRouterProps(String name, AwsLocation location, NetworkPlacement network, SandboxRouterConfig routes,
                                 String image, Tasks tasks, List<LoadBalancerAttachment> loadBalancers,
                                 String sandboxSecurityGroupId, VpcEndpoints endpoints, LogSettings logs, Map<String, String> tags) {

    public static final int MAX_TASKS = 10;

    public SandboxRouterProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(routes, "routes");
        if (!routes.listenAddress().equals("0.0.0.0")) {
            throw new IllegalArgumentException("routes listen on " + routes.listenAddress() + "; a task must listen on 0.0.0.0 (use SandboxRouterConfig.inVpc)");
        }
        String repository = SandboxContainer.mirroredRepositoryArn("router image", image, location,
            "mirror the stock nginx image into the account's ECR, see docs/sandboxes.md");
        if (!repository.split(":")[4].equals(location.accountId())) {
            throw new IllegalArgumentException("router image '" + image + "' is in account " + repository.split(":")[4]
                + "; mirror it into this environment's account " + location.accountId());
        }
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.count() < 1 || tasks.count() > MAX_TASKS) {
            throw new IllegalArgumentException("desiredCount " + tasks.count() + " is outside 1-" + MAX_TASKS);
        }
        loadBalancers = List.copyOf(loadBalancers);
        if (loadBalancers.isEmpty() || loadBalancers.size() > 5) {
            throw new IllegalArgumentException("name 1 to 5 load balancers (ECS registers a service in at most 5 target groups); got " + loadBalancers.size());
        }
        Objects.requireNonNull(sandboxSecurityGroupId, "sandboxSecurityGroupId");
        if (!sandboxSecurityGroupId.startsWith("sg-") && !sandboxSecurityGroupId.startsWith("${")) {
            throw new IllegalArgumentException("sandboxSecurityGroupId '" + sandboxSecurityGroupId + "' is not a security group id (sg-...) or a reference to one");
        }
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(logs, "logs");
        tags = Map.copyOf(tags);
    }

    /** The image's repository ARN, for the execution role's pull permission. */
    public String repositoryArn() {
        return SandboxContainer.mirroredRepositoryArn("router image", image, location, "mirror the stock nginx image into the account's ECR");
    }

    /** Router tasks: how many, on which Fargate capacity (Spot: a stopped task is replaced; meanwhile the other one serves). */
    public record Tasks(int count, dev.openhands.platform.modules.ecs.FargateCapacity capacity) {
        public Tasks {
            Objects.requireNonNull(capacity, "capacity");
        }
    }
}
