package dev.openhands.platform.modules.iam;

import java.util.regex.Pattern;

/**
 * Where a construct's resources live: an account and a region. Both are validated, so the two can never be passed
 * the wrong way round; exact ARNs are built from here rather than from loose strings.
 *
 * @param accountId the 12-digit AWS account id
 * @param region    the region name, e.g. {@code eu-west-1}
 */
public record AwsLocation(String accountId, String region) {

    private static final Pattern ACCOUNT = Pattern.compile("^[0-9]{12}$");

    public AwsLocation {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId '" + accountId + "' is not a 12-digit AWS account id");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
    }

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    public String partition() {
        return AwsPartition.of(region);
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    /** An ARN of a global service (IAM): no region, e.g. {@code arn:aws:iam::<account>:root}. */
    public String globalArn(String service, String resource) {
        return "arn:" + partition() + ":" + service + "::" + accountId + ":" + resource;
    }
}
