package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.efs_backup_policy.EfsBackupPolicy;
import com.hashicorp.cdktf.providers.aws.efs_backup_policy.EfsBackupPolicyBackupPolicy;
import com.hashicorp.cdktf.providers.aws.efs_file_system.EfsFileSystem;
import com.hashicorp.cdktf.providers.aws.efs_file_system.EfsFileSystemLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.efs_file_system_policy.EfsFileSystemPolicy;
import com.hashicorp.cdktf.providers.aws.efs_mount_target.EfsMountTarget;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * EFS for sandbox workspaces: encrypted with a customer key, elastic throughput, files idle for 30 days move to
 * Infrequent Access (and back on first access), automatic backups on, one mount target per private subnet, NFS only
 * from named client groups, and a file-system policy that refuses clients without TLS, without IAM authorization
 * (anonymous NFS clients match no Allow once a policy exists) or without an access point: every mount goes through an
 * access point, which fixes the directory it sees and the uid/gid it acts as.
 */
public class WorkspaceFileSystem extends Construct implements WorkspaceStorage {

    public static final int NFS_PORT = 2049;

    private final EfsFileSystem fileSystem;
    private final String fileSystemId;
    private final String fileSystemArn;
    private final SecurityGroup securityGroup;
    private final String securityGroupId;
    private final SecurityGroup clientGroup;
    private final String clientGroupId;
    private final List<EfsMountTarget> mountTargets = new java.util.ArrayList<>();

    public WorkspaceFileSystem(Construct scope, String id, WorkspaceFileSystemProps props) {
        super(scope, id);
        EfsFileSystem.Builder builder = EfsFileSystem.Builder.create(this, "fs")
            .creationToken(props.name() + "-workspaces")
            .encrypted(true)
            .kmsKeyId(props.key().getArn())
            .performanceMode("generalPurpose")
            .throughputMode("elastic")
            .lifecyclePolicy(List.of(
                EfsFileSystemLifecyclePolicy.builder().transitionToIa("AFTER_30_DAYS").build(),
                EfsFileSystemLifecyclePolicy.builder().transitionToPrimaryStorageClass("AFTER_1_ACCESS").build()))
            .tags(withName(props.tags(), props.name() + "-workspaces"));
        if (props.preventDestroy()) {
            builder.lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build());
        }
        this.fileSystem = builder.build();
        this.fileSystemId = fileSystem.getId();
        this.fileSystemArn = fileSystem.getArn();
        EfsBackupPolicy.Builder.create(this, "backup")
            .fileSystemId(fileSystemId)
            .backupPolicy(EfsBackupPolicyBackupPolicy.builder().status("ENABLED").build())
            .build();

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-workspaces-efs")
            .description("EFS workspaces: NFS from named clients only")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-workspaces-efs"))
            .build();
        this.securityGroupId = securityGroup.getId();
        this.clientGroup = SecurityGroup.Builder.create(this, "client-sg")
            .name(props.name() + "-workspaces-client")
            .description("Attach to whatever may mount the workspaces")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-workspaces-client"))
            .build();
        this.clientGroupId = clientGroup.getId();
        VpcSecurityGroupEgressRule.Builder.create(this, "client-to-efs")
            .securityGroupId(clientGroupId).referencedSecurityGroupId(securityGroupId)
            .ipProtocol("tcp").fromPort(NFS_PORT).toPort(NFS_PORT).description("NFS to the workspaces").build();
        List<String> admitted = new java.util.ArrayList<>();
        admitted.add(clientGroupId);
        admitted.addAll(props.clientSecurityGroupIds());
        for (int i = 0; i < admitted.size(); i++) {
            VpcSecurityGroupIngressRule.Builder.create(this, "nfs-from-client-" + i)
                .securityGroupId(securityGroupId).referencedSecurityGroupId(admitted.get(i))
                .ipProtocol("tcp").fromPort(NFS_PORT).toPort(NFS_PORT).description("NFS from a workspace client").build();
        }
        List<String> subnetIds = props.network().getPrivateSubnetIds();
        for (int i = 0; i < subnetIds.size(); i++) {
            mountTargets.add(EfsMountTarget.Builder.create(this, "mount-" + i)
                .fileSystemId(fileSystemId)
                .subnetId(subnetIds.get(i))
                .securityGroups(List.of(securityGroupId))
                .build());
        }
        EfsFileSystemPolicy.Builder.create(this, "policy")
            .fileSystemId(fileSystemId)
            .policy(policy(props.location(), fileSystemArn).toJson())
            .build();
    }

    static PolicyDocument policy(AwsLocation location, String fileSystemArn) {
        return PolicyDocument.of(
            Statement.deny("DenyWithoutTls", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                    "elasticfilesystem:ClientRootAccess"), List.of(fileSystemArn))
                .withPrincipal("AWS", List.of("*"))
                .withCondition("Bool", "aws:SecureTransport", List.of("false")),
            // A mount without an access point would see the whole file system and act as whatever uid the client
            // claims (through the mapped root, every workspace): whoever may mount at all may mount only that way.
            Statement.deny("DenyWithoutAccessPoint", List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                    "elasticfilesystem:ClientRootAccess"), List.of(fileSystemArn))
                .withPrincipal("AWS", List.of("*"))
                .withCondition("Null", "elasticfilesystem:AccessPointArn", List.of("true")),
            // Root access too, for the purge function's root access point (it removes directories of many uids); the
            // principals' own IAM policies decide who has it (no sandbox role does).
            Statement.allow("IamAuthorizedClientsThroughMountTargets", List.of("elasticfilesystem:ClientMount",
                    "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"), List.of(fileSystemArn))
                .withPrincipal("AWS", List.of(location.globalArn("iam", "root")))
                .withCondition("Bool", "elasticfilesystem:AccessedViaMountTarget", List.of("true")));
    }

    private static Map<String, String> withName(Map<String, String> tags, String name) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(tags);
        all.put("Name", name);
        return all;
    }

    @Override
    public String getFileSystemId() {
        return fileSystemId;
    }

    @Override
    public String getFileSystemArn() {
        return fileSystemArn;
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    @Override
    public List<com.hashicorp.cdktf.ITerraformDependable> mountTargets() {
        return List.copyOf(mountTargets);
    }

    /** Attach to tasks that mount the workspaces. */
    @Override
    public String getClientSecurityGroupId() {
        return clientGroupId;
    }
}
