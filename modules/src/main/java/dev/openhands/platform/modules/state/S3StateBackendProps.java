package dev.openhands.platform.modules.state;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.Objects;
import java.util.Optional;

/**
 * @param bucket     state bucket
 * @param key        object key of this stack's state, e.g. {@code openhands/pilot/terraform.tfstate}
 * @param region     region of the bucket
 * @param kmsKeyId   key (ARN or alias ARN) the state object is encrypted with
 * @param roleArn    role Terraform assumes to reach the bucket, when the caller's identity should not
 */
public record S3StateBackendProps(String bucket, String key, String region, String kmsKeyId, Optional<String> roleArn) {

    public S3StateBackendProps {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(roleArn, "roleArn");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        if (key.startsWith("/") || key.contains("..") || !key.endsWith(".tfstate")) {
            throw new IllegalArgumentException("state key '" + key + "' must be a relative object key ending in .tfstate");
        }
    }
}
