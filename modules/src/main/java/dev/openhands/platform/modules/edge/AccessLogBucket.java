package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.providers.aws.data_aws_elb_service_account.DataAwsElbServiceAccount;
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
import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * A bucket that Application Load Balancers write their access logs to: private, bucket-owner-enforced, TLS-only,
 * versioned, objects expiring after the retention.
 *
 * <p>Why not {@link SecureBucket}: ALB access log delivery supports only SSE-S3 (Amazon S3-managed keys) on the
 * target bucket; a bucket whose default encryption is SSE-KMS receives no logs. So this bucket is encrypted with
 * SSE-S3 (AES-256) and holds nothing but request logs. Delivery is granted to the ELB log delivery service principal
 * (regions opened after August 2022) and to the region's ELB account (older regions), each only for this account's
 * prefix.
 */
public class AccessLogBucket extends Construct {

    /** Days a deleted or superseded log object stays recoverable. */
    static final int UNDELETE_DAYS = 7;
    public static final String LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

    private final S3Bucket bucket;
    private final String bucketId;
    private final S3BucketPolicy policy;
    private final String prefix;

    public AccessLogBucket(Construct scope, String id, AccessLogBucketProps props) {
        super(scope, id);
        this.prefix = props.prefix();
        this.bucket = S3Bucket.Builder.create(this, "bucket")
            .bucket(props.bucketName())
            .forceDestroy(false)
            .tags(props.tags())
            .build();
        this.bucketId = bucket.getId();
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "encryption")
            .bucket(bucketId)
            .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                .applyServerSideEncryptionByDefault(S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                    .sseAlgorithm("AES256").build())
                .build()))
            .build();
        S3BucketPublicAccessBlock.Builder.create(this, "public-access-block")
            .bucket(bucketId)
            .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
            .build();
        S3BucketOwnershipControls.Builder.create(this, "ownership")
            .bucket(bucketId)
            .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
            .build();
        // Versioned: a log object deleted before its expiry (covering tracks) stays recoverable for UNDELETE_DAYS.
        S3BucketVersioningA.Builder.create(this, "versioning")
            .bucket(bucket.getId())
            .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
            .build();
        DataAwsElbServiceAccount elbAccount = DataAwsElbServiceAccount.Builder.create(this, "elb-account").build();
        this.policy = S3BucketPolicy.Builder.create(this, "policy")
            .bucket(bucketId)
            .policy(policy(props, elbAccount.getArn()).toJson())
            .build();
        S3BucketLifecycleConfiguration.Builder.create(this, "lifecycle")
            .bucket(bucketId)
            .rule(List.of(S3BucketLifecycleConfigurationRule.builder()
                .id("expire-access-logs")
                .status("Enabled")
                .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
                .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(props.retentionDays()).build())
                .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                    .noncurrentDays(UNDELETE_DAYS).build())
                .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                    .daysAfterInitiation(7).build())
                .build()))
            .build();
    }

    static PolicyDocument policy(AccessLogBucketProps props, String elbAccountArn) {
        String partition = props.location().partition();
        String logs = "arn:" + partition + ":s3:::" + props.bucketName() + "/" + props.prefix() + "/AWSLogs/"
            + props.location().accountId() + "/*";
        List<Statement> statements = new ArrayList<>(SecureBucket.tlsOnlyPolicy(partition, props.bucketName()).statements());
        statements.add(Statement.allow("LogDeliveryWritesThisAccountsLogs", List.of("s3:PutObject"), List.of(logs))
            .withPrincipal("Service", List.of(LOG_DELIVERY_PRINCIPAL)));
        statements.add(Statement.allow("ElbAccountWritesThisAccountsLogs", List.of("s3:PutObject"), List.of(logs))
            .withPrincipal("AWS", List.of(elbAccountArn)));
        return PolicyDocument.of(statements.toArray(Statement[]::new));
    }

    public String getBucketName() {
        return bucket.getBucket();
    }

    public String getBucketArn() {
        return bucket.getArn();
    }

    /** The key prefix load balancers write under. */
    public String getPrefix() {
        return prefix;
    }

    /** The bucket policy: a load balancer's access logs can only be switched on once it exists. */
    public S3BucketPolicy getPolicy() {
        return policy;
    }
}
