package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name                 prefix of resource names
 * @param location             account and region of the plan: the account the backup role trusts
 * @param key                  customer key of the vault
 * @param schedule             AWS Backup cron expression, e.g. {@code cron(0 3 * * ? *)} (daily at 03:00 UTC)
 * @param retentionDays        days a recovery point is kept
 * @param copyToVaultArn       a vault in another region that receives a copy of each recovery point
 * @param selection            resources carrying this tag are backed up
 * @param preventDestroy       Terraform refuses to destroy the vault
 * @param tags                 resource tags
 */
public record BackupPlanProps(String name, AwsLocation location, EncryptionKey key, String schedule, int retentionDays, Optional<String> copyToVaultArn,
                              SelectionTag selection, boolean preventDestroy, Map<String, String> tags) {

    public BackupPlanProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(copyToVaultArn, "copyToVaultArn");
        Objects.requireNonNull(selection, "selection");
        if (!schedule.matches("^cron\\(.+\\)$")) {
            throw new IllegalArgumentException("schedule '" + schedule + "' is not an AWS cron expression such as cron(0 3 * * ? *)");
        }
        if (retentionDays < 1 || retentionDays > 36500) {
            throw new IllegalArgumentException("retentionDays must be 1..36500");
        }
        copyToVaultArn.ifPresent(arn -> {
            if (!arn.matches("^arn:aws[a-z-]*:backup:[a-z0-9-]+:\\d{12}:backup-vault:[A-Za-z0-9_.-]+$")) {
                throw new IllegalArgumentException("'" + arn + "' is not a backup vault ARN");
            }
        });
        tags = Map.copyOf(tags);
    }

    /**
     * The tag the plan selects resources by.
     *
     * @param key   the tag's key, e.g. {@code openhands:backup}
     * @param value the value a resource's tag must equal
     */
    public record SelectionTag(String key, String value) {
        public SelectionTag {
            Objects.requireNonNull(key, "selection tag key");
            Objects.requireNonNull(value, "selection tag value");
        }
    }
}
