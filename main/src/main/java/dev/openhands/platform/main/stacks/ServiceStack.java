package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.data.AuroraCapacity;
import dev.openhands.platform.modules.data.AuroraServerless;
import dev.openhands.platform.modules.data.AuroraServerlessProps;
import dev.openhands.platform.modules.data.BackupPlan;
import dev.openhands.platform.modules.data.BackupPlanProps;
import dev.openhands.platform.modules.data.DatabaseProxy;
import dev.openhands.platform.modules.data.DatabaseProxyProps;
import dev.openhands.platform.modules.data.ProxyConnectionSettings;
import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.data.WorkspaceFileSystem;
import dev.openhands.platform.modules.data.WorkspaceFileSystemProps;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.identity.BedrockModelAccess;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.network.PrivateNetworkProps;
import dev.openhands.platform.modules.network.ServiceEndpoints;
import dev.openhands.platform.modules.network.ServiceEndpointsProps;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctionsProps;
import dev.openhands.platform.modules.sandbox.OrchestratorSettings;
import dev.openhands.platform.modules.sandbox.SandboxContainer;
import dev.openhands.platform.modules.sandbox.SandboxResources;
import dev.openhands.platform.modules.identity.AwsLocation;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.PrivateSandboxApi;
import dev.openhands.platform.modules.sandbox.PrivateSandboxApiProps;
import dev.openhands.platform.modules.sandbox.SandboxCluster;
import dev.openhands.platform.modules.sandbox.SandboxClusterProps;
import dev.openhands.platform.modules.sandbox.SandboxRegistryTable;
import dev.openhands.platform.modules.sandbox.SandboxRegistryTableProps;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplateProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ecs-fargate environment. Today: its own VPC with the endpoints its workloads need, the data tier (Aurora
 * Serverless v2 behind RDS Proxy, the S3 events bucket, EFS workspaces, AWS Backup) and sandbox orchestration (the
 * registry, the sandbox cluster and task template, the orchestrator functions and their private API); the Fargate
 * app service and the front door attach to the client security groups this stack outputs.
 */
public class ServiceStack extends TerraformStack {

    /** Resources carrying this tag (with the environment's name as value) are in the daily backup. */
    public static final String BACKUP_TAG = "openhands:backup";
    /** The agent server's port in a sandbox (the V1 app server starts it with --port 60000). */
    public static final int AGENT_PORT = 60000;
    /** uid:gid of the agent in a sandbox; OpenHands' V1 app server asks for 10001:10001. */
    public static final String SANDBOX_USER = "10001:10001";
    /**
     * AWS APIs reached through interface endpoints: the orchestrator's (ECS, EFS, Secrets Manager, X-Ray for its
     * traces) and the sandboxes' (image pulls, logs, Bedrock). DynamoDB and S3 go through gateway endpoints.
     */
    static final List<String> INTERFACE_SERVICES = List.of("ecs", "elasticfilesystem", "secretsmanager", "xray", "ecr.api",
        "ecr.dkr", "logs", "bedrock-runtime");

    public ServiceStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Data data = env.data()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        EnvironmentConfig.Sandbox sandbox = env.sandbox()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        StackFoundation.applyToEnvironmentStack(this, env);

        String region = env.aws().region();
        String account = env.aws().accountId();
        String prefix = "openhands-" + env.name();
        Map<String, String> none = Map.of();
        Map<String, String> backedUp = Map.of(BACKUP_TAG, env.name());

        CustomerManagedKey logsKey = StackFoundation.logsKey(this, env);
        CustomerManagedKey dataKey = new CustomerManagedKey(this, "data-key", new CustomerManagedKeyProps(
            prefix + "-data", new AwsLocation(account, region),
            "OpenHands " + env.name() + ": database, secrets, events, workspaces, backups", List.of(), 30, none));
        if (data.protection().preventDestroy()) {
            dataKey.protectFromDestroy();
        }

        PrivateNetwork network = new PrivateNetwork(this, "network", new PrivateNetworkProps(
            prefix, new AwsLocation(account, region), env.network().vpcCidr(), env.network().availabilityZones(),
            env.network().privateSubnetCidrs(), env.egress().mode() == EgressMode.ALLOWLIST, env.network().publicSubnetCidrs(),
            new LogSettings(logsKey, env.network().flowLogRetentionDays()), none));

        AuroraCapacity.Builder capacity = AuroraCapacity.builder()
            .minAcu(data.minAcu())
            .maxAcu(data.maxAcu())
            .readers(data.readers());
        data.autoPauseSeconds().ifPresent(capacity::autoPauseSeconds);
        AuroraServerless database = new AuroraServerless(this, "database", new AuroraServerlessProps(
            prefix, network, data.engineVersion(), capacity.build(), data.slowQueryMillis(), dataKey,
            data.backupRetentionDays(), backedUp, data.protection(), none));
        DatabaseProxy proxy = new DatabaseProxy(this, "database-proxy", new DatabaseProxyProps(
            prefix, network, database, region, List.of(), ProxyConnectionSettings.builder()
                .idleClientTimeoutSeconds(data.idleClientTimeoutSeconds())
                .connectionBorrowTimeoutSeconds(data.connectionBorrowTimeoutSeconds())
                .maxConnectionsPercent(data.maxConnectionsPercent())
                .build(), none));

