package dev.openhands.platform.modules.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionDeadLetterConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionSnapStart;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionTracingConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionVpcConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.sqs_queue.SqsQueue;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.events.FunctionTrigger;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.secrets.GeneratedSecret;
import dev.openhands.platform.modules.secrets.GeneratedSecretProps;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The three orchestrator functions built from one jar (Java 17 bytecode on the java21 runtime, arm64, SnapStart on
 * published versions, X-Ray): the API handler behind the private REST API, the scheduled maintenance sweep (idle
 * reaper, reconciliation, warm pool; one at a time) and the ECS task-state handler. Also the API key secret, the
 * dead-letter queue of the asynchronous invocations, the EventBridge schedule and rule, and alarms on metrics the
 * handlers (or AWS) actually publish.
 */
public class OrchestratorFunctions extends Construct {

    public static final String API_HANDLER = "dev.openhands.platform.sandbox.handler.ApiHandler::handleRequest";
    public static final String MAINTENANCE_HANDLER = "dev.openhands.platform.sandbox.handler.MaintenanceHandler::handleRequest";
    public static final String TASK_STATE_HANDLER = "dev.openhands.platform.sandbox.handler.TaskStateHandler::handleRequest";
    public static final String ALIAS = "live";
    public static final String METRICS_NAMESPACE = "OpenHands/Sandbox";
    /** Rate of the maintenance sweep; the pool refills and idle sandboxes pause within this. */
    public static final String SWEEP_SCHEDULE = "rate(1 minute)";
    /** The directory of the workspace file system under which every access point's root lives. */
    public static final String WORKSPACE_ROOT = "/workspaces";

