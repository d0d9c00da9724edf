package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.data.AuroraServerless;
import dev.openhands.platform.modules.data.AuroraServerlessProps;
import dev.openhands.platform.modules.data.BackupPlan;
import dev.openhands.platform.modules.data.BackupPlanProps;
import dev.openhands.platform.modules.data.DatabaseProxy;
import dev.openhands.platform.modules.data.DatabaseProxyProps;
import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.data.WorkspaceFileSystem;
import dev.openhands.platform.modules.data.WorkspaceFileSystemProps;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.network.PrivateNetworkProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The ecs-fargate environment. Today: its own VPC and the data tier (Aurora Serverless v2 behind RDS Proxy, the
 * S3 events bucket, EFS workspaces, AWS Backup); the Fargate app service, the sandbox orchestration and the front
 * door attach to the client security groups this stack outputs.
 */
public class ServiceStack extends TerraformStack {

    /** Resources carrying this tag (with the environment's name as value) are in the daily backup. */
    public static final String BACKUP_TAG = "openhands:backup";

    public ServiceStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Data data = env.data()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        StackFoundation.applyToEnvironmentStack(this, env);

        String region = env.aws().region();
        String account = env.aws().accountId();
        String prefix = "openhands-" + env.name();
        Map<String, String> none = Map.of();
        Map<String, String> backedUp = Map.of(BACKUP_TAG, env.name());

        CustomerManagedKey logsKey = StackFoundation.logsKey(this, env);
        CustomerManagedKey dataKey = new CustomerManagedKey(this, "data-key", new CustomerManagedKeyProps(
            prefix + "-data", "OpenHands " + env.name() + ": database, secrets, events, workspaces, backups", account, region,
            List.of(), 30, none));
        if (data.protection().preventDestroy()) {
            dataKey.protectFromDestroy();
        }

        PrivateNetwork network = new PrivateNetwork(this, "network", new PrivateNetworkProps(
            prefix, account, region, env.network().vpcCidr(), env.network().availabilityZones(),
            env.network().privateSubnetCidrs(), env.network().publicSubnetCidrs(), env.egress().mode() == EgressMode.ALLOWLIST,
            logsKey.getArn(), env.network().flowLogRetentionDays(), none));

        AuroraServerless database = new AuroraServerless(this, "database", new AuroraServerlessProps(
            prefix, region, network.getVpcId(), network.getPrivateSubnetIds(), data.engineVersion(), data.minAcu(), data.maxAcu(),
            data.readers(), data.autoPauseSeconds(), dataKey.getArn(), data.backupRetentionDays(), data.protection(),
            data.slowQueryMillis(), none, backedUp));
        DatabaseProxy proxy = new DatabaseProxy(this, "database-proxy", new DatabaseProxyProps(
            prefix, region, network.getVpcId(), network.getPrivateSubnetIds(), database.getClusterIdentifier(),
            database.getSecurityGroupId(), database.getMasterUserSecretArn(), dataKey.getArn(), List.of(),
            data.idleClientTimeoutSeconds(), data.connectionBorrowTimeoutSeconds(), data.maxConnectionsPercent(), none));

        SecureBucket events = new SecureBucket(this, "events", new SecureBucketProps(
            prefix + "-events-" + account, region, dataKey.getArn(), data.eventsNoncurrentVersionExpiryDays(),
            data.protection().preventDestroy(), none));

        WorkspaceFileSystem workspaces = new WorkspaceFileSystem(this, "workspaces", new WorkspaceFileSystemProps(
            prefix, account, network.getVpcId(), network.getPrivateSubnetIds(), dataKey.getArn(), List.of(),
            data.protection().preventDestroy(), backedUp));

        BackupPlan backup = new BackupPlan(this, "backup", new BackupPlanProps(
            prefix, dataKey.getArn(), data.backupSchedule(), data.backupRetentionDaysInVault(), data.backupCopyToVaultArn(),
            BACKUP_TAG, env.name(), data.protection().preventDestroy(), none));

        output("database_proxy_endpoint", "PostgreSQL endpoint for the app and the orchestrator (TLS, IAM auth)", proxy.getEndpoint());
        output("database_secret_arn", "Secrets Manager secret holding the master credentials (managed by RDS)", database.getMasterUserSecretArn());
        output("database_client_security_group_id", "Attach to tasks that connect to the database proxy", proxy.getClientSecurityGroupId());
        output("events_bucket", "S3 bucket for conversation events and settings", events.getBucketName());
        output("workspaces_file_system_id", "EFS file system for sandbox workspaces", workspaces.getFileSystemId());
        output("workspaces_client_security_group_id", "Attach to tasks that mount the workspaces", workspaces.getClientSecurityGroupId());
        output("backup_vault_arn", "AWS Backup vault of this environment", backup.getVaultArn());
    }

    private void output(String name, String description, String value) {
        TerraformOutput.Builder.create(this, name).description(description).value(value).build();
    }
}
