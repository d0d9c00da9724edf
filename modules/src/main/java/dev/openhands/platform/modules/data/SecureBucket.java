package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleFilter;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;

/**
 * A private S3 bucket for data that must not leak or vanish: versioned, SSE-KMS with a customer key (bucket keys
 * on), public access blocked, bucket-owner-enforced, TLS 1.2+ only, superseded versions expiring after a window,
 * and optionally protected from {@code terraform destroy}.
 */
public class SecureBucket extends Construct {

    private final S3Bucket bucket;
    private final String bucketId;
    private String bucketName;
    private final S3BucketLifecycleConfiguration lifecycle;
    private final int noncurrentVersionExpiryDays;

    public SecureBucket(Construct scope, String id, SecureBucketProps props) {
        super(scope, id);
        this.noncurrentVersionExpiryDays = props.noncurrentVersionExpiryDays();
        S3Bucket.Builder builder = S3Bucket.Builder.create(this, "bucket")
            .bucket(props.bucketName())
            .forceDestroy(false)
            .tags(props.tags());
        if (props.preventDestroy()) {
            builder.lifecycle(TerraformResourceLifecycle.builder().preventDestroy(true).build());
        }
        this.bucket = builder.build();
        this.bucketId = bucket.getId();
        S3BucketVersioningA.Builder.create(this, "versioning")
            .bucket(bucketId)
            .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
            .build();
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "encryption")
            .bucket(bucketId)
            .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                .applyServerSideEncryptionByDefault(S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                    .sseAlgorithm("aws:kms")
                    .kmsMasterKeyId(props.key().getArn())
                    .build())
                .bucketKeyEnabled(true)
                .build()))
            .build();
        S3BucketPublicAccessBlock.Builder.create(this, "public-access-block")
            .bucket(bucketId)
            .blockPublicAcls(true)
            .blockPublicPolicy(true)
            .ignorePublicAcls(true)
            .restrictPublicBuckets(true)
            .build();
        S3BucketOwnershipControls.Builder.create(this, "ownership")
            .bucket(bucketId)
            .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
            .build();
        S3BucketPolicy.Builder.create(this, "tls-only")
            .bucket(bucketId)
            .policy(tlsOnlyPolicy(AwsPartition.of(props.region()), props.bucketName()).toJson())
            .build();
        this.lifecycle = S3BucketLifecycleConfiguration.Builder.create(this, "lifecycle")
            .bucket(bucketId)
            .rule(List.of(lifecycleRule("expire-superseded-versions", null)))
            .build();
    }

    /**
     * Also expires current objects {@code days} after they were written (logs, not data): the one lifecycle rule then
     * expires them, keeps the superseded versions for the undelete window, and aborts stale uploads.
     */
    public void expireObjectsAfter(int days) {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("object expiry must be 1..3650 days, was " + days);
        }
        lifecycle.putRule(List.of(lifecycleRule("expire-objects-and-superseded-versions", days)));
    }

    private S3BucketLifecycleConfigurationRule lifecycleRule(String id, Integer expiryDays) {
        S3BucketLifecycleConfigurationRule.Builder rule = S3BucketLifecycleConfigurationRule.builder()
            .id(id)
            .status("Enabled")
            .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
            .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                .noncurrentDays(noncurrentVersionExpiryDays)
                .build())
            .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                .daysAfterInitiation(7)
                .build());
        if (expiryDays != null) {
            rule.expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(expiryDays).build());
        }
        return rule.build();
    }

    /** Denies every request without TLS, or with TLS older than 1.2. */
    public static PolicyDocument tlsOnlyPolicy(String partition, String bucketName) {
        String arn = "arn:" + partition + ":s3:::" + bucketName;
        List<String> resources = List.of(arn, arn + "/*");
        return PolicyDocument.of(
            Statement.deny("DenyWithoutTls", List.of("s3:*"), resources)
                .withPrincipal("*", List.of("*"))
                .withCondition("Bool", "aws:SecureTransport", List.of("false")),
            Statement.deny("DenyTlsBelow12", List.of("s3:*"), resources)
                .withPrincipal("*", List.of("*"))
                .withCondition("NumericLessThan", "s3:TlsVersion", List.of("1.2")));
    }

    /** Read when first asked for, then kept: each read is a round trip to Node, and not every bucket's name is used. */
    public synchronized String getBucketName() {
        if (bucketName == null) {
            bucketName = bucket.getBucket();
        }
        return bucketName;
    }

    public String getBucketArn() {
        return bucket.getArn();
    }
}
