package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;

import java.util.Map;
import java.util.Objects;

/**
 * @param name                 cluster identifier, e.g. {@code openhands-prod}
 * @param network              the VPC and its private subnets (at least two zones)
 * @param engineVersion        Aurora PostgreSQL version, e.g. {@code 16.4}
 * @param capacity             capacity range, readers and auto-pause
 * @param slowQueryMillis      statements slower than this are logged
 * @param key                  customer key for storage, the master secret and Performance Insights
 * @param backupRetentionDays  automated backup retention, 1..35
 * @param clusterTags          tags for the cluster only, such as the backup plan's selection tag (instances are
 *                             backed up with their cluster)
 * @param protection           what guards the data against deletion
 * @param tags                 resource tags
 */
public record AuroraServerlessProps(String name, NetworkPlacement network, String engineVersion, AuroraCapacity capacity,
                                    int slowQueryMillis, EncryptionKey key, int backupRetentionDays,
                                    Map<String, String> clusterTags, DataProtection protection, Map<String, String> tags) {

    public AuroraServerlessProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(protection, "protection");
        if (!name.matches("^[a-z][a-z0-9-]{0,50}[a-z0-9]$") || name.contains("--")) {
            throw new IllegalArgumentException("cluster name '" + name + "' must be lower-case letters, digits and single hyphens");
        }
        if (network.getPrivateSubnetIds().size() < 2) {
            throw new IllegalArgumentException("Aurora needs subnets in at least two availability zones");
        }
        if (!engineVersion.matches("^1[3-9]\\.[0-9]+$")) {
            throw new IllegalArgumentException("engine version '" + engineVersion + "' is not an Aurora PostgreSQL version such as 16.4");
        }
        if (backupRetentionDays < 1 || backupRetentionDays > 35) {
            throw new IllegalArgumentException("backupRetentionDays must be 1..35");
        }
        if (slowQueryMillis < 0) {
            throw new IllegalArgumentException("slowQueryMillis must not be negative");
        }
        clusterTags = Map.copyOf(clusterTags);
        tags = Map.copyOf(tags);
    }

    public String majorVersion() {
        return engineVersion.substring(0, engineVersion.indexOf('.'));
    }
}
