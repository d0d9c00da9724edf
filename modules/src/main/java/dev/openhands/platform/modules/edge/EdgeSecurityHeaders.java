package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicy;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfig;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicy;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy;
import com.hashicorp.cdktf.providers.aws.cloudfront_response_headers_policy.CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity;
import software.constructs.Construct;

/**
 * A CloudFront response headers policy: HSTS for two years with subdomains, {@code nosniff}, a strict referrer
 * policy, and framing limited to the site itself, or (for sandbox hosts, which the app shows in frames) to the listed
 * app origins through CSP {@code frame-ancestors}: {@code X-Frame-Options} cannot name another origin.
 */
public class EdgeSecurityHeaders extends Construct {

    static final int HSTS_SECONDS = 63_072_000;

    private final CloudfrontResponseHeadersPolicy policy;

    public EdgeSecurityHeaders(Construct scope, String id, EdgeSecurityHeadersProps props) {
        super(scope, id);
        CloudfrontResponseHeadersPolicySecurityHeadersConfig.Builder headers = CloudfrontResponseHeadersPolicySecurityHeadersConfig.builder()
            .strictTransportSecurity(CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity.builder()
                .accessControlMaxAgeSec(HSTS_SECONDS).includeSubdomains(true).preload(false).override(true).build())
            .contentTypeOptions(CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions.builder().override(true).build())
            .referrerPolicy(CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy.builder()
                .referrerPolicy("strict-origin-when-cross-origin").override(true).build());
        if (props.frameAncestors().isEmpty()) {
            headers.frameOptions(CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions.builder()
                .frameOption("SAMEORIGIN").override(true).build());
        } else {
            // override false: a sandbox's own stricter policy (VS Code sends one) wins over this fallback.
            headers.contentSecurityPolicy(CloudfrontResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicy.builder()
                .contentSecurityPolicy("frame-ancestors 'self' " + String.join(" ", props.frameAncestors()))
                .override(false).build());
        }
        this.policy = CloudfrontResponseHeadersPolicy.Builder.create(this, "policy")
            .name(props.name())
            .comment("OpenHands security headers")
            .securityHeadersConfig(headers.build())
            .build();
    }

    public String getId() {
        return policy.getId();
    }
}
