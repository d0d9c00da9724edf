package dev.openhands.platform.modules.state;

import dev.openhands.platform.modules.iam.AwsPartition;

import java.util.Objects;
import java.util.Optional;

/**
 * Four neighbouring strings, each checked for its own form (bucket name, {@code .tfstate} key, region, KMS ARN), so
 * two passed the wrong way round are refused here rather than written into the backend block.
 *
 * @param bucket   state bucket
 * @param key      object key of this stack's state, e.g. {@code openhands/pilot/terraform.tfstate}
 * @param region   region of the bucket
 * @param kmsKeyId key the state object is encrypted with: a key ARN or an alias ARN (the backend takes either, and
 *                 the bootstrap's key is known by its alias before it exists)
 * @param roleArn  role Terraform assumes to reach the bucket, when the caller's identity should not
 */
public record S3StateBackendProps(String bucket, String key, String region, String kmsKeyId, Optional<String> roleArn) {

    public S3StateBackendProps {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(roleArn, "roleArn");
        if (!StateBucketProps.BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("state bucket '" + bucket + "' is not a bucket name of 3-63 lower-case letters, digits and hyphens");
        }
        if (key.startsWith("/") || key.contains("..") || !key.endsWith(".tfstate")) {
            throw new IllegalArgumentException("state key '" + key + "' must be a relative object key ending in .tfstate");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        if (!kmsKeyId.matches("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+$")) {
            throw new IllegalArgumentException("kmsKeyId '" + kmsKeyId + "' is not a KMS key or alias ARN");
        }
        roleArn.ifPresent(role -> {
            if (!role.matches("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")) {
                throw new IllegalArgumentException("roleArn '" + role + "' is not an IAM role ARN");
            }
        });
    }
}