    /**
     * AWS offers no resource type for these actions, so their resource is "*" (the Service Authorization Reference
     * lists none): task definition registration (scoped by a required request tag instead), deregistration and
     * description of task definitions, the listing of network interfaces and of secrets, and X-Ray's writes.
     */
    public static final List<String> ACTIONS_WITHOUT_RESOURCE_SCOPE = List.of(
        "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition",
        "ec2:DescribeNetworkInterfaces", "secretsmanager:ListSecrets",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords");
    /** The tag every sandbox revision is registered with (its value: the environment); registration requires it. */
    public static final String ENVIRONMENT_TAG = "openhands:environment";


    /** The interface endpoints the functions call, and the only ones their group may reach. */
    public static final List<String> ENDPOINT_SERVICES = List.of("ecs", "elasticfilesystem", "secretsmanager", "xray");

    /**
     * The interface endpoints the functions in the VPC call: X-Ray only while they trace. Whether Lambda's own X-Ray
     * daemon reaches X-Ray through the function's VPC interface is not documented (docs/cost.md), so an endpoint follows
     * tracing rather than being left out while the functions trace.
     */
    public static List<String> endpointServices(boolean tracing) {
        return tracing ? ENDPOINT_SERVICES : ENDPOINT_SERVICES.stream().filter(s -> !s.equals("xray")).toList();
    }

    /**
     * Active tracing for a function outside the VPC (its traces never use the VPC), and for one inside it only while
     * the settings trace; otherwise PassThrough, and the private API's stage does not sample either, so no sampled
     * header makes the function trace anyway.
     */
    static LambdaFunctionTracingConfig tracingConfig(OrchestratorSettings settings, boolean inVpc) {
        return LambdaFunctionTracingConfig.builder().mode(!inVpc || settings.tracing() ? "Active" : "PassThrough").build();
    }

    private final LambdaAlias apiAlias;
    private final LambdaFunction apiFunction;
    private final String apiFunctionName;
    private final String apiKeyArn;
    private final SecurityGroup securityGroup;
    private final String securityGroupId;
    private final Map<String, String> environment;
    private final boolean tracing;

    public OrchestratorFunctions(Construct scope, String id, OrchestratorFunctionsProps props) {
        super(scope, id);
        String partition = props.location().partition();
        this.tracing = props.settings().tracing();

        // Never in plan, configuration or state. Raising the settings' version rotates it: the new value becomes
        // AWSCURRENT, the old one AWSPREVIOUS, and the functions accept both.
        this.apiKeyArn = new GeneratedSecret(this, "api-key", GeneratedSecretProps.builder()
            .name(props.name() + "/sandbox-api-key")
            .description("X-API-Key the OpenHands app server sends to the sandbox orchestrator (SANDBOX_API_KEY)")
            .kmsKeyArn(props.dataKey().getArn())
            .generatorName("sandbox_api_key_", props.name())
            .length(48)
            .version(props.settings().apiKeyVersion())
            .tags(props.tags())
            .build()).getArn();

        SqsQueue deadLetters = SqsQueue.Builder.create(this, "dead-letters")
            .name(props.name() + "-orchestrator-dlq")
            .kmsMasterKeyId(props.dataKey().getArn())
            .messageRetentionSeconds(1209600)
            .tags(props.tags())
            .build();
        String deadLettersArn = deadLetters.getArn();

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-orchestrator")
            .description("Sandbox orchestrator functions: no inbound; HTTPS to AWS APIs in the VPC")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-orchestrator"))
            .build();
        this.securityGroupId = securityGroup.getId();
        new EndpointAccess(this, "https-to-endpoints", new EndpointAccessProps("orchestrator", securityGroupId,
            props.endpoints().interfaceEndpoints(endpointServices(props.settings().tracing()))));
        VpcSecurityGroupEgressRule.Builder.create(this, "https-to-dynamodb")
            .securityGroupId(securityGroupId).prefixListId(props.endpoints().getDynamoDbPrefixListId()).ipProtocol("tcp").fromPort(443).toPort(443)
            .description("DynamoDB through the gateway endpoint").build();

        Map<String, String> functionNames = Map.of(
            "api", props.name() + "-sandbox-api",
            "maintenance", props.name() + "-sandbox-maintenance",
            "task-state", props.name() + "-sandbox-task-state");
        List<String> logGroupArns = new ArrayList<>();
        for (String function : List.of("api", "maintenance", "task-state")) {
            EncryptedLogGroup logs = new EncryptedLogGroup(this, function + "-logs", new EncryptedLogGroupProps(
                "/aws/lambda/" + functionNames.get(function), props.logs(), props.tags()));
            logGroupArns.add(logs.getArn() + ":*");
        }

        IamRole role = lambdaRole(this, props.name() + "-sandbox-orchestrator",
            "Sandbox orchestrator: registry, sandbox tasks, workspace access points, its API key", props);
        IamRolePolicy.Builder.create(this, "session-key-read-policy")
            .name("read-session-keys")
            .role(props.sandboxes().template().getExecutionRoleName())
            .policy(sessionKeyReadPolicy(props).toJson())
            .build();
        IamRolePolicy.Builder.create(this, "role-policy")
            .name("orchestrate-sandboxes")
            .role(role.getName())
            .policy(rolePolicy(props, partition, logGroupArns, apiKeyArn, deadLettersArn, securityGroupId).toJson())
            .build();

        this.environment = environment(props, apiKeyArn);
        // A jar of ~15 MB: apps with several stacks share one copy (sharedFilename) instead of one CDKTF asset per stack.
        String code = props.artifact().codeIn(this);

        // Only the API function runs in the VPC: it probes the agent servers. The other two call AWS APIs only, among
        // them Route 53's, which has no interface endpoint outside us-east-1 (and these VPCs may have no NAT).
        // Read once for the three functions: each attribute read is a round trip to Node.
        String roleArn = role.getArn();
        this.apiFunction = function("api", functionNames.get("api"), API_HANDLER, 29, 1024, null, props, roleArn, code,
            environment, null, true);
        this.apiFunctionName = apiFunction.getFunctionName();
        LambdaFunction maintenance = function("maintenance", functionNames.get("maintenance"), MAINTENANCE_HANDLER, 300, 1024,
            1, props, roleArn, code, environment, deadLettersArn, false);
        LambdaFunction taskState = function("task-state", functionNames.get("task-state"), TASK_STATE_HANDLER, 30, 1024,
            null, props, roleArn, code, environment, deadLettersArn, false);
        this.apiAlias = alias("api", apiFunction, apiFunctionName);
        LambdaAlias maintenanceAlias = alias("maintenance", maintenance, maintenance.getFunctionName());
        LambdaAlias taskStateAlias = alias("task-state", taskState, taskState.getFunctionName());

        CloudwatchEventRule sweep = FunctionTrigger.schedule(this, "sweep-", props.name() + "-sandbox-sweep",
            "Idle reaper, reconciliation and warm pool of the sandbox orchestrator", SWEEP_SCHEDULE, props.tags());
        FunctionTrigger.invoke(this, "sweep-", sweep, maintenanceAlias, 0);
        ObjectNode pattern = JsonNodeFactory.instance.objectNode();
        pattern.putArray("source").add("aws.ecs");
        pattern.putArray("detail-type").add("ECS Task State Change");
        ObjectNode detail = pattern.putObject("detail");
        detail.putArray("clusterArn").add(props.sandboxes().cluster().getArn());
        detail.putArray("lastStatus").add("RUNNING").add("STOPPED");
        CloudwatchEventRule taskEvents = CloudwatchEventRule.Builder.create(this, "task-state-rule")
            .name(props.name() + "-sandbox-task-state")
            .description("Sandbox tasks that start running or stop")
            .eventPattern(StableJson.write(pattern))
            .tags(props.tags())
            .build();
        FunctionTrigger.invoke(this, "task-state-", taskEvents, taskStateAlias, 3);

        alarm("creation-failures", props, "Sandboxes could not be started", METRICS_NAMESPACE, "SandboxCreationFailures",
            Map.of("Environment", props.environmentName()), "Sum", "GreaterThanOrEqualToThreshold", 1, 1);
        if (props.settings().warmPoolSize() > 0) {
            alarm("warm-pool-empty", props, "No warm sandbox has been available for 15 minutes", METRICS_NAMESPACE,
                "WarmPoolAvailable", Map.of("Environment", props.environmentName()), "Maximum", "LessThanThreshold", 1, 3);
        }
        alarm("api-errors", props, "The orchestrator API function failed", "AWS/Lambda", "Errors",
            Map.of("FunctionName", apiFunctionName), "Sum", "GreaterThanOrEqualToThreshold", 1, 1);
        alarm("dead-letters", props, "An orchestrator event could not be handled", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
            Map.of("QueueName", deadLetters.getName()), "Maximum", "GreaterThanOrEqualToThreshold", 1, 1);
    }

    static Map<String, String> environment(OrchestratorFunctionsProps props, String apiKeySecretArn) {
        Map<String, String> env = new TreeMap<>();
        env.put("API_KEY_SECRET_ARN", apiKeySecretArn);
        env.put("SESSION_SECRET_PREFIX", sessionSecretPrefix(props));
        env.put("SESSION_SECRET_KMS_KEY", props.dataKey().getArn());
        env.put("ENVIRONMENT_NAME", props.environmentName());
        env.put("REGISTRY_TABLE", props.sandboxes().registry().getName());
        env.put("CLUSTER_ARN", props.sandboxes().cluster().getArn());
        env.put("TEMPLATE_TASK_DEFINITION", props.sandboxes().template().getTemplateArn());
        env.put("SANDBOX_FAMILY", props.sandboxes().template().getRuntimeFamily());
        env.put("SANDBOX_CONTAINER", SandboxTaskTemplate.CONTAINER_NAME);
        env.put("SUBNET_IDS", String.join(",", props.network().getPrivateSubnetIds()));
        env.put("SECURITY_GROUP_IDS", String.join(",", sandboxSecurityGroupIds(props)));
        env.put("FILE_SYSTEM_ID", props.sandboxes().workspaces().getFileSystemId());
        env.put("WORKSPACE_ROOT", WORKSPACE_ROOT);
        env.put("SANDBOX_ZONE_ID", props.sandboxes().zone().getZoneId());
        env.put("SANDBOX_ZONE_NAME", props.sandboxes().zone().getZoneName());
        env.put("ALLOWED_IMAGES", String.join(",", props.sandboxes().template().getContainer().images()));
        env.put("AGENT_PORT", Integer.toString(props.sandboxes().template().getContainer().agentPort()));
        env.put("IDLE_TIMEOUT_MINUTES", Integer.toString(props.settings().idleTimeoutMinutes()));
        env.put("ORPHAN_GRACE_MINUTES", Integer.toString(props.settings().orphanGraceMinutes()));
        env.put("STOPPED_RETENTION_DAYS", Integer.toString(props.settings().stoppedRetentionDays()));
        env.put("WARM_POOL_SIZE", Integer.toString(props.settings().warmPoolSize()));
        env.put("CAPACITY_PROVIDER", props.settings().capacity().capacityProvider());
        env.put("WARM_POOL_ENVIRONMENT", StableJson.write(props.settings().warmPoolEnvironment()));
        env.put("METRICS_NAMESPACE", METRICS_NAMESPACE);
        props.settings().publicSandboxDomain().ifPresent(domain -> env.put("PUBLIC_SANDBOX_DOMAIN", domain));
        // Tiered compilation stopped at C1 starts a short-lived JVM fastest (measured in docs/performance.md). The DNS
        // caches as short as the sandbox names' TTL: a resumed conversation's name points at a new address.
        env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Dsun.net.inetaddr.ttl=10 -Dsun.net.inetaddr.negative.ttl=2");
        return env;
    }

    /** A role only Lambda in this account may assume, for functions built from the orchestrator's jar. */
    static IamRole lambdaRole(Construct scope, String name, String description, OrchestratorFunctionsProps props) {
        return IamRole.Builder.create(scope, "role")
            .name(name)
            .description(description)
            .assumeRolePolicy(PolicyDocument.of(Statement.allow("LambdaAssumesRole", List.of("sts:AssumeRole"), List.of("*"))
                .withPrincipal("Service", List.of("lambda.amazonaws.com"))
                .withCondition("StringEquals", "aws:SourceAccount", List.of(props.location().accountId()))).toJson())
            .tags(props.tags())
            .build();
    }

    /** Name prefix of the per-launch session key secrets; the orchestrator and the execution role are scoped to it. */
    static String sessionSecretPrefix(OrchestratorFunctionsProps props) {
        return props.name() + "/sandbox-sessions/";
    }

    static String sessionSecretArns(OrchestratorFunctionsProps props) {
        return "arn:" + props.location().partition() + ":secretsmanager:" + props.location().region() + ":"
            + props.location().accountId() + ":secret:" + sessionSecretPrefix(props) + "*";
    }

    /** What ECS needs to fill a sandbox's session key variables from its launch's secret at container start. */
    static PolicyDocument sessionKeyReadPolicy(OrchestratorFunctionsProps props) {
        return PolicyDocument.of(
            Statement.allow("ReadSessionKeySecrets", List.of("secretsmanager:GetSecretValue"), List.of(sessionSecretArns(props))),
            Statement.allow("DecryptSessionKeySecrets", List.of("kms:Decrypt"), List.of(props.dataKey().getArn()))
                .withCondition("StringEquals", "kms:ViaService", List.of("secretsmanager." + props.location().region() + ".amazonaws.com")));
    }

    static PolicyDocument rolePolicy(OrchestratorFunctionsProps props, String partition, List<String> logGroupArns,
                                     String apiKeyArn, String deadLetterArn, String securityGroupId) {
        String arn = "arn:" + partition + ":";
        String regionAccount = props.location().region() + ":" + props.location().accountId();
        String clusterCondition = props.sandboxes().cluster().getArn();
        return PolicyDocument.of(
            Statement.allow("Registry", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem", "dynamodb:BatchGetItem", "dynamodb:Query"),
                List.of(props.sandboxes().registry().getArn(), props.sandboxes().registry().getArn() + "/index/*")),
            Statement.allow("RunSandboxRevisionsInTheSandboxCluster", List.of("ecs:RunTask"),
                    List.of(arn + "ecs:" + regionAccount + ":task-definition/" + props.sandboxes().template().getRuntimeFamily() + ":*"))
                .withCondition("ArnEquals", "ecs:cluster", List.of(clusterCondition)),
            Statement.allow("ManageSandboxTasks", List.of("ecs:StopTask", "ecs:DescribeTasks", "ecs:TagResource"),
                    List.of(arn + "ecs:" + regionAccount + ":task/" + props.sandboxes().cluster().getName() + "/*"))
                .withCondition("ArnEquals", "ecs:cluster", List.of(clusterCondition)),
            Statement.allow("ListSandboxTasks", List.of("ecs:ListTasks"),
                    List.of(arn + "ecs:" + regionAccount + ":container-instance/" + props.sandboxes().cluster().getName() + "/*"))
                .withCondition("ArnEquals", "ecs:cluster", List.of(clusterCondition)),
            Statement.allow("TagSandboxRevisions", List.of("ecs:TagResource"),
                List.of(arn + "ecs:" + regionAccount + ":task-definition/" + props.sandboxes().template().getRuntimeFamily() + ":*")),
            // RegisterTaskDefinition has no resource type: the request must carry this environment's tag, which only the
            // orchestrator's revisions do (and tagging on create is allowed on the sandbox family only, above).
            Statement.allow("RegisterTaggedSandboxRevisions", List.of("ecs:RegisterTaskDefinition"), List.of("*"))
                .withCondition("StringEquals", "aws:RequestTag/" + ENVIRONMENT_TAG, List.of(props.environmentName())),
            Statement.allow("SandboxRevisions", List.of("ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition"), List.of("*")),
            Statement.allow("PassOnlyTheSandboxRoles", List.of("iam:PassRole"), List.of(props.sandboxes().template().getExecutionRoleArn(), props.sandboxes().template().getTaskRoleArn()))
                .withCondition("StringEquals", "iam:PassedToService", List.of("ecs-tasks.amazonaws.com")),
            Statement.allow("CreateWorkspaceAccessPoints", List.of("elasticfilesystem:CreateAccessPoint",
                "elasticfilesystem:DescribeAccessPoints"), List.of(props.sandboxes().workspaces().getFileSystemArn())),
            Statement.allow("ManageOwnAccessPoints", List.of("elasticfilesystem:DeleteAccessPoint",
                    "elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:TagResource"),
                    List.of(arn + "elasticfilesystem:" + regionAccount + ":access-point/*"))
                .withCondition("StringEquals", "aws:ResourceTag/openhands:environment", List.of(props.environmentName())),
            Statement.allow("TagAccessPointsOnCreate", List.of("elasticfilesystem:TagResource"),
                    List.of(arn + "elasticfilesystem:" + regionAccount + ":access-point/*"))
                .withCondition("StringEquals", "elasticfilesystem:CreateAction", List.of("CreateAccessPoint")),
            Statement.allow("PointSandboxNames", List.of("route53:ChangeResourceRecordSets"), List.of(props.sandboxes().zone().getZoneArn()))
                .withCondition("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", List.of("A"))
                .withCondition("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"))
                .withCondition("ForAllValues:StringLike", "route53:ChangeResourceRecordSetsNormalizedRecordNames",
                    List.of("*." + props.sandboxes().zone().getZoneName())),
            Statement.allow("ReadSandboxNames", List.of("route53:ListResourceRecordSets"), List.of(props.sandboxes().zone().getZoneArn())),
            Statement.allow("ReadApiKey", List.of("secretsmanager:GetSecretValue"), List.of(apiKeyArn)),
            Statement.allow("WriteSessionKeySecrets", List.of("secretsmanager:CreateSecret", "secretsmanager:DeleteSecret",
                "secretsmanager:TagResource"), List.of(sessionSecretArns(props))),
            Statement.allow("FindExpiredSessionKeySecrets", List.of("secretsmanager:ListSecrets"), List.of("*")),
            Statement.allow("UseDataKeyThroughItsServices", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"),
                    List.of(props.dataKey().getArn()))
                .withCondition("StringEquals", "kms:ViaService", List.of("dynamodb." + props.location().region() + ".amazonaws.com",
                    "secretsmanager." + props.location().region() + ".amazonaws.com", "sqs." + props.location().region() + ".amazonaws.com",
                    "lambda." + props.location().region() + ".amazonaws.com")),
            Statement.allow("DeadLetters", List.of("sqs:SendMessage"), List.of(deadLetterArn)),
            Statement.allow("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), logGroupArns),
            networkInterfaces(props, List.of(securityGroupId, props.sandboxes().template().getCallerSecurityGroupId())),
            DESCRIBE_NETWORK_INTERFACES,
            TRACING);
    }

    static final Statement DESCRIBE_NETWORK_INTERFACES = Statement.allow("DescribeNetworkInterfaces",
        List.of("ec2:DescribeNetworkInterfaces"), List.of("*"));
    static final Statement TRACING = Statement.allow("Tracing", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
        List.of("*"));

    /**
     * What Lambda needs to attach a function to the VPC (its Hyperplane interfaces): only interfaces in this VPC, in its
     * private subnets, with the function's own groups ({@code ec2:Vpc} holds for every resource of the request).
     */
    static Statement networkInterfaces(OrchestratorFunctionsProps props, List<String> securityGroupIds) {
        String ec2 = "arn:" + props.location().partition() + ":ec2:" + props.location().region() + ":" + props.location().accountId() + ":";
        List<String> resources = new ArrayList<>();
        resources.add(ec2 + "network-interface/*");
        props.network().getPrivateSubnetIds().forEach(subnet -> resources.add(ec2 + "subnet/" + subnet));
        securityGroupIds.forEach(group -> resources.add(ec2 + "security-group/" + group));
        return Statement.allow("VpcNetworkInterfaces", List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"), resources)
            .withCondition("ArnEquals", "ec2:Vpc", List.of(ec2 + "vpc/" + props.network().getVpcId()));
    }

    private LambdaFunction function(String id, String functionName, String handler, int timeoutSeconds, int memoryMb,
                                    Integer reservedConcurrency, OrchestratorFunctionsProps props, String roleArn,
                                    String code, Map<String, String> environment, String deadLetterArn, boolean inVpc) {
        LambdaFunction.Builder builder = props.artifact().javaFunction(this, id, code, handler)
            .functionName(functionName)
            .description("OpenHands sandbox orchestrator: " + id)
            .role(roleArn)
            .memorySize(memoryMb)
            .timeout(timeoutSeconds)
            .publish(true)
            .snapStart(LambdaFunctionSnapStart.builder().applyOn("PublishedVersions").build())
            .tracingConfig(tracingConfig(props.settings(), inVpc))
            .kmsKeyArn(props.dataKey().getArn())
            .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
            .tags(props.tags());
        if (inVpc) {
            builder.vpcConfig(LambdaFunctionVpcConfig.builder().subnetIds(props.network().getPrivateSubnetIds())
                .securityGroupIds(List.of(securityGroupId, props.sandboxes().template().getCallerSecurityGroupId())).build());
        }
        if (reservedConcurrency != null) {
            builder.reservedConcurrentExecutions(reservedConcurrency);
        }
        if (deadLetterArn != null) {
            builder.deadLetterConfig(LambdaFunctionDeadLetterConfig.builder().targetArn(deadLetterArn).build());
        }
        return builder.build();
    }

    /** {@code functionName}: the function's, as already read (each read is a round trip to Node). */
    private LambdaAlias alias(String id, LambdaFunction function, String functionName) {
        return LambdaAlias.Builder.create(this, id + "-alias")
            .name(ALIAS)
            .functionName(functionName)
            .functionVersion(function.getVersion())
            .build();
    }

    private void alarm(String id, OrchestratorFunctionsProps props, String description, String namespace, String metric,
                       Map<String, String> dimensions, String statistic, String comparison, double threshold, int periods) {
        CloudwatchMetricAlarm.Builder.create(this, id + "-alarm")
            .alarmName(props.name() + "-sandbox-" + id)
            .alarmDescription(description)
            .namespace(namespace)
            .metricName(metric)
            .dimensions(new LinkedHashMap<>(dimensions))
            .statistic(statistic)
            .period(300)
            .evaluationPeriods(periods)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .treatMissingData("notBreaching")
            .tags(props.tags())
            .build();
    }

    /** The API function's alias (what the REST API invokes). */
    /** Groups every sandbox task gets: the sandbox group and the workspace file system's client group. */
    private static List<String> sandboxSecurityGroupIds(OrchestratorFunctionsProps props) {
        return List.of(props.sandboxes().template().getSecurityGroupId(), props.sandboxes().workspaces().getClientSecurityGroupId());
    }

    public String getApiAliasArn() {
        return apiAlias.getArn();
    }

    public String getApiAliasInvokeArn() {
        return apiAlias.getInvokeArn();
    }

    public String getApiFunctionName() {
        return apiFunctionName;
    }

    public String getApiAliasName() {
        return apiAlias.getName();
    }

    /** The secret holding the X-API-Key value; the app server reads it as SANDBOX_API_KEY. */
    public String getApiKeySecretArn() {
        return apiKeyArn;
    }

    /** Whether the functions in the VPC trace: the private API's stage samples exactly then. */
    public boolean isTracing() {
        return tracing;
    }

    /** The functions' environment (sorted), for other functions built from the same jar. */
    public Map<String, String> getEnvironment() {
        return java.util.Collections.unmodifiableMap(environment);
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }
}
