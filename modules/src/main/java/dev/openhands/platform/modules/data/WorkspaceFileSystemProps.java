package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                    prefix of resource names
 * @param location                account whose IAM principals may mount (through a mount target, over TLS); its
 *                                region gives the partition of that account's ARN
 * @param network                 the VPC; one mount target per private subnet
 * @param key                     customer key for encryption at rest
 * @param clientSecurityGroupIds  groups admitted on NFS (2049) besides the file system's own client group
 * @param preventDestroy          Terraform refuses to destroy the file system
 * @param tags                    resource tags (the backup plan selects by tag)
 */
public record WorkspaceFileSystemProps(String name, AwsLocation location, NetworkPlacement network, EncryptionKey key,
                                       List<String> clientSecurityGroupIds, boolean preventDestroy, Map<String, String> tags) {

    public WorkspaceFileSystemProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(key, "key");
        clientSecurityGroupIds = List.copyOf(clientSecurityGroupIds);
        tags = Map.copyOf(tags);
        if (network.getPrivateSubnetIds().isEmpty()) {
            throw new IllegalArgumentException("the file system needs at least one subnet for a mount target");
        }
    }
}
