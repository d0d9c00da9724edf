package dev.openhands.platform.main.tiers;

import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.stacks.StackFoundation;
import dev.openhands.platform.modules.data.SecureBucketProps;
import dev.openhands.platform.modules.edge.EdgeAliasRecords;
import dev.openhands.platform.modules.edge.EdgeAliasRecordsProps;
import dev.openhands.platform.modules.edge.EdgeCertificate;
import dev.openhands.platform.modules.edge.EdgeCertificateProps;
import dev.openhands.platform.modules.edge.EdgeDistribution;
import dev.openhands.platform.modules.edge.EdgeDistributionProps;
import dev.openhands.platform.modules.edge.EdgeFirewall;
import dev.openhands.platform.modules.edge.EdgeFirewallProps;
import dev.openhands.platform.modules.edge.EdgeLogBucket;
import dev.openhands.platform.modules.edge.EdgeOrigin;
import dev.openhands.platform.modules.edge.EdgeSecurityHeaders;
import dev.openhands.platform.modules.edge.EdgeSecurityHeadersProps;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.identity.UserDirectory;
import dev.openhands.platform.modules.identity.UserDirectoryProps;
import dev.openhands.platform.modules.identity.UserSignIn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public entrance of an ecs-fargate environment: the Cognito user pool (a callback and a logout URL for every
 * domain), the certificates (CloudFront's in {@code us-east-1}, the load balancer's in the environment's region, both
 * for every domain and the sandbox wildcard, validated in the hosted zone), the CLOUDFRONT-scope web ACL, and two
 * distributions in front of the load balancer with alias records.
 *
 * <p>Two distributions, not one per domain and not one for everything: every app domain serves the same app from the
 * same origin with the same rules, so they are aliases of one distribution (one more domain is one more alias, no
 * new resources, and CloudFront's quota of 100 aliases is far away). The sandbox wildcard gets its own distribution
 * because its pages are framed by the app (CSP {@code frame-ancestors} naming the app's domains) while the app's are
 * not (X-Frame-Options), and response headers are chosen per distribution and path, never per host name.
 */
public final class FrontDoorTier {

    /** CloudFront reads its certificate and its web ACL in this region only. */
    public static final String CLOUDFRONT_REGION = "us-east-1";

    private final UserDirectory users;
    private final EdgeCertificate loadBalancerCertificate;
    private final List<EdgeDistribution> distributions = new ArrayList<>();

    public FrontDoorTier(EnvironmentScope scope, EnvironmentConfig.FrontDoor frontDoor, EdgeOrigin origin) {
        EnvironmentConfig env = scope.env();
        AwsProvider global = StackFoundation.aliased(scope.stack(), env, CLOUDFRONT_REGION);
        EnvironmentConfig.SignIn signIn = frontDoor.signIn();
        this.users = new UserDirectory(scope.stack(), "users", UserDirectoryProps.builder()
            .name(scope.prefix())
            .domainPrefix(signIn.domainPrefix())
            .appDomains(frontDoor.domains())
            .mfa(signIn.mfa())
            .threatProtection(signIn.threatProtection())
            .selfSignUp(signIn.selfSignUp())
            .deletionProtection(env.production())
            .tokens(signIn.tokens())
            .groups(signIn.groups())
            .federation(signIn.federation())
            .tags(EnvironmentScope.NO_EXTRA_TAGS)
            .build());

        List<String> names = new ArrayList<>(frontDoor.domains());
        names.add(frontDoor.sandboxWildcard());
        String zone = frontDoor.hostedZone().id();
        EdgeCertificate cloudFrontCertificate = new EdgeCertificate(scope.stack(), "edge-certificate",
            new EdgeCertificateProps(names, zone, Optional.of(global), EnvironmentScope.NO_EXTRA_TAGS));
        this.loadBalancerCertificate = new EdgeCertificate(scope.stack(), "origin-certificate",
            new EdgeCertificateProps(names, zone, Optional.empty(), EnvironmentScope.NO_EXTRA_TAGS));
        EdgeFirewall firewall = new EdgeFirewall(scope.stack(), "edge-firewall", new EdgeFirewallProps(scope.prefix() + "-edge",
            frontDoor.waf().rateLimitPer5Minutes(), frontDoor.waf().allowCidrs(), frontDoor.waf().anonymousIpList(), global,
            EnvironmentScope.NO_EXTRA_TAGS));

        Optional<String> logs = Optional.empty();
        if (frontDoor.accessLogs()) {
            CustomerManagedKey key = new CustomerManagedKey(scope.stack(), "edge-logs-key", new CustomerManagedKeyProps(
                scope.prefix() + "-edge-logs", scope.location(), "OpenHands " + env.name() + ": CloudFront access logs",
                List.of(EdgeLogBucket.keyGrant(scope.location())), 30, EnvironmentScope.NO_EXTRA_TAGS));
            EdgeLogBucket bucket = new EdgeLogBucket(scope.stack(), "edge-logs", new SecureBucketProps(
                scope.prefix() + "-edge-logs-" + env.aws().accountId(), key, env.aws().region(), 30, env.production(),
                EnvironmentScope.NO_EXTRA_TAGS));
            logs = Optional.of(bucket.getDomainName());
        }

        List<String> appOrigins = frontDoor.domains().stream().map(d -> "https://" + d).toList();
        EdgeSecurityHeaders appHeaders = new EdgeSecurityHeaders(scope.stack(), "app-headers",
            new EdgeSecurityHeadersProps(scope.prefix() + "-app", List.of()));
        EdgeSecurityHeaders sandboxHeaders = new EdgeSecurityHeaders(scope.stack(), "sandbox-headers",
            new EdgeSecurityHeadersProps(scope.prefix() + "-sandboxes", appOrigins));
        EdgeDistribution app = distribution(scope, "app", "OpenHands " + env.name() + ": the app", frontDoor.domains(),
            cloudFrontCertificate, origin, firewall, appHeaders, logs);
        EdgeDistribution sandboxes = distribution(scope, "sandboxes", "OpenHands " + env.name() + ": sandboxes",
            List.of(frontDoor.sandboxWildcard()), cloudFrontCertificate, origin, firewall, sandboxHeaders, logs);
        new EdgeAliasRecords(scope.stack(), "app-names", new EdgeAliasRecordsProps(zone, frontDoor.domains(), app));
        new EdgeAliasRecords(scope.stack(), "sandbox-names", new EdgeAliasRecordsProps(zone, List.of(frontDoor.sandboxWildcard()),
            sandboxes));

        scope.output("app_url", "Where users open OpenHands.", "https://" + frontDoor.primaryDomain() + "/");
        scope.output("user_pool_id", "The Cognito user pool: invite users here (aws cognito-idp admin-create-user).", users.getUserPoolId());
        scope.output("distribution_ids", "The CloudFront distributions (app, sandboxes) whose origin header the rotation function writes.",
            distributions.stream().map(EdgeDistribution::getId).toList());
    }

    private EdgeDistribution distribution(EnvironmentScope scope, String id, String comment, List<String> aliases,
                                          EdgeCertificate certificate, EdgeOrigin origin, EdgeFirewall firewall,
                                          EdgeSecurityHeaders headers, Optional<String> logs) {
        EdgeDistribution distribution = new EdgeDistribution(scope.stack(), id + "-distribution", new EdgeDistributionProps(comment,
            aliases, certificate.getValidatedArn(), origin, firewall.getArn(), logs, headers.getId(), EnvironmentScope.NO_EXTRA_TAGS,
            id + "/"));
        distributions.add(distribution);
        return distribution;
    }

    /** What the load balancer's {@code authenticate-cognito} action needs. */
    public UserSignIn signIn() {
        return users;
    }

    /** The validated regional certificate for the load balancer's HTTPS listener. */
    public String loadBalancerCertificateArn() {
        return loadBalancerCertificate.getValidatedArn();
    }

    /** The distributions (app, sandboxes): the rotation function updates their origin header. */
    public List<EdgeDistribution> distributions() {
        return List.copyOf(distributions);
    }
}
