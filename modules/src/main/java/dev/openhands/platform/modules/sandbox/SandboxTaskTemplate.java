package dev.openhands.platform.modules.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolume;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolumeEfsVolumeConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.ecs.Fargate;
import dev.openhands.platform.modules.egress.ProxyClientRules;
import dev.openhands.platform.modules.iam.BedrockModelAccess;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.iam.ServiceTrust;
import dev.openhands.platform.modules.iam.TaskExecutionRole;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * What every sandbox task is cloned from: the template task definition (ARM64 Fargate, the agent container, the
 * workspace volume with EFS IAM authorization and TLS), its execution and task roles, its log group and the
 * sandbox security group.
 *
 * <p>The orchestrator registers each sandbox as a revision of {@link #getRuntimeFamily()} with the conversation's
 * access point; only that family may be run. The task role may mount the workspaces only through an access point,
 * and Fargate mounts exactly the one the revision names (a container cannot mount file systems itself), so a
 * sandbox sees only its own workspace. The security group admits the agent port only from the caller group (the
 * orchestrator and the app server) and not from other sandboxes, and reaches only the interface endpoints a sandbox
 * calls ({@link #ENDPOINT_SERVICES}). The task role's Bedrock and extra permissions hold only inside the VPC.
 */
public class SandboxTaskTemplate extends Construct {

    public static final String CONTAINER_NAME = "agent";
    /** The container's entry point: runs the command as written (see containerDefinitions). */
    public static final List<String> ENTRY_POINT = List.of("/usr/bin/env", "--");
    public static final String WORKSPACE_VOLUME = "workspace";
    public static final String WORKSPACE_PATH = "/workspace";

    /** Denied to the sandbox whatever the extra statements grant: the agent must never widen its own reach. */
    public static final List<String> ALWAYS_DENIED = List.of(
        "iam:Add*", "iam:Attach*", "iam:Change*", "iam:Create*", "iam:Deactivate*", "iam:Delete*", "iam:Detach*",
        "iam:Enable*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Reset*", "iam:Set*", "iam:Tag*", "iam:Untag*",
        "iam:Update*", "iam:Upload*",
        "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken",
        "organizations:*", "account:*",
        "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DeleteAlias", "kms:DeleteImportedKeyMaterial");

    /**
     * The interface endpoints a sandbox task calls, and the only ones its group may reach: ECR and logs for the image
     * pull and the log driver, Secrets Manager for the session key the execution role fetches at container start
     * (Fargate makes those calls through the task's own network interface), Bedrock for the agent. ECS, EFS's API and
     * X-Ray are the orchestrator's and stay out of a sandbox's reach; the task role itself may read no secret.
     */
    public static final List<String> ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "bedrock-runtime");


    private final EcsTaskDefinition template;
    private final IamRole executionRole;
    private final String executionRoleName;
    private final String executionRoleArn;
    private final IamRole taskRole;
    private final String taskRoleArn;
    private final SecurityGroup securityGroup;
    private final String securityGroupId; // read once: each attribute read is a round trip to Node
    private final SecurityGroup callerGroup;
    private final String callerGroupId;
    private final EncryptedLogGroup logGroup;
    private final String runtimeFamily;
    private final SandboxContainer container;

    public SandboxTaskTemplate(Construct scope, String id, SandboxTaskTemplateProps props) {
        super(scope, id);
        String partition = props.location().partition();
        this.runtimeFamily = props.name() + "-sandbox";
        this.container = props.container();

        this.logGroup = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps(
            "/openhands/" + props.name() + "/sandboxes", props.logs(), props.tags()));

        this.executionRole = TaskExecutionRole.builder(props.location(), "Sandbox")
            .roleName(props.name() + "-sandbox-execution")
            .description("Pulls the sandbox image and writes its logs")
            .images(props.repositoryArns())
            .logGroupArn(logGroup.getArn())
            .tags(props.tags())
            .build(this);
        this.executionRoleName = executionRole.getName();
        this.executionRoleArn = executionRole.getArn();

        this.taskRole = IamRole.Builder.create(this, "task-role")
            .name(taskRoleName(props.name()))
            .description("What the agent inside a sandbox may do: invoke the configured Bedrock models, mount its workspace")
            .assumeRolePolicy(ServiceTrust.ecsTasks(props.location()).toJson())
            .tags(props.tags())
            .build();
        this.taskRoleArn = taskRole.getArn();
        IamRolePolicy.Builder.create(this, "task-policy")
            .name("agent")
            .role(taskRole.getName())
            .policy(taskPolicy(props, partition).toJson())
            .build();

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-sandbox")
            .description("Sandbox tasks: agent port from callers only, never from other sandboxes")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-sandbox"))
            .build();
        this.securityGroupId = securityGroup.getId();
        this.callerGroup = SecurityGroup.Builder.create(this, "caller-sg")
            .name(props.name() + "-sandbox-caller")
            .description("Attach to what may call the agent servers (orchestrator, app server)")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-sandbox-caller"))
            .build();
        this.callerGroupId = callerGroup.getId();
        VpcSecurityGroupIngressRule.Builder.create(this, "agent-from-callers")
            .securityGroupId(securityGroupId).referencedSecurityGroupId(callerGroupId)
            .ipProtocol("tcp").fromPort(props.container().agentPort()).toPort(props.container().agentPort())
            .description("Agent server from the orchestrator and the app server").build();
        VpcSecurityGroupEgressRule.Builder.create(this, "caller-to-agent")
            .securityGroupId(callerGroupId).referencedSecurityGroupId(securityGroupId)
            .ipProtocol("tcp").fromPort(props.container().agentPort()).toPort(props.container().agentPort())
            .description("Calls to the agent servers").build();
        new EndpointAccess(this, "https-to-endpoints", new EndpointAccessProps("sandboxes", securityGroupId,
            props.endpoints().interfaceEndpoints(ENDPOINT_SERVICES)));
        VpcSecurityGroupEgressRule.Builder.create(this, "https-to-s3")
            .securityGroupId(securityGroupId).prefixListId(props.endpoints().getS3PrefixListId())
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .description("Image layers from S3 through the gateway endpoint").build();
        // No route to the internet of their own: with an allow-list, sandboxes reach it only through the egress proxy.
        props.egressProxy().ifPresent(settings ->
            ProxyClientRules.admit(this, settings.proxy(), securityGroupId, "sandboxes", "Sandbox tasks"));

        this.template = Fargate.armTask(this, "template", props.name() + "-sandbox-template", props.container().cpu(),
                props.container().memoryMib())
            .executionRoleArn(executionRoleArn)
            .taskRoleArn(taskRoleArn)
            .containerDefinitions(containerDefinitions(props, logGroup))
            .volume(List.of(EcsTaskDefinitionVolume.builder()
                .name(WORKSPACE_VOLUME)
                .efsVolumeConfiguration(EcsTaskDefinitionVolumeEfsVolumeConfiguration.builder()
                    .fileSystemId(props.workspaces().getFileSystemId())
                    .transitEncryption("ENABLED")
                    .authorizationConfig(EcsTaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfig.builder().iam("ENABLED").build())
                    .build())
                .build()))
            .tags(props.tags())
            .build();
    }

    static PolicyDocument taskPolicy(SandboxTaskTemplateProps props, String partition) {
        List<Statement> statements = new ArrayList<>();
        statements.add(BedrockModelAccess.invokeStatement(props.bedrockModelArns()));
        statements.add(Statement.allow("MountOwnWorkspaceThroughAnAccessPoint",
                List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"), List.of(props.workspaces().getFileSystemArn()))
            .withCondition("ArnLike", "elasticfilesystem:AccessPointArn",
                List.of(props.location().arn("elasticfilesystem", "access-point/*")))
            .withCondition("Bool", "elasticfilesystem:AccessedViaMountTarget", List.of("true")));
        statements.addAll(props.extraTaskStatements());
        statements.add(Statement.deny("NeverWidenOwnReach", ALWAYS_DENIED, List.of("*")));
        // Credentials copied out of a sandbox must be worth nothing elsewhere: Bedrock only through this VPC's endpoint.
        statements.addAll(BedrockModelAccess.onlyThroughEndpoint(partition,
            props.endpoints().interfaceEndpoint("bedrock-runtime").endpointId()));
        List<String> extraActions = props.extraTaskStatements().stream()
            .filter(s -> s.effect().equals("Allow"))
            .flatMap(s -> s.actions().stream())
            // Workspace mounts go through EFS mount targets, which are no endpoint: a VPC condition would refuse them.
            .filter(action -> !action.startsWith("elasticfilesystem:Client"))
            .distinct()
            .toList();
        if (!extraActions.isEmpty()) {
            // Any endpoint of this VPC (interface or gateway) sets aws:SourceVpc; calls AWS services make on the
            // sandbox's behalf (S3 asking KMS to decrypt) carry no VPC and are left alone.
            statements.add(Statement.deny("ExtraPermissionsOnlyInsideTheVpc", extraActions, List.of("*"))
                .withCondition("StringNotEquals", "aws:SourceVpc", List.of(props.network().getVpcId()))
                .withCondition("BoolIfExists", "aws:ViaAWSService", List.of("false")));
        }
        return new PolicyDocument(statements);
    }

    private static String containerDefinitions(SandboxTaskTemplateProps props, EncryptedLogGroup logGroup) {
        ArrayNode definitions = JsonNodeFactory.instance.arrayNode();
        ObjectNode agent = definitions.addObject();
        agent.put("name", CONTAINER_NAME);
        agent.put("image", props.container().images().get(0));
        agent.put("essential", true);
        // The task's whole memory as the container's hard limit: one container, and some ECS implementations want one.
        agent.put("memory", props.container().memoryMib());
        agent.put("user", props.container().runAsUser());
        agent.put("workingDirectory", WORKSPACE_PATH);
        props.egressProxy().ifPresent(settings -> {
            ArrayNode environment = agent.putArray("environment");
            settings.environment().forEach((name, value) -> environment.addObject().put("name", name).put("value", value));
        });
        // OpenHands' V1 sandbox spec names the program as the command, Kubernetes-style (where a command replaces the
        // image's entrypoint); ECS appends a command to the image's ENTRYPOINT instead, and the stock image's
        // ENTRYPOINT is that same program, which then refuses its own path as an argument. An entry point of
        // `env --` runs the command exactly as written on every image (stock, derived), whatever its ENTRYPOINT; not
        // tini: the agent server OpenHands 0.62.0 names (d5995c3) has none (added to the sdk's image in 2026), and
        // initProcessEnabled below reaps zombies on every image.
        ENTRY_POINT.forEach(agent.putArray("entryPoint")::add);
        agent.putArray("command").add("/usr/local/bin/openhands-agent-server").add("--port").add(Integer.toString(props.container().agentPort()));
        agent.putArray("portMappings").addObject().put("containerPort", props.container().agentPort())
            .put("hostPort", props.container().agentPort()).put("protocol", "tcp");
        agent.putArray("mountPoints").addObject().put("sourceVolume", WORKSPACE_VOLUME).put("containerPath", WORKSPACE_PATH)
            .put("readOnly", false);
        // The agent installs packages and writes caches all over its file system: a read-only root would break it.
        agent.put("readonlyRootFilesystem", false);
        agent.put("privileged", false);
        agent.putObject("linuxParameters").put("initProcessEnabled", true);
        logGroup.writeLogConfiguration(agent, props.location().region(), "sandbox");
        return StableJson.write(definitions);
    }

    public String getTemplateArn() {
        return template.getArn();
    }

    /** The family the orchestrator registers per-sandbox revisions in; the only one it may run. */
    public String getRuntimeFamily() {
        return runtimeFamily;
    }

    /** For policies granted elsewhere (the session key secrets the orchestrator writes). */
    public String getExecutionRoleName() {
        return executionRoleName;
    }

    public String getExecutionRoleArn() {
        return executionRoleArn;
    }

    public String getTaskRoleArn() {
        return taskRoleArn;
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    /** Attach to whatever calls the agent servers. */
    public String getCallerSecurityGroupId() {
        return callerGroupId;
    }

    public String getLogGroupName() {
        return logGroup.getName();
    }

    /** What the template's container runs; per-sandbox revisions may pick another of its images. */
    public SandboxContainer getContainer() {
        return container;
    }

    /** The name of the role the agent inside a sandbox runs as (it calls Bedrock), for operators' tools. */
    public static String taskRoleName(String name) {
        return name + "-sandbox-task";
    }
}
