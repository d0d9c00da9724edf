package dev.openhands.platform.modules.observability;

import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.Objects;

/**
 * How a construct's log groups are kept: encrypted with this key, for this many days.
 *
 * @param key           customer-managed key whose policy admits CloudWatch Logs for the construct's groups
 * @param retentionDays one of {@link EncryptedLogGroupProps#ALLOWED_RETENTION_DAYS}
 */
public record LogSettings(EncryptionKey key, int retentionDays) {

    public LogSettings {
        Objects.requireNonNull(key, "key");
        if (!EncryptedLogGroupProps.ALLOWED_RETENTION_DAYS.contains(retentionDays)) {
            throw new IllegalArgumentException("retentionDays " + retentionDays + " is not one CloudWatch Logs accepts: "
                + new java.util.TreeSet<>(EncryptedLogGroupProps.ALLOWED_RETENTION_DAYS));
        }
    }

    public String keyArn() {
        return key.getArn();
    }
}
