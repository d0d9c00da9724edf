package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;

/**
 * The bucket CloudFront's standard access logs go to: a {@link SecureBucket} (SSE-KMS, versioned, TLS only, no
 * public access) whose objects the bucket owner still owns but that accepts ACLs, because CloudFront's log delivery
 * writes through an ACL grant it adds itself; a bucket-owner-enforced bucket refuses the logs. Log objects expire
 * after the retention.
 */
public class EdgeLogBucket extends Construct {

    private final SecureBucket bucket;

    public EdgeLogBucket(Construct scope, String id, SecureBucketProps props, int retentionDays) {
        super(scope, id);
        this.bucket = new SecureBucket(this, "bucket", props);
        bucket.expireObjectsAfter(retentionDays);
        S3BucketOwnershipControls ownership = (S3BucketOwnershipControls) bucket.getNode().findChild("ownership");
        ownership.addOverride("rule.object_ownership", "BucketOwnerPreferred");
    }

    /**
     * The key policy statement that lets CloudFront's log delivery encrypt log objects with the bucket's key, for
     * distributions of {@code location}'s account only.
     */
    public static Statement keyGrant(AwsLocation location) {
        return Statement.allow("CloudFrontLogDeliveryEncryptsAccessLogs", List.of("kms:GenerateDataKey*", "kms:Decrypt"), List.of("*"))
            .withPrincipal("Service", List.of("delivery.logs.amazonaws.com"))
            .withCondition("StringEquals", "aws:SourceAccount", List.of(location.accountId()));
    }

    /** {@code <bucket>.s3.amazonaws.com}, the form CloudFront's logging configuration names a bucket by. */
    public String getDomainName() {
        return bucket.getBucketName() + ".s3.amazonaws.com";
    }
}
