package dev.openhands.platform.main.tiers;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.route53_record.Route53Record;
import com.hashicorp.cdktf.providers.aws.route53_record.Route53RecordAlias;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
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
import dev.openhands.platform.modules.edge.EdgeFirewallMonitoring;
import dev.openhands.platform.modules.edge.EdgeFirewallMonitoringProps;
import dev.openhands.platform.modules.edge.EdgeFirewallProps;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.edge.EdgeLogBucket;
import dev.openhands.platform.modules.edge.EdgeOrigin;
import dev.openhands.platform.modules.edge.EdgeSecurityHeaders;
import dev.openhands.platform.modules.edge.EdgeSecurityHeadersProps;
import dev.openhands.platform.modules.edge.EdgeVpcOrigin;
import dev.openhands.platform.modules.edge.EdgeVpcOriginProps;
import dev.openhands.platform.modules.edge.OriginAccess;
import dev.openhands.platform.modules.edge.OriginLoadBalancer;
import dev.openhands.platform.modules.edge.OriginLoadBalancerProps;
import dev.openhands.platform.modules.edge.OriginSecret;
import dev.openhands.platform.modules.edge.OriginSecretProps;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.sandbox.LoadBalancerAttachment;
import dev.openhands.platform.modules.sandbox.SandboxInternalEntry;
import dev.openhands.platform.modules.sandbox.SandboxInternalEntryProps;
import dev.openhands.platform.modules.sandbox.SandboxNameZone;
import dev.openhands.platform.modules.sandbox.SandboxNameZoneProps;
import dev.openhands.platform.modules.sandbox.SandboxRouter;
import dev.openhands.platform.modules.sandbox.SandboxRouterConfig;
import dev.openhands.platform.modules.sandbox.SandboxRouterProps;
import dev.openhands.platform.modules.identity.UserDirectory;
import dev.openhands.platform.modules.identity.UserDirectoryProps;
import dev.openhands.platform.modules.identity.UserSignIn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The public entrance of an ecs-fargate environment: the Cognito user pool (a callback and a logout URL for every
 * domain), the certificates (CloudFront's in {@code us-east-1}, the load balancer's in the environment's region, both
 * for every domain and the sandbox wildcard, validated in the hosted zone), the CLOUDFRONT-scope web ACL with its request
 * logs and blocked-requests alarm beside it in {@code us-east-1}, and two distributions in front of the load balancer with
 * alias records.
 *
 * <p>Two distributions, not one per domain and not one for everything: every app domain serves the same app from the
 * same origin with the same rules, so they are aliases of one distribution (one more domain is one more alias, no
 * new resources, and CloudFront's quota of 100 aliases is far away). The sandbox wildcard gets its own distribution
 * because its pages are framed by the app (CSP {@code frame-ancestors} naming the app's domains) while the app's are
 * not (X-Frame-Options), and response headers are chosen per distribution and path, never per host name.
 *
 * <p>Behind CloudFront: the origin load balancer, named {@code origin.<primary domain>} (an alias record; the name is on
 * the regional certificate, so CloudFront's HTTPS to it verifies), and the sandbox router. How only CloudFront reaches
 * the load balancer is {@code frontDoor.originAccess} ({@link OriginAccess}):
 * <ul>
 * <li>vpc-origin (the default): the load balancer is internal, in the private subnets, behind a CloudFront VPC origin;
 *     no secret exists. It is also the sandboxes' entry inside the VPC: the split-horizon zone's wildcard aliases it and
 *     the app's tasks reach it on 443. One load balancer.</li>
 * <li>header: the load balancer is internet-facing in the public subnets, and an origin secret whose rotation writes
 *     the header value into both distributions and the load balancer's rules; the sandboxes' internal entry is a second,
 *     internal load balancer.</li>
 * </ul>
 * The app service registers in {@link #appTargetGroupArn()} and wears {@link #appSecurityGroupId()}, which alone the load
 * balancer reaches on the app port.
 */
public final class FrontDoorTier {

    /** CloudFront reads its certificate and its web ACL in this region only. */
    public static final String CLOUDFRONT_REGION = "us-east-1";
    /** The OpenHands app server's port (its container listens here). */
    public static final int APP_PORT = AppTier.APP_PORT;
    public static final String APP_HEALTH_PATH = AppTier.HEALTH_PATH;
    /** Request headers the web ACL's logs never show: users' credentials. */
    static final List<String> REDACTED_CREDENTIALS = List.of("authorization", "cookie");
    /** With the origin header, the origin secret CloudFront adds too. */
    static final List<String> REDACTED_HEADERS = Stream.concat(REDACTED_CREDENTIALS.stream(),
        Stream.of(EdgeOrigin.VERIFY_HEADER.toLowerCase(Locale.ROOT))).toList();

    private final UserDirectory users;
    private final EdgeCertificate loadBalancerCertificate;
    private final List<EdgeDistribution> distributions = new ArrayList<>();
    private final OriginLoadBalancer loadBalancer;
    private final SecurityGroup appGroup;
    private final SandboxRouter router;
    private final String sandboxEntryClients;

    public FrontDoorTier(EnvironmentScope scope, EnvironmentConfig.FrontDoor frontDoor, KeysTier keys, NetworkTier network,
                         SandboxTier sandboxTier) {
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
        // The regional certificate also names origin.<primary>: CloudFront connects to that name and verifies it.
        List<String> regionalNames = new ArrayList<>(names);
        regionalNames.add(frontDoor.originDomain());
        this.loadBalancerCertificate = new EdgeCertificate(scope.stack(), "origin-certificate",
            new EdgeCertificateProps(regionalNames, zone, Optional.empty(), EnvironmentScope.NO_EXTRA_TAGS));

        this.appGroup = SecurityGroup.Builder.create(scope.stack(), "app-ingress-sg")
            .name(scope.prefix() + "-app-ingress")
            .description("OpenHands app service: its port from the origin load balancer only")
            .vpcId(network.network().getVpcId())
            .tags(PrivateNetwork.named(EnvironmentScope.NO_EXTRA_TAGS, scope.prefix() + "-app-ingress"))
            .build();
        OriginAccess access = frontDoor.originAccess();
        boolean header = access == OriginAccess.HEADER;
        // The router's side (the load balancer's egress to it, its ingress from it) is SandboxRouter's, per attachment.
        this.loadBalancer = new OriginLoadBalancer(scope.stack(), "origin", OriginLoadBalancerProps.builder()
            .name(scope.prefix())
            .location(scope.location())
            .access(access)
            .subnets(new OriginLoadBalancerProps.Subnets(network.network().getVpcId(), header
                ? network.network().getPublicSubnetIds() : network.network().getPrivateSubnetIds()))
            // Through a VPC origin the app's WebSockets to sandboxes pass here too, idle while the agent thinks.
            // The ALB's default where only CloudFront (itself limited to 60 s) reaches the load balancer.
            .idleTimeoutSeconds(header ? OriginLoadBalancerProps.DEFAULT_IDLE_TIMEOUT_SECONDS : SandboxInternalEntry.IDLE_TIMEOUT_SECONDS)
            .certificateArn(loadBalancerCertificate.getValidatedArn())
            .routes(new OriginLoadBalancerProps.Routes(frontDoor.domains(), frontDoor.sandboxDomain(), APP_PORT, APP_HEALTH_PATH))
            .signIn(users)
            .targets(List.of(new OriginLoadBalancerProps.TargetAccess(appGroup.getId(), APP_PORT)))
            .accessLogs(new OriginLoadBalancerProps.AccessLogs(scope.prefix() + "-alb-logs-" + env.aws().accountId(),
                sandboxTier.logs().retentionDays()))
            .production(env.production())
            .tags(EnvironmentScope.NO_EXTRA_TAGS)
            .build());
        // The app service wears this group and adds no rule of its own: one rule admits the load balancer.
        VpcSecurityGroupIngressRule.Builder.create(scope.stack(), "app-from-origin")
            .securityGroupId(appGroup.getId()).referencedSecurityGroupId(loadBalancer.getSecurityGroupId())
            .ipProtocol("tcp").fromPort(APP_PORT).toPort(APP_PORT)
            .description("Requests and health checks from the origin load balancer")
            .build();
        Route53Record.Builder.create(scope.stack(), "origin-name")
            .zoneId(zone)
            .name(frontDoor.originDomain())
            .type("A")
            .alias(Route53RecordAlias.builder().name(loadBalancer.getDnsName()).zoneId(loadBalancer.getZoneId())
                .evaluateTargetHealth(false).build())
            .build();

        SandboxRouterConfig routes = SandboxRouterConfig.inVpc(frontDoor.sandboxDomain(), sandboxTier.zone().getZoneName(),
            sandboxTier.agentPort(), header ? List.of(EdgeOrigin.VERIFY_HEADER) : List.of());
        List<LoadBalancerAttachment> attachments = new ArrayList<>();
        attachments.add(new LoadBalancerAttachment(loadBalancer.getRouterTargetGroupArn(), loadBalancer.getSecurityGroupId()));
        EdgeOrigin origin;
        if (header) {
            origin = EdgeOrigin.verifiedByHeader(frontDoor.originDomain());
            SandboxInternalEntry internalEntry = new SandboxInternalEntry(scope.stack(), "sandbox-entry", new SandboxInternalEntryProps(
                scope.prefix(), network.network(), loadBalancerCertificate.getValidatedArn(), routes, env.production(),
                EnvironmentScope.NO_EXTRA_TAGS));
            attachments.add(internalEntry.getRouterAttachment());
            this.sandboxEntryClients = internalEntry.getClientSecurityGroupId();
        } else {
            EdgeVpcOrigin vpcOrigin = new EdgeVpcOrigin(scope.stack(), "vpc-origin", new EdgeVpcOriginProps(scope.prefix() + "-origin",
                loadBalancer.getArn(), loadBalancer.getSecurityGroupId(), network.network().getVpcId(), EnvironmentScope.NO_EXTRA_TAGS));
            origin = EdgeOrigin.throughVpcOrigin(frontDoor.originDomain(), vpcOrigin.getId());
            // The origin load balancer is internal already: it answers the sandboxes' names inside the VPC too.
            new SandboxNameZone(scope.stack(), "sandbox-names-inside", new SandboxNameZoneProps(frontDoor.sandboxDomain(),
                network.network().getVpcId(), loadBalancer.getDnsName(), loadBalancer.getZoneId(), EnvironmentScope.NO_EXTRA_TAGS));
            this.sandboxEntryClients = loadBalancer.getInternalClientSecurityGroupId().orElseThrow();
        }
        this.router = new SandboxRouter(scope.stack(), "sandbox-router", new SandboxRouterProps(scope.prefix(), scope.location(),
            network.network(), routes, frontDoor.routerImage(),
            new SandboxRouterProps.Tasks(frontDoor.routerTasks(), scope.env().production() ? FargateCapacity.ON_DEMAND : FargateCapacity.SPOT),
            attachments, sandboxTier.template().getSecurityGroupId(), network.endpoints(), sandboxTier.logs(), EnvironmentScope.NO_EXTRA_TAGS));
        String webAclName = scope.prefix() + "-edge";
        EdgeFirewall firewall = new EdgeFirewall(scope.stack(), "edge-firewall", new EdgeFirewallProps(webAclName,
            frontDoor.waf().rateLimitPer5Minutes(), frontDoor.waf().allowCidrs(), frontDoor.waf().anonymousIpList(), global,
            EnvironmentScope.NO_EXTRA_TAGS));
        int blockedRequests = env.app().orElseThrow(() -> new IllegalArgumentException(env.name()
            + ": a front door needs the app section (app.alarms.wafBlockedRequests)")).alarms().wafBlockedRequests();
        new EdgeFirewallMonitoring(scope.stack(), "edge-firewall-monitoring", new EdgeFirewallMonitoringProps(webAclName,
            firewall.getArn(), new AwsLocation(env.aws().accountId(), CLOUDFRONT_REGION), global, sandboxTier.logs().retentionDays(),
            header ? REDACTED_HEADERS : REDACTED_CREDENTIALS, blockedRequests, env.alerts().emails(), env.alerts().chatWebhookUrl(), EnvironmentScope.NO_EXTRA_TAGS));

        Optional<String> logs = Optional.empty();
        if (frontDoor.accessLogs()) {
            CustomerManagedKey key = new CustomerManagedKey(scope.stack(), "edge-logs-key", new CustomerManagedKeyProps(
                scope.prefix() + "-edge-logs", scope.location(), "OpenHands " + env.name() + ": CloudFront access logs",
                List.of(EdgeLogBucket.keyGrant(scope.location())), 30, EnvironmentScope.NO_EXTRA_TAGS));
            EdgeLogBucket bucket = new EdgeLogBucket(scope.stack(), "edge-logs", new SecureBucketProps(
                scope.prefix() + "-edge-logs-" + env.aws().accountId(), key, env.aws().region(), 30, env.production(),
                EnvironmentScope.NO_EXTRA_TAGS), sandboxTier.logs().retentionDays());
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

        if (header) {
            OriginSecret originSecret = new OriginSecret(scope.stack(), "origin-secret", new OriginSecretProps(scope.prefix(),
                scope.location(), keys.data(), sandboxTier.logs(), sandboxTier.artifact(), frontDoor.originSecretGeneration(), loadBalancer,
                distributions.stream().map(EdgeDistribution::getId).toList(), OriginSecretProps.DEFAULT_GRACE, EnvironmentScope.NO_EXTRA_TAGS));
            scope.output("distribution_ids", "The CloudFront distributions (app, sandboxes) whose origin header the rotation function writes.",
                distributions.stream().map(EdgeDistribution::getId).toList());
            scope.output("origin_secret_function", "Runs the origin secret's rotation (raise frontDoor.originSecretGeneration to rotate).",
                originSecret.getFunctionName());
        }

        scope.output("app_url", "Where users open OpenHands.", "https://" + frontDoor.primaryDomain() + "/");
        scope.output("user_pool_id", "The Cognito user pool: invite users here (aws cognito-idp admin-create-user).", users.getUserPoolId());
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

    /** The target group the app service registers its tasks in. */
    public String appTargetGroupArn() {
        return loadBalancer.getAppTargetGroupArn();
    }

    /** The origin load balancer's security group (what the app's group admits). */
    public String loadBalancerSecurityGroupId() {
        return loadBalancer.getSecurityGroupId();
    }

    /** The group the app service's tasks wear: the load balancer reaches it on {@link #APP_PORT}, nothing else does. */
    public String appSecurityGroupId() {
        return appGroup.getId();
    }

    /**
     * What the app service needs of this tier: the target group and load balancer it registers behind, the sign-in whose
     * identity token its plugin verifies, and the groups its tasks wear (the load balancer's target group and the
     * sandboxes' internal entry). The CloudFront-scope web ACL publishes its metrics in us-east-1 only, where the
     * environment's alarm topic is not, so the app's alarms do not watch it: {@link EdgeFirewallMonitoring} does, there.
     */
    public AppFrontDoor appFrontDoor(EnvironmentScope scope) {
        return new AppFrontDoor(loadBalancer.getAppTargetGroupArn(), loadBalancer.getAppTargetGroupArnSuffix(), loadBalancer.getArn(),
            loadBalancer.getArnSuffix(), appGroup.getId(),
            "https://cognito-idp." + scope.location().region() + ".amazonaws.com/" + users.getUserPoolId(), users.getClientId(),
            List.of(sandboxEntryClients), Optional.empty());
    }

    /** Attach to the app server so it reaches sandboxes by their public names inside the VPC. */
    public String sandboxEntryClientSecurityGroupId() {
        return sandboxEntryClients;
    }

    public OriginLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public SandboxRouter router() {
        return router;
    }

    /** The distributions (app, sandboxes): the rotation function updates their origin header. */
    public List<EdgeDistribution> distributions() {
        return List.copyOf(distributions);
    }
}
