package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.data.AuroraCapacity;
import dev.openhands.platform.modules.data.AuroraServerless;
import dev.openhands.platform.modules.data.AuroraServerlessProps;
import dev.openhands.platform.modules.data.BackupPlan;
import dev.openhands.platform.modules.data.BackupPlanProps;
import dev.openhands.platform.modules.data.DatabaseEndpoint;
import dev.openhands.platform.modules.data.DatabaseProxy;
import dev.openhands.platform.modules.data.DirectDatabaseAccess;
import dev.openhands.platform.modules.data.DirectDatabaseAccessProps;
import dev.openhands.platform.modules.data.DatabaseProxyProps;
import dev.openhands.platform.modules.data.ProxyConnectionSettings;
import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.data.WorkspaceFileSystem;
import dev.openhands.platform.modules.data.WorkspaceFileSystemProps;

import java.util.List;
import java.util.Map;

/**
 * The service's data (its {@code data} section): Aurora Serverless v2 behind RDS Proxy (or reached directly outside
 * production, {@code data.proxy.enabled}), the S3 events bucket, the EFS
 * workspaces and the AWS Backup plan that selects them by tag.
 */
public final class DataTier {

    /** Resources carrying this tag (with the environment's name as value) are in the daily backup. */
    public static final String BACKUP_TAG = "openhands:backup";

    private final EnvironmentConfig.Data config;
    private final Map<String, String> backedUp;
    private final AuroraServerless database;
    private final DatabaseEndpoint proxy;
    private final SecureBucket events;
    private final WorkspaceFileSystem workspaces;
    private final BackupPlan backup;

    public DataTier(EnvironmentScope scope, EnvironmentConfig.Data config, KeysTier keys, NetworkTier network) {
        this.config = config;
        String prefix = scope.prefix();
        var location = scope.location();
        this.backedUp = Map.of(BACKUP_TAG, scope.env().name());

        AuroraCapacity.Builder capacity = AuroraCapacity.builder()
            .minAcu(config.minAcu())
            .maxAcu(config.maxAcu())
            .readers(config.readers());
        config.autoPauseSeconds().ifPresent(capacity::autoPauseSeconds);
        this.database = new AuroraServerless(scope.stack(), "database", new AuroraServerlessProps(
            prefix, network.network(), config.engineVersion(), capacity.build(), config.slowQueryMillis(), keys.data(),
            config.backupRetentionDays(), backedUp, config.protection(), EnvironmentScope.NO_EXTRA_TAGS));
        // Outside production the proxy may go (data.proxy.enabled): its 8-ACU minimum costs more than a paused cluster.
        this.proxy = !config.proxyEnabled()
            ? new DirectDatabaseAccess(scope.stack(), "database-access", new DirectDatabaseAccessProps(prefix, network.network(), database, scope.location()))
            : new DatabaseProxy(scope.stack(), "database-proxy", new DatabaseProxyProps(
                prefix, network.network(), database, location, List.of(), ProxyConnectionSettings.builder()
                    .idleClientTimeoutSeconds(config.idleClientTimeoutSeconds())
                    .connectionBorrowTimeoutSeconds(config.connectionBorrowTimeoutSeconds())
                    .maxConnectionsPercent(config.maxConnectionsPercent())
                    .build(), EnvironmentScope.NO_EXTRA_TAGS));
        this.events = new SecureBucket(scope.stack(), "events", new SecureBucketProps(
            prefix + "-events-" + location.accountId(), keys.data(), location.region(), config.eventsNoncurrentVersionExpiryDays(),
            config.protection().preventDestroy(), EnvironmentScope.NO_EXTRA_TAGS));
        this.workspaces = new WorkspaceFileSystem(scope.stack(), "workspaces", new WorkspaceFileSystemProps(
            prefix, location, network.network(), keys.data(), List.of(), config.protection().preventDestroy(), backedUp));
        this.backup = new BackupPlan(scope.stack(), "backup", new BackupPlanProps(
            prefix, location, keys.data(), config.backupSchedule(), config.backupRetentionDaysInVault(), config.backupCopyToVaultArn(),
            new BackupPlanProps.SelectionTag(BACKUP_TAG, scope.env().name()), config.protection().preventDestroy(),
            EnvironmentScope.NO_EXTRA_TAGS));

        if (config.proxyEnabled()) {
            scope.output("database_proxy_endpoint", "PostgreSQL endpoint for the app and the orchestrator (TLS, IAM auth)", proxy.getEndpoint());
        } else {
            scope.output("database_writer_endpoint", "PostgreSQL writer for the app and the orchestrator, no proxy (TLS, IAM auth)", proxy.getEndpoint());
        }
        scope.output("database_secret_arn", "Secrets Manager secret holding the master credentials (managed by RDS)", database.getMasterUserSecretArn());
        scope.output("database_client_security_group_id", "Attach to tasks that connect to the database proxy", proxy.getClientSecurityGroupId());
        scope.output("events_bucket", "S3 bucket for conversation events and settings", events.getBucketName());
        scope.output("workspaces_file_system_id", "EFS file system for sandbox workspaces", workspaces.getFileSystemId());
        scope.output("workspaces_client_security_group_id", "Attach to tasks that mount the workspaces", workspaces.getClientSecurityGroupId());
        scope.output("backup_vault_arn", "AWS Backup vault of this environment", backup.getVaultArn());
    }

    /** How the data is protected against deletion; other tiers' stateful resources follow it. */
    public EnvironmentConfig.Data config() {
        return config;
    }

    /** Tags that put a resource into the environment's backup plan. */
    public Map<String, String> backedUpTags() {
        return backedUp;
    }

    public AuroraServerless database() {
        return database;
    }

    /**
     * Where clients connect: RDS Proxy, or the writer itself when {@code data.proxy.enabled} is false. Either way a
     * consumer attaches {@link DatabaseEndpoint#getClientSecurityGroupId()} and connects with TLS and IAM auth.
     */
    public DatabaseEndpoint proxy() {
        return proxy;
    }

    public SecureBucket events() {
        return events;
    }

    public WorkspaceFileSystem workspaces() {
        return workspaces;
    }

    public BackupPlan backup() {
        return backup;
    }
}
