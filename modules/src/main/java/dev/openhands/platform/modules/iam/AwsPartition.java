package dev.openhands.platform.modules.iam;

import java.util.regex.Pattern;

/** The ARN partition and DNS suffix that belong to a region, so ARNs can be written out exactly at synth time. */
public final class AwsPartition {

    private static final Pattern REGION = Pattern.compile("^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\\d$");

    private AwsPartition() {
    }

    public static boolean isRegion(String region) {
        return region != null && REGION.matcher(region).matches();
    }

    public static String of(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    public static String dnsSuffix(String region) {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
