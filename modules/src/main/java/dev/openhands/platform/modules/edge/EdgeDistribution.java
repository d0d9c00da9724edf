package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistribution;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionDefaultCacheBehavior;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionLoggingConfig;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionOrigin;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionOriginCustomHeader;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionOriginCustomOriginConfig;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionRestrictions;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionRestrictionsGeoRestriction;
import com.hashicorp.cdktf.providers.aws.cloudfront_distribution.CloudfrontDistributionViewerCertificate;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

import java.util.List;

/**
 * A CloudFront distribution in front of the load balancer for a dynamic, signed-in app: HTTPS only (TLS 1.2, 2021
 * ciphers, SNI), HTTP/2 and HTTP/3, IPv6, no caching, every viewer header, cookie and query string forwarded (OAuth
 * callbacks, the load balancer's session cookie and WebSocket upgrades need them), HTTPS to the origin, security
 * headers on every response, the WAF web ACL, optional access logs.
 *
 * <p>Through a VPC origin ({@link OriginAccess#VPC_ORIGIN}) the origin carries no header and Terraform owns it whole.
 * Otherwise the origin's {@link EdgeOrigin#VERIFY_HEADER} is created with a placeholder and then owned by the rotation
 * function: {@code origin} is in {@code ignore_changes}. Terraform cannot ignore one header of the origin set, so a
 * change of the load balancer's DNS name needs {@code terraform apply -replace} of the distribution (or an update
 * by the rotation function) too.
 */
public class EdgeDistribution extends Construct {

    /** AWS managed cache policy Managed-CachingDisabled (the same id in every account). */
    public static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** AWS managed origin request policy Managed-AllViewer: every viewer header, cookie and query string. */
    public static final String ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
    static final String ORIGIN_ID = "load-balancer";
    /** Agent turns stream for minutes; CloudFront's 60 s maximum without a quota raise. */
    public static final int ORIGIN_TIMEOUT_SECONDS = 60;

    private final CloudfrontDistribution distribution;

    public EdgeDistribution(Construct scope, String id, EdgeDistributionProps props) {
        super(scope, id);
        CloudfrontDistribution.Builder builder = CloudfrontDistribution.Builder.create(this, "distribution")
            .comment(props.comment())
            .enabled(true)
            .aliases(props.aliases())
            .httpVersion("http2and3")
            .isIpv6Enabled(true)
            .priceClass("PriceClass_100")
            .webAclId(props.webAclArn())
            .origin(List.of(origin(props.origin())))
            .defaultCacheBehavior(CloudfrontDistributionDefaultCacheBehavior.builder()
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy("https-only")
                .allowedMethods(List.of("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"))
                .cachedMethods(List.of("GET", "HEAD"))
                .cachePolicyId(CACHING_DISABLED)
                .originRequestPolicyId(ALL_VIEWER)
                .responseHeadersPolicyId(props.responseHeadersPolicyId())
                .compress(true)
                .build())
            .viewerCertificate(CloudfrontDistributionViewerCertificate.builder()
                .acmCertificateArn(props.certificateArn())
                .sslSupportMethod("sni-only")
                .minimumProtocolVersion("TLSv1.2_2021")
                .build())
            .restrictions(CloudfrontDistributionRestrictions.builder()
                .geoRestriction(CloudfrontDistributionRestrictionsGeoRestriction.builder().restrictionType("none").build())
                .build())
            .tags(props.tags());
        if (props.origin().vpcOriginId().isEmpty()) {
            // The rotation function owns the origin's secret header (see the class comment).
            builder.lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("origin")).build());
        }
        props.logBucketDomainName().ifPresent(bucket -> builder.loggingConfig(CloudfrontDistributionLoggingConfig.builder()
            .bucket(bucket).prefix(props.logPrefix()).includeCookies(false).build()));
        this.distribution = builder.build();
        props.origin().vpcOriginId().ifPresent(vpcOrigin -> distribution.addOverride("origin.0.vpc_origin_config",
            StableJson.object("vpc_origin_id", vpcOrigin, "origin_read_timeout", ORIGIN_TIMEOUT_SECONDS,
                "origin_keepalive_timeout", ORIGIN_TIMEOUT_SECONDS)));
    }

    /**
     * HTTPS only with TLS 1.2 either way. Through a VPC origin the protocol settings are the VPC origin's own and the
     * distribution's origin names only the VPC origin (the bindings predate {@code vpc_origin_config}: an override);
     * otherwise a custom origin carrying the verify header's placeholder.
     */
    private static CloudfrontDistributionOrigin origin(EdgeOrigin origin) {
        CloudfrontDistributionOrigin.Builder builder = CloudfrontDistributionOrigin.builder()
            .originId(ORIGIN_ID)
            .domainName(origin.dnsName());
        if (origin.vpcOriginId().isEmpty()) {
            builder.customOriginConfig(CloudfrontDistributionOriginCustomOriginConfig.builder()
                    .originProtocolPolicy("https-only")
                    .httpPort(80)
                    .httpsPort(443)
                    .originSslProtocols(List.of("TLSv1.2"))
                    .originReadTimeout(ORIGIN_TIMEOUT_SECONDS)
                    .originKeepaliveTimeout(ORIGIN_TIMEOUT_SECONDS)
                    .build())
                .customHeader(List.of(CloudfrontDistributionOriginCustomHeader.builder()
                    .name(EdgeOrigin.VERIFY_HEADER).value(EdgeOrigin.HEADER_PLACEHOLDER).build()));
        }
        return builder.build();
    }

    public String getId() {
        return distribution.getId();
    }

    public String getArn() {
        return distribution.getArn();
    }

    public String getDomainName() {
        return distribution.getDomainName();
    }

    /** The Route 53 zone of CloudFront's names, for alias records. */
    public String getHostedZoneId() {
        return distribution.getHostedZoneId();
    }
}
