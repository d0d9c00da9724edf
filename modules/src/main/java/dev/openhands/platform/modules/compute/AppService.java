package dev.openhands.platform.modules.compute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicy;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification;
import com.hashicorp.cdktf.providers.aws.appautoscaling_target.AppautoscalingTarget;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolume;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.ecs.Fargate;
import dev.openhands.platform.modules.egress.ProxyClientRules;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.iam.BedrockModelAccess;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.iam.ServiceTrust;
import dev.openhands.platform.modules.iam.TaskExecutionRole;
import dev.openhands.platform.modules.json.StableJson;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.secrets.GeneratedSecret;
import dev.openhands.platform.modules.secrets.GeneratedSecretProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenHands app server as an ECS Fargate service (ARM64) in its own cluster, behind the front door's target group.
 *
 * <p>Its own cluster, not the sandboxes': the orchestrator may stop and run tasks in the sandbox cluster, and must never
 * be able to stop the app. The service replaces tasks beside the running ones and rolls a revision back that never
 * turns healthy (circuit breaker); autoscaling keeps CPU and requests per task near their targets between the
 * configured bounds. The container drops every capability and, where the app allows, has a read-only root file system
 * with {@link #WRITABLE_PATHS} as task volumes.
 *
 * <p>Credentials reach the container only as ECS secrets: {@code JWT_SECRET} is generated here by an ephemeral resource
 * and written through a write-only attribute (never in plan, configuration or state), the others are ARNs the caller
 * passes. The task role may read and write the events bucket's objects, invoke the configured Bedrock models through
 * the VPC endpoint only, and connect to the database proxy as one user; the execution role pulls the one image,
 * writes the one log group and reads the named secrets. The security group admits the app port from the ALB's group
 * only and reaches the interface endpoints it calls and S3; the database, the orchestrator API and the sandboxes are
 * reached through the client groups the caller attaches.
 */
public class AppService extends Construct {

    public static final String CONTAINER_NAME = "app";
    /** The environment variable the shared session-signing key is injected as (all tasks must share it). */
    public static final String JWT_SECRET_VARIABLE = "JWT_SECRET";
    /** Writable task volumes when the root file system is read-only: scratch space and OpenHands' state directory. */
    public static final Map<String, String> WRITABLE_PATHS = new TreeMap<>(Map.of("tmp", "/tmp", "state", "/.openhands"));
    /** The interface endpoints the app calls: image pull, logs, secrets at start, Bedrock. */
    public static final List<String> ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "bedrock-runtime");
    /** Object actions the app needs on the events bucket: it writes, reads, overwrites and deletes events and settings. */
    public static final List<String> EVENTS_OBJECT_ACTIONS = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject");

    private static final String SCALING_NAMESPACE = "ecs";
    private static final String SCALABLE_DIMENSION = "ecs:service:DesiredCount";

    private final EcsCluster cluster;
    private final String clusterName;
    private final EcsService service;
    private final String serviceName;
    private final AppautoscalingTarget scalingTarget;
    private final SecurityGroup securityGroup;
    private final String securityGroupId; // read once: each attribute read is a round trip to Node
    private final String jwtSecretArn;
    private final EncryptedLogGroup logGroup;
    private final IamRole taskRole;

    public AppService(Construct scope, String id, AppServiceProps props) {
        super(scope, id);
        String name = props.name();

        this.logGroup = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps("/openhands/" + name + "/app", props.logs(), props.tags()));

        this.jwtSecretArn = new GeneratedSecret(this, "jwt-secret", GeneratedSecretProps.builder()
            .name(name + "/app-jwt-secret")
            .description("JWT_SECRET shared by every OpenHands app task (signs session cookies and sandbox tokens)")
            .kmsKeyArn(props.settings().secretsKeyArn())
            .generatorName("app_jwt_secret_", name)
            .length(64)
            .tags(props.tags())
            .build()).getArn();

        Map<String, String> secrets = new TreeMap<>(props.settings().secrets());
        secrets.put(JWT_SECRET_VARIABLE, jwtSecretArn);

        IamRole executionRole = TaskExecutionRole.builder(props.location(), "App")
            .roleName(name + "-app-execution")
            .description("Pulls the app image, writes its logs, reads the secrets injected into the app")
            .image(props.repositoryArn())
            .logGroupArn(logGroup.getArn())
            .injectedSecrets(List.copyOf(secrets.values()), props.settings().secretsKeyArn())
            .tags(props.tags())
            .build(this);

        this.taskRole = IamRole.Builder.create(this, "task-role")
            .name(name + "-app-task")
            .description("What the OpenHands app server may do: events bucket objects, the configured Bedrock models, its database user")
            .assumeRolePolicy(ServiceTrust.ecsTasks(props.location()).toJson())
            .tags(props.tags())
            .build();
        IamRolePolicy.Builder.create(this, "task-policy")
            .name("app")
            .role(taskRole.getName())
            .policy(taskPolicy(props).toJson())
            .build();

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(name + "-app")
            .description("OpenHands app tasks: HTTPS to its endpoints and S3 (the load balancer's owner admits it on the app port)")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), name + "-app"))
            .build();
        this.securityGroupId = securityGroup.getId();
        int port = props.container().port();
        new EndpointAccess(this, "https-to-endpoints", new EndpointAccessProps("app", securityGroupId,
            props.endpoints().interfaceEndpoints(ENDPOINT_SERVICES)));
        VpcSecurityGroupEgressRule.Builder.create(this, "https-to-s3")
            .securityGroupId(securityGroupId).prefixListId(props.endpoints().getS3PrefixListId())
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .description("Events bucket and image layers through the S3 gateway endpoint").build();
        props.settings().egressProxy().ifPresent(proxy ->
            ProxyClientRules.admit(this, proxy, securityGroupId, "app", "App tasks (the ALB's signing keys)"));

        this.cluster = Fargate.cluster(this, name + "-app", props.tags());
        this.clusterName = cluster.getName();
        List<EcsTaskDefinitionVolume> volumes = props.container().readonlyRootFilesystem()
            ? WRITABLE_PATHS.keySet().stream().map(v -> EcsTaskDefinitionVolume.builder().name(v).build()).toList()
            : List.of();
        EcsTaskDefinition task = Fargate.armTask(this, "task", name + "-app", props.container().cpu(), props.container().memoryMib())
            .executionRoleArn(executionRole.getArn())
            .taskRoleArn(taskRole.getArn())
            .containerDefinitions(containerDefinitions(props, secrets, logGroup))
            .volume(volumes)
            .tags(props.tags())
            .build();

        List<String> groups = new ArrayList<>();
        groups.add(securityGroupId);
        // The load balancer's owner admits it on the app port in this group: one rule, not one per side.
        groups.add(props.loadBalancer().ingressSecurityGroupId());
        groups.addAll(props.settings().securityGroupIds());
        this.service = Fargate.spreadOverZones(Fargate.service(this, name + "-app", cluster, task, props.scaling().minTasks(),
                props.scaling().capacity(), props.network(), groups)
            .loadBalancer(List.of(EcsServiceLoadBalancer.builder()
                .targetGroupArn(props.loadBalancer().targetGroupArn())
                .containerName(CONTAINER_NAME)
                .containerPort(port)
                .build()))
            // The app imports OpenHands and opens its database pool before /health answers.
            .healthCheckGracePeriodSeconds(120)
            .enableExecuteCommand(props.settings().ecsExec())
            .tags(props.tags())
            // Autoscaling owns the running count; Terraform sets only the first one.
            .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("desired_count")).build()));
        this.serviceName = service.getName();

        String resourceId = "service/" + clusterName + "/" + serviceName;
        this.scalingTarget = AppautoscalingTarget.Builder.create(this, "scaling-target")
            .serviceNamespace(SCALING_NAMESPACE)
            .resourceId(resourceId)
            .scalableDimension(SCALABLE_DIMENSION)
            .minCapacity(props.scaling().minTasks())
            .maxCapacity(props.scaling().maxTasks())
            .build();
        AppautoscalingTarget target = scalingTarget;
        scalingPolicy("scale-on-cpu", name + "-app-cpu", target, resourceId, "ECSServiceAverageCPUUtilization", null,
            props.scaling().targetCpuPercent());
        scalingPolicy("scale-on-requests", name + "-app-requests", target, resourceId, "ALBRequestCountPerTarget",
            props.loadBalancer().loadBalancerArnSuffix() + "/" + props.loadBalancer().targetGroupArnSuffix(), props.scaling().requestsPerTarget());
    }

    private void scalingPolicy(String id, String policyName, AppautoscalingTarget target, String resourceId, String metric, String resourceLabel,
                               int value) {
        var metricSpec = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification.builder()
            .predefinedMetricType(metric);
        if (resourceLabel != null) {
            metricSpec.resourceLabel(resourceLabel);
        }
        // The target's values spelled out, the target a dependency: a policy needs its target registered first.
        AppautoscalingPolicy.Builder.create(this, id)
            .name(policyName)
            .policyType("TargetTrackingScaling")
            .serviceNamespace(SCALING_NAMESPACE)
            .resourceId(resourceId)
            .scalableDimension(SCALABLE_DIMENSION)
            .dependsOn(List.of(target))
            .targetTrackingScalingPolicyConfiguration(AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration.builder()
                .predefinedMetricSpecification(metricSpec.build())
                .targetValue(value)
                // Add tasks quickly, remove them slowly: a conversation's websocket lives on one task.
                .scaleOutCooldown(60)
                .scaleInCooldown(300)
                .build())
            .build();
    }

    static PolicyDocument taskPolicy(AppServiceProps props) {
        String region = props.location().region();
        AppServiceProps.Access access = props.access();
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("EventsObjects", EVENTS_OBJECT_ACTIONS, List.of(access.eventsBucketArn() + "/*")));
        statements.add(Statement.allow("ListEvents", List.of("s3:ListBucket"), List.of(access.eventsBucketArn())));
        statements.add(Statement.allow("EventsKeyThroughS3", List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(access.eventsKeyArn()))
            .withCondition("StringEquals", "kms:ViaService", List.of("s3." + region + "." + AwsPartition.dnsSuffix(region))));
        statements.add(BedrockModelAccess.invokeStatement(access.bedrockModelArns()));
        statements.add(Statement.allow("ConnectToTheDatabase", List.of("rds-db:connect"), List.of(access.databaseConnectArn())));
        if (props.settings().ecsExec()) {
            // ECS Exec's channel: Session Manager's message actions have no resource type.
            statements.add(Statement.allow("EcsExecChannel", List.of("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), List.of("*")));
        }
        statements.addAll(BedrockModelAccess.onlyThroughEndpoint(props.location().partition(),
            props.endpoints().interfaceEndpoint("bedrock-runtime").endpointId()));
        return new PolicyDocument(statements);
    }

    private static String containerDefinitions(AppServiceProps props, Map<String, String> secrets, EncryptedLogGroup logGroup) {
        ArrayNode definitions = JsonNodeFactory.instance.arrayNode();
        ObjectNode app = definitions.addObject();
        app.put("name", CONTAINER_NAME);
        app.put("image", props.container().image());
        app.put("essential", true);
        app.put("memory", props.container().memoryMib());
        ArrayNode command = app.putArray("command");
        props.container().command().forEach(command::add);
        app.putArray("portMappings").addObject().put("containerPort", props.container().port())
            .put("hostPort", props.container().port()).put("protocol", "tcp");
        ArrayNode environment = app.putArray("environment");
        props.settings().environment().forEach((k, v) -> environment.addObject().put("name", k).put("value", v));
        ArrayNode secretRefs = app.putArray("secrets");
        secrets.forEach((k, arn) -> secretRefs.addObject().put("name", k).put("valueFrom", arn));
        app.put("readonlyRootFilesystem", props.container().readonlyRootFilesystem());
        if (props.container().readonlyRootFilesystem()) {
            ArrayNode mounts = app.putArray("mountPoints");
            WRITABLE_PATHS.forEach((volume, path) -> mounts.addObject().put("sourceVolume", volume).put("containerPath", path).put("readOnly", false));
        }
        app.put("privileged", false);
        ObjectNode linux = app.putObject("linuxParameters");
        linux.put("initProcessEnabled", true);
        // A web server on an unprivileged port needs no capability at all.
        linux.putObject("capabilities").putArray("drop").add("ALL");
        logGroup.writeLogConfiguration(app, props.location().region(), "app");
        return StableJson.write(definitions);
    }

    /** The service's scalable target: what scheduled actions and policies act on, after it is registered. */
    public AppautoscalingTarget getScalingTarget() {
        return scalingTarget;
    }

    public String getClusterName() {
        return clusterName;
    }

    public String getServiceName() {
        return serviceName;
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    public String getJwtSecretArn() {
        return jwtSecretArn;
    }

    public String getLogGroupName() {
        return logGroup.getName();
    }

    public String getTaskRoleArn() {
        return taskRole.getArn();
    }
}
