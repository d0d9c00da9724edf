package dev.openhands.platform.modules.edge;

import dev.openhands.platform.modules.iam.AwsLocation;

import java.util.Map;
import java.util.Objects;

/**
 * @param bucketName    globally unique bucket name
 * @param location      account and region of the load balancers that write to it (the bucket is in the same region)
 * @param prefix        key prefix the load balancer writes under (ELB adds {@code AWSLogs/<account>/} after it)
 * @param retentionDays days a log object is kept
 * @param tags          resource tags
 */
public record AccessLogBucketProps(String bucketName, AwsLocation location, String prefix, int retentionDays,
                                   Map<String, String> tags) {

    public AccessLogBucketProps {
        Objects.requireNonNull(location, "location");
        if (bucketName == null || !bucketName.matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")) {
            throw new IllegalArgumentException("access log bucket '" + bucketName
                + "' is not a bucket name of 3-63 lower-case letters, digits and hyphens");
        }
        if (prefix == null || !prefix.matches("^[a-z0-9][a-z0-9-]{0,62}$")) {
            throw new IllegalArgumentException("access log prefix '" + prefix + "' must be a lower-case label (no slashes; ELB adds AWSLogs/)");
        }
        if (retentionDays < 1 || retentionDays > 3650) {
            throw new IllegalArgumentException("access log retentionDays must be 1..3650, was " + retentionDays);
        }
        tags = Map.copyOf(tags);
    }
}
