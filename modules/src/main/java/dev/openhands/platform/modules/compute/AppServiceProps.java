package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import dev.openhands.platform.modules.egress.ForwardProxy;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.SandboxContainer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * @param name         prefix of resource names, e.g. {@code openhands-prod}
 * @param location     the environment's account and region
 * @param network      the VPC and its private subnets (the tasks get no public address)
 * @param endpoints    the VPC's endpoints: the interface endpoints the task calls ({@link AppService#ENDPOINT_SERVICES}) and the
 *                     S3 gateway (events and image layers)
 * @param container    image, command, size and file system of the app container
 * @param scaling      task counts and autoscaling targets
 * @param loadBalancer the front door's target group and the group (the front door's) that admits the ALB on the app port
 * @param access       what the task role may touch: the events bucket, the Bedrock models, the database user
 * @param settings     the container's environment and secrets, the groups attached besides its own, ECS Exec
 * @param logs         the app log group's key and retention
 * @param tags         resource tags
 */
public record AppServiceProps(String name, AwsLocation location, NetworkPlacement network, VpcEndpoints endpoints, Container container,
                              Scaling scaling, LoadBalancer loadBalancer, Access access, Settings settings, LogSettings logs,
                              Map<String, String> tags) {

    /** Variable names that carry credentials: these go through {@code secrets}, never plain text. */
    public static final Pattern SECRET_LOOKING = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL).*");

    public AppServiceProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(logs, "logs");
        tags = Map.copyOf(tags);
        Matcher m = SandboxContainer.ECR_IMAGE.matcher(container.image());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + container.image() + "' is not a private ECR image reference with a tag or digest");
        }
        if (!m.group(2).equals(location.region())) {
            throw new IllegalArgumentException("'" + container.image() + "' is in " + m.group(2) + "; app tasks pull through the VPC's ECR endpoints in "
                + location.region());
        }
        if (access.bedrockModelArns().isEmpty()) {
            throw new IllegalArgumentException("the app server needs at least one Bedrock model to invoke");
        }
    }

    /** The repository ARN of the image, for the execution role's pull permission. */
    public String repositoryArn() {
        Matcher m = SandboxContainer.ECR_IMAGE.matcher(container.image());
        if (!m.matches()) {
            throw new IllegalStateException(container.image());
        }
        return "arn:" + location.partition() + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3);
    }

    /**
     * @param environment      plain environment variables (nothing secret: names that look like credentials are refused)
     * @param secrets          environment variable name to Secrets Manager secret ARN, injected by ECS at start
     * @param secretsKeyArn    the KMS key the secrets are encrypted with (the execution role decrypts through Secrets Manager only)
     * @param securityGroupIds groups attached besides the app's own (database proxy client, orchestrator API client, sandbox caller)
     * @param egressProxy      the forward proxy the tasks may reach (the ALB's signing keys are on the internet and the
     *                         tasks' subnets have no route there); the caller puts its URL into {@code environment}
     * @param ecsExec          ECS Exec into the tasks (debugging only)
     */
    public record Settings(Map<String, String> environment, Map<String, String> secrets, String secretsKeyArn, List<String> securityGroupIds,
                           Optional<ForwardProxy> egressProxy, boolean ecsExec) {
        public Settings {
            Objects.requireNonNull(secretsKeyArn, "secretsKeyArn");
            Objects.requireNonNull(egressProxy, "egressProxy");
            // Sorted: the container definition must be the same bytes for the same input.
            environment = new TreeMap<>(environment);
            secrets = new TreeMap<>(secrets);
            securityGroupIds = List.copyOf(securityGroupIds);
            for (String variable : environment.keySet()) {
                if (SECRET_LOOKING.matcher(variable).matches()) {
                    throw new IllegalArgumentException("environment variable " + variable + " looks like a credential; pass it in secrets (a Secrets Manager ARN)");
                }
                if (secrets.containsKey(variable)) {
                    throw new IllegalArgumentException(variable + " is both a plain variable and a secret");
                }
            }
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (!secret.getValue().startsWith("${") && !secret.getValue().matches("^arn:aws[a-z-]*:secretsmanager:.+")) {
                    throw new IllegalArgumentException("secret " + secret.getKey() + " must be a Secrets Manager ARN, not " + secret.getValue());
                }
            }
        }
    }

    /**
     * @param image        private ECR reference with tag or digest
     * @param command      the container command (the plugin's ASGI entry)
     * @param port         the port the app listens on and the target group forwards to
     * @param cpu          Fargate CPU units
     * @param memoryMib    memory in MiB, a Fargate combination with cpu
     * @param readonlyRootFilesystem root file system read-only; {@link AppService#WRITABLE_PATHS} are task volumes
     */
    public record Container(String image, List<String> command, int port, int cpu, int memoryMib, boolean readonlyRootFilesystem) {
        public Container {
            Objects.requireNonNull(image, "image");
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the app container needs a command (the plugin's ASGI entry)");
            }
            if (port < 1024 || port > 65535) {
                throw new IllegalArgumentException("app port " + port + " must be 1024-65535 (the container drops every capability)");
            }
            if (!SandboxContainer.fitsFargate(cpu, memoryMib)) {
                throw new IllegalArgumentException(cpu + " CPU units with " + memoryMib + " MiB is not a Fargate size");
            }
        }
    }

    /**
     * @param minTasks          fewest tasks (the service starts with this many)
     * @param maxTasks          most tasks autoscaling may run
     * @param targetCpuPercent  average CPU the CPU policy keeps
     * @param requestsPerTarget ALB requests per task per minute the request policy keeps
     * @param capacity          the Fargate capacity tasks run on (Spot: a stopped task is replaced; its websockets reconnect)
     */
    public record Scaling(int minTasks, int maxTasks, int targetCpuPercent, int requestsPerTarget, FargateCapacity capacity) {
        public Scaling {
            java.util.Objects.requireNonNull(capacity, "capacity");
            if (minTasks < 1 || maxTasks < minTasks) {
                throw new IllegalArgumentException("tasks must satisfy 1 <= minTasks (" + minTasks + ") <= maxTasks (" + maxTasks + ")");
            }
            if (targetCpuPercent < 10 || targetCpuPercent > 90) {
                throw new IllegalArgumentException("targetCpuPercent " + targetCpuPercent + " must be 10-90");
            }
            if (requestsPerTarget < 1) {
                throw new IllegalArgumentException("requestsPerTarget must be positive");
            }
        }
    }

    /**
     * @param targetGroupArn          the app target group (ip targets, the app port, health on the unauthenticated route)
     * @param targetGroupArnSuffix    its {@code targetgroup/<name>/<id>} (request-count scaling)
     * @param loadBalancerArnSuffix   the ALB's {@code app/<name>/<id>}
     * @param ingressSecurityGroupId  the load balancer owner's group that admits the ALB (and only it) on the app port; the
     *                                tasks wear it, and the service adds no rule of its own
     */
    public record LoadBalancer(String targetGroupArn, String targetGroupArnSuffix, String loadBalancerArnSuffix,
                               String ingressSecurityGroupId) {
        public LoadBalancer {
            Objects.requireNonNull(targetGroupArn, "targetGroupArn");
            Objects.requireNonNull(targetGroupArnSuffix, "targetGroupArnSuffix");
            Objects.requireNonNull(loadBalancerArnSuffix, "loadBalancerArnSuffix");
            Objects.requireNonNull(ingressSecurityGroupId, "ingressSecurityGroupId");
        }
    }

    /**
     * @param eventsBucketArn   the events bucket (conversation events, settings): its objects, listing it
     * @param eventsKeyArn      the bucket's KMS key, used only through S3
     * @param bedrockModelArns  exact model and profile ARNs the app may invoke (through the VPC endpoint only)
     * @param databaseConnectArn the {@code rds-db:connect} ARN of the proxy's database user
     */
    public record Access(String eventsBucketArn, String eventsKeyArn, List<String> bedrockModelArns, String databaseConnectArn) {
        public Access {
            Objects.requireNonNull(eventsBucketArn, "eventsBucketArn");
            Objects.requireNonNull(eventsKeyArn, "eventsKeyArn");
            Objects.requireNonNull(databaseConnectArn, "databaseConnectArn");
            bedrockModelArns = List.copyOf(bedrockModelArns);
        }
    }
}
