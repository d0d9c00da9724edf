package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.network.NetworkPlacement;

import java.util.Objects;

/**
 * @param name    prefix of the client group's name
 * @param network the VPC the clients run in
 * @param cluster  the cluster whose writer the clients connect to, and whose group admits them
 * @param location account and region of the cluster (the {@code rds-db:connect} ARN names them)
 */
public record DirectDatabaseAccessProps(String name, NetworkPlacement network, DatabaseCluster cluster,
                                        dev.openhands.platform.modules.iam.AwsLocation location) {

    public DirectDatabaseAccessProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(location, "location");
        if (!name.matches("^[a-z][a-z0-9-]{0,58}[a-z0-9]$")) {
            throw new IllegalArgumentException("name '" + name + "' must be lower-case letters, digits and hyphens");
        }
    }
}
