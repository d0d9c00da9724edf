package dev.openhands.platform.modules.state;

import dev.openhands.platform.modules.iam.AwsLocation;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * @param bucketName                  globally unique bucket name for Terraform state
 * @param location                    account that owns the bucket, region of the bucket and its key
 * @param kmsKeyAlias                 alias (without {@code alias/}) of the key the state is encrypted with
 * @param noncurrentVersionExpiryDays days a superseded state version is kept before it expires
 * @param tags                        resource tags
 */
public record StateBucketProps(String bucketName, AwsLocation location, String kmsKeyAlias,
                               int noncurrentVersionExpiryDays, Map<String, String> tags) {

    /** 3-63 lower-case letters, digits and hyphens: no dots, so virtual-hosted TLS names always match. */
    static final Pattern BUCKET_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$");

    public StateBucketProps {
        Objects.requireNonNull(bucketName, "bucketName");
        if (!BUCKET_NAME.matcher(bucketName).matches()) {
            throw new IllegalArgumentException("'" + bucketName + "' is not a bucket name of 3-63 lower-case letters, digits and hyphens");
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kmsKeyAlias, "kmsKeyAlias");
        if (!kmsKeyAlias.matches("^[A-Za-z0-9/_-]{1,250}$") || kmsKeyAlias.startsWith("alias/") || kmsKeyAlias.startsWith("aws/")) {
            throw new IllegalArgumentException("kmsKeyAlias '" + kmsKeyAlias
                + "' must be an alias name without the alias/ prefix, outside the AWS-reserved aws/ names");
        }
        if (noncurrentVersionExpiryDays < 1 || noncurrentVersionExpiryDays > 3650) {
            throw new IllegalArgumentException("noncurrentVersionExpiryDays must be 1..3650");
        }
        tags = Map.copyOf(tags);
    }
}
