package dev.openhands.platform.modules.state;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.Map;
import java.util.Objects;

/**
 * @param bucketName                  globally unique bucket name for Terraform state
 * @param accountId                   account that owns the bucket
 * @param region                      region of the bucket and its key
 * @param kmsKeyAlias                 alias (without {@code alias/}) of the key the state is encrypted with
 * @param noncurrentVersionExpiryDays days a superseded state version is kept before it expires
 * @param tags                        resource tags
 */
public record StateBucketProps(String bucketName, String accountId, String region, String kmsKeyAlias,
                               int noncurrentVersionExpiryDays, Map<String, String> tags) {

    public StateBucketProps {
        Objects.requireNonNull(bucketName, "bucketName");
        if (!bucketName.matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")) {
            throw new IllegalArgumentException("'" + bucketName + "' is not a bucket name of 3-63 lower-case letters, digits and hyphens");
        }
        if (!accountId.matches("^\\d{12}$")) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        Objects.requireNonNull(kmsKeyAlias, "kmsKeyAlias");
        if (noncurrentVersionExpiryDays < 1 || noncurrentVersionExpiryDays > 3650) {
            throw new IllegalArgumentException("noncurrentVersionExpiryDays must be 1..3650");
        }
        tags = Map.copyOf(tags);
    }
}
