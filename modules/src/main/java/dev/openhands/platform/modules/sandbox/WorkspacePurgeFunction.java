package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.efs_access_point.EfsAccessPoint;
import com.hashicorp.cdktf.providers.aws.efs_access_point.EfsAccessPointPosixUser;
import com.hashicorp.cdktf.providers.aws.efs_access_point.EfsAccessPointRootDirectory;
import com.hashicorp.cdktf.providers.aws.efs_access_point.EfsAccessPointRootDirectoryCreationInfo;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionFileSystemConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionVpcConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.events.FunctionTrigger;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The purge: a function that mounts the workspace root and removes the directories of conversations the registry
 * no longer has (deleted, or forgotten once stopped past their retention), every {@value #SCHEDULE}.
 *
 * <p>Why a Lambda function with a root access point, not an ECS task: it is one more function from the same jar, on
 * a schedule, billed for seconds a run; a one-off task would need its own image, task definition and a launcher. Why
 * root: each workspace belongs to its own uid with mode 0700, so only root can remove them. It is the only principal
 * with root on the file system ({@code ClientRootAccess}, only through this access point), it runs nothing a sandbox
 * controls, and it may read the registry and nothing else. Its own role, not the orchestrator's: the orchestrator never
 * gets root on the workspaces, the purge never gets ECS, EFS management or Route 53.
 */
public class WorkspacePurgeFunction extends Construct {

    public static final String HANDLER = "dev.openhands.platform.sandbox.handler.PurgeHandler::handleRequest";
    public static final String SCHEDULE = "rate(15 minutes)";
    /** Lambda mounts file systems under /mnt. */
    public static final String MOUNT_PATH = "/mnt/workspaces";

    private final LambdaFunction function;
    private final EfsAccessPoint accessPoint;
    private final String accessPointArn;

    public WorkspacePurgeFunction(Construct scope, String id, OrchestratorFunctionsProps props, Map<String, String> orchestratorEnvironment) {
        super(scope, id);
        String functionName = props.name() + "-sandbox-purge";
        this.accessPoint = EfsAccessPoint.Builder.create(this, "root")
            .fileSystemId(props.sandboxes().workspaces().getFileSystemId())
            .posixUser(EfsAccessPointPosixUser.builder().uid(0).gid(0).build())
            .rootDirectory(EfsAccessPointRootDirectory.builder().path(OrchestratorFunctions.WORKSPACE_ROOT)
                .creationInfo(EfsAccessPointRootDirectoryCreationInfo.builder().ownerUid(0).ownerGid(0).permissions("0755").build()).build())
            // No openhands:environment tag: the orchestrator may delete access points with that tag, never this one.
            .tags(PrivateNetwork.named(props.tags(), functionName))
            .build();
        this.accessPointArn = accessPoint.getArn();

        SecurityGroup group = SecurityGroup.Builder.create(this, "sg")
            .name(functionName)
            .description("Workspace purge: no inbound; DynamoDB through its gateway, NFS through the workspaces' client group")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), functionName))
            .build();
        String groupId = group.getId();
        VpcSecurityGroupEgressRule.Builder.create(this, "https-to-dynamodb")
            .securityGroupId(groupId).prefixListId(props.endpoints().getDynamoDbPrefixListId()).ipProtocol("tcp").fromPort(443).toPort(443)
            .description("DynamoDB through the gateway endpoint").build();

        EncryptedLogGroup logs = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps("/aws/lambda/" + functionName,
            props.logs(), props.tags()));
        IamRole role = OrchestratorFunctions.lambdaRole(this, functionName,
            "Workspace purge: reads the registry, removes unreferenced workspace directories as root", props);
        IamRolePolicy.Builder.create(this, "role-policy")
            .name("purge-workspaces")
            .role(role.getName())
            .policy(rolePolicy(props, accessPointArn, logs.getArn() + ":*", groupId).toJson())
            .build();

        Map<String, String> environment = new TreeMap<>(orchestratorEnvironment);
        environment.put("PURGE_MOUNT_PATH", MOUNT_PATH);
        String code = props.artifact().codeIn(this);
        // No SnapStart: Lambda does not offer it to functions with a file system.
        this.function = props.artifact().javaFunction(this, "function", code, HANDLER)
            .functionName(functionName)
            .description("OpenHands sandbox orchestrator: purge of unreferenced workspace directories")
            .role(role.getArn())
            .memorySize(1024)
            .timeout(900)
            .reservedConcurrentExecutions(1)
            .tracingConfig(OrchestratorFunctions.tracingConfig(props.settings(), true))
            .kmsKeyArn(props.dataKey().getArn())
            .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
            .vpcConfig(LambdaFunctionVpcConfig.builder().subnetIds(props.network().getPrivateSubnetIds())
                .securityGroupIds(List.of(groupId, props.sandboxes().workspaces().getClientSecurityGroupId())).build())
            .fileSystemConfig(LambdaFunctionFileSystemConfig.builder().arn(accessPointArn).localMountPath(MOUNT_PATH).build())
            .dependsOn(props.sandboxes().workspaces().mountTargets())
            .tags(props.tags())
            .build();

        CloudwatchEventRule schedule = FunctionTrigger.schedule(this, "", functionName,
            "Removes workspace directories no conversation will mount again", SCHEDULE, props.tags());
        FunctionTrigger.invoke(this, "", schedule, function);
    }

    static PolicyDocument rolePolicy(OrchestratorFunctionsProps props, String accessPointArn, String logGroupArn, String securityGroupId) {
        String region = props.location().region();
        return PolicyDocument.of(
            Statement.allow("ReadRegistryItems", List.of("dynamodb:GetItem"), List.of(props.sandboxes().registry().getArn())),
            Statement.allow("MountTheWorkspaceRootAsRoot", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                    "elasticfilesystem:ClientRootAccess"), List.of(props.sandboxes().workspaces().getFileSystemArn()))
                .withCondition("StringEquals", "elasticfilesystem:AccessPointArn", List.of(accessPointArn)),
            Statement.allow("UseDataKeyThroughItsServices", List.of("kms:Decrypt"), List.of(props.dataKey().getArn()))
                .withCondition("StringEquals", "kms:ViaService", List.of("dynamodb." + region + ".amazonaws.com",
                    "lambda." + region + ".amazonaws.com")),
            Statement.allow("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroupArn)),
            OrchestratorFunctions.networkInterfaces(props, List.of(securityGroupId, props.sandboxes().workspaces().getClientSecurityGroupId())),
            OrchestratorFunctions.DESCRIBE_NETWORK_INTERFACES)
            .plus(props.settings().tracing() ? List.of(OrchestratorFunctions.TRACING) : List.of());
    }

    public String getFunctionName() {
        return function.getFunctionName();
    }

    public String getAccessPointArn() {
        return accessPointArn;
    }
}
