package dev.openhands.platform.modules.edge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param comment                 what the distribution serves (shown in the console)
 * @param aliases                 the host names it answers (covered by the certificate)
 * @param certificateArn          a validated ACM certificate in {@code us-east-1}
 * @param origin                  the load balancer behind it
 * @param webAclArn               the CLOUDFRONT-scope WAF web ACL
 * @param logBucketDomainName     {@code <bucket>.s3.amazonaws.com} of the access-log bucket, when logs are kept
 * @param responseHeadersPolicyId the security headers added to every response
 * @param tags                    resource tags
 * @param logPrefix               key prefix of this distribution's logs
 */
public record EdgeDistributionProps(String comment, List<String> aliases, String certificateArn, EdgeOrigin origin,
                                    String webAclArn, Optional<String> logBucketDomainName, String responseHeadersPolicyId,
                                    Map<String, String> tags, String logPrefix) {

    public EdgeDistributionProps {
        Objects.requireNonNull(comment, "comment");
        aliases = EdgeNames.check("distribution aliases", aliases);
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(webAclArn, "webAclArn");
        Objects.requireNonNull(responseHeadersPolicyId, "responseHeadersPolicyId");
        Objects.requireNonNull(logBucketDomainName, "logBucketDomainName");
        if (logPrefix == null || !logPrefix.matches("^[a-z0-9-]+/$")) {
            throw new IllegalArgumentException("log prefix '" + logPrefix + "' must be lower-case letters, digits and hyphens ending in /");
        }
        tags = Map.copyOf(tags);
    }
}
