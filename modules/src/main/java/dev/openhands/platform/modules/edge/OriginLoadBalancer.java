package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_ec2_managed_prefix_list.DataAwsEc2ManagedPrefixList;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb.LbAccessLogs;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultActionFixedResponse;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRule;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleAction;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleActionAuthenticateCognito;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleCondition;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleConditionHostHeader;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleConditionHttpHeader;
import com.hashicorp.cdktf.providers.aws.lb_listener_rule.LbListenerRuleConditionPathPattern;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.network.ClientGroup;
import dev.openhands.platform.modules.network.PrivateNetwork;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Application Load Balancer that only CloudFront reaches from outside, in one of two ways ({@link OriginAccess}):
 * <ul>
 * <li>header: internet-facing in the public subnets; its group admits HTTPS from the CloudFront origin-facing prefix
 *     list alone, and every listener rule also requires the origin header ({@value VerifiedOrigin#HEADER_NAME}) whose
 *     value lives in Secrets Manager (see {@link OriginSecret}).</li>
 * <li>vpc-origin: internal in the private subnets, without a public address; CloudFront reaches it through a VPC
 *     origin ({@link EdgeVpcOrigin} admits CloudFront's interfaces to the group), so the rules need no header. Its
 *     group also admits {@link #getInternalClientSecurityGroupId()} on 443: callers inside the VPC (the app server)
 *     reach the sandboxes' public names here through the split-horizon zone.</li>
 * </ul>
 * A request that matches no rule, or lacks the header, gets a fixed 403.
 *
 * <p>The rules, in evaluation order:
 * <ol>
 * <li>{@value #PRIORITY_SANDBOX_CALLS}: {@code /api/v1/webhooks/*} and {@code /health} → the app, without sign-in:
 *     sandboxes call these with no browser session (the webhooks carry the session key, the health check reveals
 *     nothing). With the header on any host; through a VPC origin on the app hosts only, because the app's own calls
 *     to a sandbox's {@code /health} arrive here too and belong to the sandbox.</li>
 * <li>{@value #PRIORITY_SANDBOX_TOOLS}: {@code vscode-*} and {@code work-*} hosts under the sandbox domain → the
 *     sandbox router, without Cognito: Cognito accepts only exact callback URLs, never wildcards, so a per-sandbox
 *     host could never finish a sign-in. VS Code's connection token ({@code tkn}, checked by openvscode-server) is the
 *     credential there; the {@code work-N-} hosts have none but their 125-bit unguessable sandbox label, a capability
 *     URL (a remaining risk, see docs/sandboxes.md). A rule of its own so that the routes stay visible and separable.</li>
 * <li>{@value #PRIORITY_AGENTS}: {@code *.<sandbox domain>} → the sandbox router without sign-in: the browser's
 *     WebSocket to the agent server carries the session key, which the agent server checks.</li>
 * <li>{@value #PRIORITY_APP}: the app hosts → Cognito sign-in, then the app.</li>
 * </ol>
 *
 * <p>With the header, Terraform creates each header condition with a random placeholder ({@code uuid()}, unknown to anyone) and then
 * ignores the rules' conditions: the rotation function owns the accepted values. A change of a rule's hosts or paths
 * replaces the rule (through a {@code terraform_data} of them), and the rotation runs again for the new rule.
 */
public class OriginLoadBalancer extends Construct implements VerifiedOrigin {

    public static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    public static final String CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
    public static final int ROUTER_PORT = 8080;
    public static final String ROUTER_HEALTH_PATH = "/healthz";
    public static final List<String> SANDBOX_CALL_PATHS = List.of("/api/v1/webhooks/*", "/health");
    public static final int PRIORITY_SANDBOX_CALLS = 10;
    public static final int PRIORITY_SANDBOX_TOOLS = 20;
    public static final int PRIORITY_AGENTS = 30;
    public static final int PRIORITY_APP = 40;
    /** Replaced by the rotation function within the same apply; random so that nobody can send it meanwhile. */
    static final String PLACEHOLDER = "${uuid()}";

    private final Lb loadBalancer;
    private final LbTargetGroup appTargets;
    // Attributes read once: each read is a round trip to Node.
    private final String loadBalancerArn;
    private final String securityGroupId;
    private final String appTargetsArn;
    private final String routerTargetsArn;
    private final String listenerArn;
    private final Map<String, LbListenerRule> rules = new LinkedHashMap<>();
    private final String internalClients;

    public OriginLoadBalancer(Construct scope, String id, OriginLoadBalancerProps props) {
        super(scope, id);
        String name = props.name();
        OriginLoadBalancerProps.Routes routes = props.routes();

        boolean header = props.placement().access() == OriginAccess.HEADER;
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(name + "-origin")
            .description(header
                ? "Origin load balancer: HTTPS from CloudFront's origin-facing addresses only; out to its targets only"
                : "Internal origin load balancer: HTTPS from CloudFront's VPC origin and its internal clients only; out to its targets only")
            .vpcId(props.placement().subnets().vpcId())
            .tags(PrivateNetwork.named(props.tags(), name + "-origin"))
            .build();
        this.securityGroupId = securityGroup.getId();
        if (header) {
            DataAwsEc2ManagedPrefixList cloudFront = DataAwsEc2ManagedPrefixList.Builder.create(this, "cloudfront-origin-facing")
                .name(CLOUDFRONT_PREFIX_LIST)
                .build();
            VpcSecurityGroupIngressRule.Builder.create(this, "https-from-cloudfront")
                .securityGroupId(securityGroupId).prefixListId(cloudFront.getId())
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .description("HTTPS from CloudFront origin-facing servers")
                .build();
            this.internalClients = null;
        } else {
            this.internalClients = new ClientGroup(name + "-origin-client",
                "Attach to what calls sandboxes by their public names from inside the VPC (the app server)",
                props.placement().subnets().vpcId(), securityGroupId, 443, "Sandbox public names from inside the VPC", props.tags()).create(this);
        }
        for (OriginLoadBalancerProps.TargetAccess target : props.targets()) {
            VpcSecurityGroupEgressRule.Builder.create(this, "to-targets-" + props.targets().indexOf(target))
                .securityGroupId(securityGroupId).referencedSecurityGroupId(target.securityGroupId())
                .ipProtocol("tcp").fromPort(target.port()).toPort(target.port())
                .description("Forwarded requests and health checks")
                .build();
        }

        AccessLogBucket logs = new AccessLogBucket(this, "access-logs", new AccessLogBucketProps(props.accessLogs().bucketName(),
            props.location(), "alb", props.accessLogs().retentionDays(), props.tags()));
        this.loadBalancer = Lb.Builder.create(this, "alb")
            .name(name)
            .loadBalancerType("application")
            .internal(!header)
            .subnets(props.placement().subnets().subnetIds())
            .securityGroups(List.of(securityGroupId))
            .idleTimeout(props.placement().idleTimeoutSeconds())
            .dropInvalidHeaderFields(true)
            .enableDeletionProtection(props.production())
            .accessLogs(LbAccessLogs.builder().enabled(true).bucket(logs.getBucketName()).prefix(logs.getPrefix()).build())
            .dependsOn(List.of(logs.getPolicy()))
            .tags(props.tags())
            .build();
        this.loadBalancerArn = loadBalancer.getArn();

        this.appTargets = targetGroup("app", name + "-app", routes.appPort(), routes.appHealthPath(), props);
        this.appTargetsArn = appTargets.getArn();
        this.routerTargetsArn = targetGroup("router", name + "-sbx", ROUTER_PORT, ROUTER_HEALTH_PATH, props).getArn();

        this.listenerArn = LbListener.Builder.create(this, "https")
            .loadBalancerArn(loadBalancerArn)
            .port(443)
            .protocol("HTTPS")
            .sslPolicy(SSL_POLICY)
            .certificateArn(props.certificateArn())
            .defaultAction(List.of(LbListenerDefaultAction.builder().type("fixed-response")
                .fixedResponse(LbListenerDefaultActionFixedResponse.builder().statusCode("403").contentType("text/plain")
                    .messageBody("Forbidden").build()).build()))
            .tags(props.tags())
            .build()
            .getArn();

        String sandboxes = routes.sandboxDomain();
        List<LbListenerRuleCondition> sandboxCalls = new ArrayList<>(List.of(
            LbListenerRuleCondition.builder().pathPattern(LbListenerRuleConditionPathPattern.builder().values(SANDBOX_CALL_PATHS).build()).build()));
        if (!header) {
            sandboxCalls.add(hosts(routes.appHosts()));
        }
        rule("sandbox-calls", PRIORITY_SANDBOX_CALLS, sandboxCalls, List.of(forward(1, appTargetsArn)), props);
        rule("sandbox-tools", PRIORITY_SANDBOX_TOOLS,
            List.of(hosts(List.of("vscode-*." + sandboxes, "work-*." + sandboxes))),
            List.of(forward(1, routerTargetsArn)), props);
        rule("agents", PRIORITY_AGENTS, List.of(hosts(List.of("*." + sandboxes))), List.of(forward(1, routerTargetsArn)), props);
        rule("app", PRIORITY_APP, List.of(hosts(routes.appHosts())), List.of(signIn(props), forward(2, appTargetsArn)), props);
    }

    private LbTargetGroup targetGroup(String id, String groupName, int port, String healthPath, OriginLoadBalancerProps props) {
        return LbTargetGroup.Builder.create(this, id + "-targets")
            .name(groupName)
            .targetType("ip")
            .protocol("HTTP")
            .port(port)
            .vpcId(props.placement().subnets().vpcId())
            .deregistrationDelay("30")
            .healthCheck(LbTargetGroupHealthCheck.builder().enabled(true).path(healthPath).protocol("HTTP").port("traffic-port")
                .matcher("200").interval(15).healthyThreshold(2).unhealthyThreshold(3).timeout(5).build())
            .tags(props.tags())
            .build();
    }

    private static LbListenerRuleCondition hosts(List<String> hosts) {
        return LbListenerRuleCondition.builder().hostHeader(LbListenerRuleConditionHostHeader.builder().values(hosts).build()).build();
    }

    private static LbListenerRuleAction forward(int order, String targetsArn) {
        return LbListenerRuleAction.builder().type("forward").order(order).targetGroupArn(targetsArn).build();
    }

    private static LbListenerRuleAction signIn(OriginLoadBalancerProps props) {
        return LbListenerRuleAction.builder().type("authenticate-cognito").order(1)
            .authenticateCognito(LbListenerRuleActionAuthenticateCognito.builder()
                .userPoolArn(props.signIn().getUserPoolArn())
                .userPoolClientId(props.signIn().getClientId())
                .userPoolDomain(props.signIn().getDomainPrefix())
                .scope("openid email profile")
                .sessionTimeout(props.sessionTimeout().toSeconds())
                .onUnauthenticatedRequest("authenticate")
                .build())
            .build();
    }

    /**
     * A rule; with the header it also requires the origin header. Its conditions are then the rotation function's after
     * creation, and a {@code terraform_data} holding the hosts or paths replaces the rule when they change.
     */
    private void rule(String id, int priority, List<LbListenerRuleCondition> match, List<LbListenerRuleAction> actions,
                      OriginLoadBalancerProps props) {
        LbListenerRule.Builder rule = LbListenerRule.Builder.create(this, id + "-rule")
            .listenerArn(listenerArn)
            .priority(priority)
            .action(actions)
            .tags(props.tags());
        if (props.placement().access() == OriginAccess.HEADER) {
            String trigger = (props.name() + "_" + id).replaceAll("[^A-Za-z0-9_]", "_") + "_match";
            List<String> matched = new ArrayList<>();
            for (LbListenerRuleCondition condition : match) {
                matched.addAll(condition.getHostHeader() != null ? condition.getHostHeader().getValues() : condition.getPathPattern().getValues());
            }
            TerraformStack.of(this).addOverride("resource.terraform_data." + trigger, Map.of("input", matched));
            LbListenerRuleCondition header = LbListenerRuleCondition.builder().httpHeader(LbListenerRuleConditionHttpHeader.builder()
                .httpHeaderName(HEADER_NAME).values(List.of(PLACEHOLDER)).build()).build();
            List<LbListenerRuleCondition> conditions = new ArrayList<>(match);
            conditions.add(header);
            rule.condition(conditions)
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("condition"))
                    .replaceTriggeredBy(List.of("terraform_data." + trigger)).build());
        } else {
            rule.condition(match);
        }
        rules.put(id, rule.build());
    }

    @Override
    public String getDnsName() {
        return loadBalancer.getDnsName();
    }

    /** The four guarded rules, in priority order: sandbox calls, sandbox tools, agents, app. */
    @Override
    public List<String> getRuleArns() {
        return rules.values().stream().map(LbListenerRule::getArn).toList();
    }

    /** The hosted zone of the load balancer's DNS name (for alias records, if any point at it directly). */
    public String getZoneId() {
        return loadBalancer.getZoneId();
    }

    public String getArn() {
        return loadBalancerArn;
    }

    /** {@code app/<name>/<id>}: the LoadBalancer dimension of its metrics. */
    public String getArnSuffix() {
        return loadBalancer.getArnSuffix();
    }

    /** The load balancer's group: the app's and the router's groups admit their port from it. */
    public String getSecurityGroupId() {
        return securityGroupId;
    }

    public String getAppTargetGroupArn() {
        return appTargetsArn;
    }

    /** {@code targetgroup/<name>/<id>}: the TargetGroup dimension of the app's metrics and request-count scaling. */
    public String getAppTargetGroupArnSuffix() {
        return appTargets.getArnSuffix();
    }

    public String getRouterTargetGroupArn() {
        return routerTargetsArn;
    }

    /**
     * The group whose members reach this load balancer on 443 from inside the VPC (through a VPC origin only; with
     * the header the sandboxes' internal entry is a load balancer of its own).
     */
    public java.util.Optional<String> getInternalClientSecurityGroupId() {
        return java.util.Optional.ofNullable(internalClients);
    }

    public String getListenerArn() {
        return listenerArn;
    }

    public String getSandboxCallsRuleArn() {
        return rules.get("sandbox-calls").getArn();
    }

    public String getSandboxToolsRuleArn() {
        return rules.get("sandbox-tools").getArn();
    }

    public String getAgentsRuleArn() {
        return rules.get("agents").getArn();
    }

    public String getAppRuleArn() {
        return rules.get("app").getArn();
    }
}
