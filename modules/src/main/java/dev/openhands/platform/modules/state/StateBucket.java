package dev.openhands.platform.modules.state;

import dev.openhands.platform.modules.data.SecureBucket;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import software.constructs.Construct;

import java.util.List;

/**
 * The bucket that holds Terraform state for an account: a {@link SecureBucket} (versioned, SSE-KMS, private,
 * TLS-only, superseded versions expiring) with its own rotating key, both protected from {@code terraform destroy}.
 */
public class StateBucket extends Construct {

    private final SecureBucket bucket;
    private final CustomerManagedKey key;

    public StateBucket(Construct scope, String id, StateBucketProps props) {
        super(scope, id);
        this.key = new CustomerManagedKey(this, "key", new CustomerManagedKeyProps(props.kmsKeyAlias(),
            props.location(), "Terraform state in s3://" + props.bucketName(), List.of(), 30, props.tags()));
        key.protectFromDestroy();

        this.bucket = new SecureBucket(this, "bucket", new SecureBucketProps(props.bucketName(), key, props.location().region(),
            props.noncurrentVersionExpiryDays(), true, props.tags()));
    }

    public String getBucketName() {
        return bucket.getBucketName();
    }

    public String getBucketArn() {
        return bucket.getBucketArn();
    }

    public String getKmsKeyArn() {
        return key.getArn();
    }
}
