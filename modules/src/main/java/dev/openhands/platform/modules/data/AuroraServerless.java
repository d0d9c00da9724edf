package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.db_subnet_group.DbSubnetGroup;
import com.hashicorp.cdktf.providers.aws.rds_cluster.RdsCluster;
import com.hashicorp.cdktf.providers.aws.rds_cluster.RdsClusterServerlessv2ScalingConfiguration;
import com.hashicorp.cdktf.providers.aws.rds_cluster_instance.RdsClusterInstance;
import com.hashicorp.cdktf.providers.aws.rds_cluster_parameter_group.RdsClusterParameterGroup;
import com.hashicorp.cdktf.providers.aws.rds_cluster_parameter_group.RdsClusterParameterGroupParameter;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.openhands.platform.modules.kms.EncryptionKey;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Aurora PostgreSQL Serverless v2: a writer and optional readers ({@code db.serverless}), storage encrypted with a
 * customer key, the master password kept by Secrets Manager (never in state), IAM database authentication, TLS
 * forced and statement/slow-query logging in the cluster parameter group, logs exported to CloudWatch,
 * Performance Insights with the same key, and a security group with no rule of its own (the proxy adds the only one).
 */
public class AuroraServerless extends Construct implements DatabaseCluster {

    public static final int PORT = 5432;
    static final String MASTER_USERNAME = "openhands_admin";
    /** The database the cluster creates, which the app server uses. */
    public static final String DATABASE_NAME = "openhands";

    private final RdsCluster cluster;
    private final SecurityGroup securityGroup;
    private final String securityGroupId; // read once: each attribute read is a round trip to Node
    private final EncryptionKey key;
    private final String keyArn;

    public AuroraServerless(Construct scope, String id, AuroraServerlessProps props) {
        super(scope, id);
        this.key = props.key();
        this.keyArn = key.getArn();
        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-aurora")
            .description("Aurora: PostgreSQL from the RDS Proxy only")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-aurora"))
            .build();
        this.securityGroupId = securityGroup.getId();
        String subnetGroupName = DbSubnetGroup.Builder.create(this, "subnets")
            .name(props.name() + "-aurora")
            .description("Private subnets of " + props.name())
            .subnetIds(props.network().getPrivateSubnetIds())
            .tags(props.tags())
            .build().getName();
        RdsClusterParameterGroup parameters = RdsClusterParameterGroup.Builder.create(this, "parameters")
            .name(props.name() + "-aurora-pg" + props.majorVersion())
            .family("aurora-postgresql" + props.majorVersion())
            .description("TLS only; DDL and slow statements logged")
            .parameter(List.of(
                parameter("rds.force_ssl", "1"),
                parameter("log_statement", "ddl"),
                parameter("log_min_duration_statement", Integer.toString(props.slowQueryMillis()))))
            .tags(props.tags())
            .build();

        DataProtection protection = props.protection();
        AuroraCapacity capacity = props.capacity();
        RdsCluster.Builder builder = RdsCluster.Builder.create(this, "cluster")
            .clusterIdentifier(props.name())
            .engine("aurora-postgresql")
            .engineMode("provisioned")
            .engineVersion(props.engineVersion())
            .databaseName(DATABASE_NAME)
            .masterUsername(MASTER_USERNAME)
            .manageMasterUserPassword(true)
            .masterUserSecretKmsKeyId(keyArn)
            .storageEncrypted(true)
            .kmsKeyId(keyArn)
            .iamDatabaseAuthenticationEnabled(true)
            .dbClusterParameterGroupName(parameters.getName())
            .dbSubnetGroupName(subnetGroupName)
            .vpcSecurityGroupIds(List.of(securityGroupId))
            .port(PORT)
            .enabledCloudwatchLogsExports(List.of("postgresql"))
            .backupRetentionPeriod(props.backupRetentionDays())
            .copyTagsToSnapshot(true)
            .deletionProtection(protection.deletionProtection())
            .skipFinalSnapshot(!protection.finalSnapshot())
            .serverlessv2ScalingConfiguration(RdsClusterServerlessv2ScalingConfiguration.builder()
                .minCapacity(capacity.minAcu())
                .maxCapacity(capacity.maxAcu())
                .build())
            .tags(merged(props.tags(), props.clusterTags()));
        if (protection.finalSnapshot()) {
            builder.finalSnapshotIdentifier(props.name() + "-final");
        }
        if (protection.preventDestroy()) {
            builder.lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build());
        }
        this.cluster = builder.build();
        // The 18.0.3 bindings predate scale-to-zero (provider 5.80+): the attribute is written as an override.
        capacity.autoPauseSeconds().ifPresent(seconds ->
            cluster.addOverride("serverlessv2_scaling_configuration.seconds_until_auto_pause", seconds));

        for (int i = 0; i <= capacity.readers(); i++) {
            String role = i == 0 ? "writer" : "reader-" + i;
            RdsClusterInstance.Builder.create(this, role)
                .identifier(props.name() + "-" + role)
                .clusterIdentifier(cluster.getId())
                .engine("aurora-postgresql")
                .engineVersion(props.engineVersion())
                .instanceClass("db.serverless")
                .dbSubnetGroupName(subnetGroupName)
                .publiclyAccessible(false)
                .autoMinorVersionUpgrade(true)
                .performanceInsightsEnabled(true)
                .performanceInsightsKmsKeyId(keyArn)
                .promotionTier(i)
                .tags(props.tags())
                .build();
        }
    }

    private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static RdsClusterParameterGroupParameter parameter(String name, String value) {
        return RdsClusterParameterGroupParameter.builder().name(name).value(value).applyMethod("pending-reboot").build();
    }

    @Override
    public String getClusterIdentifier() {
        return cluster.getClusterIdentifier();
    }

    @Override
    public String getClusterResourceId() {
        return cluster.getClusterResourceId();
    }

    @Override
    public String getWriterEndpoint() {
        return cluster.getEndpoint();
    }

    @Override
    public String getSecurityGroupId() {
        return securityGroupId;
    }

    /** ARN of the Secrets Manager secret RDS keeps the master password in. */
    @Override
    public String getMasterUserSecretArn() {
        return cluster.getMasterUserSecret().get(0).getSecretArn();
    }

    @Override
    public EncryptionKey getEncryptionKey() {
        return key;
    }

    @Override
    public String getMasterUsername() {
        return MASTER_USERNAME;
    }
}