        SecureBucket events = new SecureBucket(this, "events", new SecureBucketProps(
            prefix + "-events-" + account, dataKey, region, data.eventsNoncurrentVersionExpiryDays(),
            data.protection().preventDestroy(), none));

        WorkspaceFileSystem workspaces = new WorkspaceFileSystem(this, "workspaces", new WorkspaceFileSystemProps(
            prefix, new AwsLocation(account, region), network, dataKey, List.of(), data.protection().preventDestroy(),
            backedUp));

        List<String> modelArns = BedrockModelAccess.invokeResourceArns(env.bedrock().models(), region, account,
            env.bedrock().inferenceProfileRegions());
        ServiceEndpoints endpoints = new ServiceEndpoints(this, "endpoints", new ServiceEndpointsProps(
            prefix, new AwsLocation(account, region), network, INTERFACE_SERVICES,
            Map.of("bedrock-runtime", BedrockModelAccess.endpointPolicy(modelArns, account)),
            List.of(network.getPrivateRouteTableId()), Optional.empty(), true, none));

        AwsLocation location = new AwsLocation(account, region);
        LogSettings sandboxLogs = new LogSettings(logsKey, sandbox.logRetentionDays());
        SandboxRegistryTable registry = new SandboxRegistryTable(this, "sandbox-registry", new SandboxRegistryTableProps(
            prefix + "-sandboxes", dataKey, data.protection(), backedUp));
        SandboxCluster cluster = new SandboxCluster(this, "sandbox-cluster", new SandboxClusterProps(prefix + "-sandboxes", none));
        SandboxTaskTemplate template = new SandboxTaskTemplate(this, "sandbox-template", new SandboxTaskTemplateProps(
            prefix, location, network, endpoints, workspaces,
            SandboxContainer.builder().images(sandbox.images()).cpu(sandbox.cpu()).memoryMib(sandbox.memoryMib())
                .agentPort(AGENT_PORT).runAsUser(SANDBOX_USER).build(),
            modelArns, sandbox.taskPolicyStatements(), env.egress().mode() == EgressMode.ALLOWLIST, sandboxLogs, none));
        OrchestratorFunctions orchestrator = new OrchestratorFunctions(this, "sandbox-orchestrator", new OrchestratorFunctionsProps(
            prefix, env.name(), location, SandboxArtifact.locate(), network, endpoints,
            new SandboxResources(registry, cluster, template, workspaces), dataKey, sandboxLogs,
            OrchestratorSettings.builder().idleTimeoutMinutes(sandbox.idleTimeoutMinutes()).orphanGraceMinutes(sandbox.orphanGraceMinutes())
                .warmPoolSize(sandbox.warmPoolSize()).warmPoolEnvironment(sandbox.warmPoolEnvironment()).build(),
            none));
        PrivateSandboxApi api = new PrivateSandboxApi(this, "sandbox-api", new PrivateSandboxApiProps(
            prefix, location, network, orchestrator, sandboxLogs, sandbox.apiRateLimitPerSecond(), sandbox.apiRateLimitPerSecond() * 2,
            none));

        BackupPlan backup = new BackupPlan(this, "backup", new BackupPlanProps(
            prefix, dataKey, data.backupSchedule(), data.backupRetentionDaysInVault(), data.backupCopyToVaultArn(),
            new BackupPlanProps.SelectionTag(BACKUP_TAG, env.name()), data.protection().preventDestroy(), none));

        output("database_proxy_endpoint", "PostgreSQL endpoint for the app and the orchestrator (TLS, IAM auth)", proxy.getEndpoint());
        output("database_secret_arn", "Secrets Manager secret holding the master credentials (managed by RDS)", database.getMasterUserSecretArn());
        output("database_client_security_group_id", "Attach to tasks that connect to the database proxy", proxy.getClientSecurityGroupId());
        output("events_bucket", "S3 bucket for conversation events and settings", events.getBucketName());
        output("workspaces_file_system_id", "EFS file system for sandbox workspaces", workspaces.getFileSystemId());
        output("workspaces_client_security_group_id", "Attach to tasks that mount the workspaces", workspaces.getClientSecurityGroupId());
        output("backup_vault_arn", "AWS Backup vault of this environment", backup.getVaultArn());
        output("sandbox_api_url", "SANDBOX_REMOTE_RUNTIME_API_URL for the app server (resolves inside the VPC only)", api.getUrl());
        output("sandbox_api_key_secret_arn", "Secret holding SANDBOX_API_KEY, the X-API-Key the app server sends", orchestrator.getApiKeySecretArn());
        output("sandbox_api_client_security_group_id", "Attach to the app server: admits it to the orchestrator API", api.getClientSecurityGroupId());
        output("sandbox_caller_security_group_id", "Attach to the app server: admits it to the agent servers in the sandboxes", template.getCallerSecurityGroupId());
        output("sandbox_cluster_arn", "ECS cluster of the sandbox tasks", cluster.getArn());
        output("sandbox_registry_table", "DynamoDB registry of sandboxes", registry.getName());
    }

    private void output(String name, String description, String value) {
        TerraformOutput.Builder.create(this, name).description(description).value(value).build();
    }
}
