package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.network.NetworkPlacement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                    proxy name
 * @param network                 the VPC and its private subnets (at least two zones)
 * @param cluster                 the cluster behind the proxy: its identifier, security group, secret and the
 *                                secret's key
 * @param location                account and region of the proxy: the account its role trusts, the region of the
 *                                cluster's secret (for the KMS via-service condition)
 * @param clientSecurityGroupIds  security groups admitted on 5432 besides the proxy's own client group
 * @param connections             client idle timeout and connection pool
 * @param tags                    resource tags
 */
public record DatabaseProxyProps(String name, NetworkPlacement network, DatabaseCluster cluster, AwsLocation location,
                                 List<String> clientSecurityGroupIds, ProxyConnectionSettings connections,
                                 Map<String, String> tags) {

    public DatabaseProxyProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(connections, "connections");
        if (!name.matches("^[a-z][a-z0-9-]{0,58}[a-z0-9]$")) {
            throw new IllegalArgumentException("proxy name '" + name + "' must be lower-case letters, digits and hyphens");
        }
        if (network.getPrivateSubnetIds().size() < 2) {
            throw new IllegalArgumentException("the proxy needs subnets in at least two availability zones");
        }
        clientSecurityGroupIds = List.copyOf(clientSecurityGroupIds);
        tags = Map.copyOf(tags);
    }
}
