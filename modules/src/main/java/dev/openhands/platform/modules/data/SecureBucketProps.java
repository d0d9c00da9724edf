package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.Map;
import java.util.Objects;

/**
 * @param bucketName                  globally unique bucket name
 * @param key                         customer-managed key for SSE-KMS
 * @param region                      region of the bucket; only its partition goes into the policy's ARNs, so the
 *                                    account is not asked for
 * @param noncurrentVersionExpiryDays days a superseded object version is kept (the undelete window)
 * @param preventDestroy              refuse {@code terraform destroy} of the bucket (production data, state)
 * @param tags                        resource tags
 */
public record SecureBucketProps(String bucketName, EncryptionKey key, String region, int noncurrentVersionExpiryDays,
                                boolean preventDestroy, Map<String, String> tags) {

    public SecureBucketProps {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(key, "key");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        if (!bucketName.matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")) {
            throw new IllegalArgumentException("'" + bucketName + "' is not a bucket name of 3-63 lower-case letters, digits and hyphens");
        }
        if (noncurrentVersionExpiryDays < 1 || noncurrentVersionExpiryDays > 3650) {
            throw new IllegalArgumentException("noncurrentVersionExpiryDays must be 1..3650");
        }
        tags = Map.copyOf(tags);
    }
}
