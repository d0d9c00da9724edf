package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name                 cluster identifier, e.g. {@code openhands-prod}
 * @param region               region of the cluster
 * @param vpcId                the VPC
 * @param subnetIds            private subnets, at least two zones
 * @param engineVersion        Aurora PostgreSQL version, e.g. {@code 16.4}
 * @param minAcu               minimum capacity in ACUs; 0 lets the cluster pause when idle
 * @param maxAcu               maximum capacity in ACUs
 * @param readers              reader instances besides the writer
 * @param autoPauseSeconds     idle seconds before a min-0 cluster pauses (300..86400); only with minAcu 0
 * @param kmsKeyArn            customer key for storage, the master secret and Performance Insights
 * @param backupRetentionDays  automated backup retention, 1..35
 * @param protection           what guards the data against deletion
 * @param slowQueryMillis      statements slower than this are logged
 * @param tags                 resource tags
 * @param clusterTags          tags for the cluster only, such as the backup plan's selection tag (instances are
 *                             backed up with their cluster)
 */
public record AuroraServerlessProps(String name, String region, String vpcId, List<String> subnetIds, String engineVersion,
                                    double minAcu, double maxAcu, int readers, Optional<Integer> autoPauseSeconds,
                                    String kmsKeyArn, int backupRetentionDays, DataProtection protection,
                                    int slowQueryMillis, Map<String, String> tags,
                                    Map<String, String> clusterTags) {

    public AuroraServerlessProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(autoPauseSeconds, "autoPauseSeconds");
        if (!name.matches("^[a-z][a-z0-9-]{0,50}[a-z0-9]$") || name.contains("--")) {
            throw new IllegalArgumentException("cluster name '" + name + "' must be lower-case letters, digits and single hyphens");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        subnetIds = List.copyOf(subnetIds);
        if (subnetIds.size() < 2) {
            throw new IllegalArgumentException("Aurora needs subnets in at least two availability zones");
        }
        if (!engineVersion.matches("^1[3-9]\\.[0-9]+$")) {
            throw new IllegalArgumentException("engine version '" + engineVersion + "' is not an Aurora PostgreSQL version such as 16.4");
        }
        if (minAcu < 0 || maxAcu < 1 || maxAcu > 256 || maxAcu < minAcu || (minAcu * 2) % 1 != 0 || (maxAcu * 2) % 1 != 0) {
            throw new IllegalArgumentException("capacity must satisfy 0 <= minAcu <= maxAcu <= 256 in steps of 0.5 (got " + minAcu + ".." + maxAcu + ")");
        }
        if (autoPauseSeconds.isPresent() && (minAcu != 0 || autoPauseSeconds.get() < 300 || autoPauseSeconds.get() > 86400)) {
            throw new IllegalArgumentException("auto-pause needs minAcu 0 and 300..86400 seconds");
        }
        if (readers < 0 || readers > 15) {
            throw new IllegalArgumentException("readers must be 0..15");
        }
        if (backupRetentionDays < 1 || backupRetentionDays > 35) {
            throw new IllegalArgumentException("backupRetentionDays must be 1..35");
        }
        if (slowQueryMillis < 0) {
            throw new IllegalArgumentException("slowQueryMillis must not be negative");
        }
        tags = Map.copyOf(tags);
        clusterTags = Map.copyOf(clusterTags);
    }

    public String majorVersion() {
        return engineVersion.substring(0, engineVersion.indexOf('.'));
    }
}
