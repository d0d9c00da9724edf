package dev.openhands.platform.modules.data;

import java.util.Map;
import java.util.Objects;

/**
 * @param bucketName                  globally unique bucket name
 * @param region                      region of the bucket (its partition goes into the policy's ARNs)
 * @param kmsKeyArn                   customer-managed key for SSE-KMS
 * @param noncurrentVersionExpiryDays days a superseded object version is kept (the undelete window)
 * @param preventDestroy              refuse {@code terraform destroy} of the bucket (production data, state)
 * @param tags                        resource tags
 */
public record SecureBucketProps(String bucketName, String region, String kmsKeyArn, int noncurrentVersionExpiryDays, boolean preventDestroy,
                                Map<String, String> tags) {

    public SecureBucketProps {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        if (!dev.openhands.platform.modules.identity.AwsPartition.isRegion(region)) {
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
