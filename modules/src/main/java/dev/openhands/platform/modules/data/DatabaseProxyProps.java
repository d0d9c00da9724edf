package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                            proxy name
 * @param region                          region (for the KMS via-service condition)
 * @param vpcId                           the VPC
 * @param subnetIds                       private subnets
 * @param clusterIdentifier               the Aurora cluster behind the proxy
 * @param clusterSecurityGroupId          the cluster's security group; the proxy adds its own ingress there
 * @param secretArn                       Secrets Manager secret the proxy authenticates with (the managed master secret)
 * @param secretKmsKeyArn                 key that encrypts that secret
 * @param clientSecurityGroupIds          security groups admitted on 5432 besides the proxy's own client group
 * @param idleClientTimeoutSeconds        client connections idle longer are closed (60..28800)
 * @param connectionBorrowTimeoutSeconds  how long a client waits for a pooled connection (0..3600)
 * @param maxConnectionsPercent           share of the database's max_connections the pool may use (1..100)
 * @param tags                            resource tags
 */
public record DatabaseProxyProps(String name, String region, String vpcId, List<String> subnetIds, String clusterIdentifier,
                                 String clusterSecurityGroupId, String secretArn, String secretKmsKeyArn,
                                 List<String> clientSecurityGroupIds, int idleClientTimeoutSeconds,
                                 int connectionBorrowTimeoutSeconds, int maxConnectionsPercent, Map<String, String> tags) {

    public DatabaseProxyProps {
        for (Object value : new Object[] {name, vpcId, clusterIdentifier, clusterSecurityGroupId, secretArn, secretKmsKeyArn}) {
            Objects.requireNonNull(value, "database proxy props must not be null");
        }
        if (!name.matches("^[a-z][a-z0-9-]{0,58}[a-z0-9]$")) {
            throw new IllegalArgumentException("proxy name '" + name + "' must be lower-case letters, digits and hyphens");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        subnetIds = List.copyOf(subnetIds);
        clientSecurityGroupIds = List.copyOf(clientSecurityGroupIds);
        tags = Map.copyOf(tags);
        if (subnetIds.size() < 2) {
            throw new IllegalArgumentException("the proxy needs subnets in at least two availability zones");
        }
        if (idleClientTimeoutSeconds < 60 || idleClientTimeoutSeconds > 28800) {
            throw new IllegalArgumentException("idleClientTimeoutSeconds must be 60..28800");
        }
        if (connectionBorrowTimeoutSeconds < 0 || connectionBorrowTimeoutSeconds > 3600) {
            throw new IllegalArgumentException("connectionBorrowTimeoutSeconds must be 0..3600");
        }
        if (maxConnectionsPercent < 1 || maxConnectionsPercent > 100) {
            throw new IllegalArgumentException("maxConnectionsPercent must be 1..100");
        }
    }
}
