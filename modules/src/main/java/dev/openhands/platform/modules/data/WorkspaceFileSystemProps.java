package dev.openhands.platform.modules.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                    prefix of resource names
 * @param accountId               account whose IAM principals may mount (through a mount target, over TLS)
 * @param vpcId                   the VPC
 * @param subnetIds               one mount target per private subnet
 * @param kmsKeyArn               customer key for encryption at rest
 * @param clientSecurityGroupIds  groups admitted on NFS (2049) besides the file system's own client group
 * @param preventDestroy          Terraform refuses to destroy the file system
 * @param tags                    resource tags (the backup plan selects by tag)
 */
public record WorkspaceFileSystemProps(String name, String accountId, String vpcId, List<String> subnetIds, String kmsKeyArn,
                                       List<String> clientSecurityGroupIds, boolean preventDestroy, Map<String, String> tags) {

    public WorkspaceFileSystemProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        if (!accountId.matches("^\\d{12}$")) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
        subnetIds = List.copyOf(subnetIds);
        clientSecurityGroupIds = List.copyOf(clientSecurityGroupIds);
        tags = Map.copyOf(tags);
        if (subnetIds.isEmpty()) {
            throw new IllegalArgumentException("the file system needs at least one subnet for a mount target");
        }
    }
}
