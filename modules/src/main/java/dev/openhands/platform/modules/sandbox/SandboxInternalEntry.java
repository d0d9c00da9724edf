package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import dev.openhands.platform.modules.network.ClientGroup;
import dev.openhands.platform.modules.network.PrivateNetwork;
import software.constructs.Construct;

import java.util.List;

/**
 * The sandboxes' public names, answered inside the VPC (split horizon) with the origin header
 * ({@code frontDoor.originAccess: header}, where the origin load balancer is internet-facing): a private hosted zone for
 * the public sandbox domain ({@link SandboxNameZone}) whose wildcard record is an alias of an internal load balancer of
 * its own. Through a VPC origin the origin load balancer is internal already and answers these names itself. The load balancer
 * listens on 443 with the same regional wildcard certificate the public ALB uses and forwards every request to the
 * sandbox router (its own target group; the router registers in it as in the public one). So the app server, given
 * {@code https://<label>.<domain>} by the orchestrator, reaches the same router over the same TLS name without leaving
 * the VPC: no NAT, no CloudFront, and it works with {@code egress.mode: none}.
 *
 * <p>Only members of {@link #getClientSecurityGroupId()} (the app service attaches it) reach the load balancer. No
 * Cognito here: the agent route still needs the session key, which the router and the agent server check as on the
 * public path; the VS Code and worker routes are open to the client group, which is the app server alone.
 *
 * <p>Why a load balancer and not an alias straight to the router: the URL is https, and the router's tasks hold no
 * certificate (ACM's cannot be exported to them, a private CA costs 400 USD a month); the load balancer terminates TLS
 * with the ACM certificate. Its cost is in docs/sandboxes.md.
 */
public class SandboxInternalEntry extends Construct {

    public static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    /** As long as the router's read timeout: a conversation's WebSocket idles while the agent thinks. */
    public static final int IDLE_TIMEOUT_SECONDS = SandboxRouterConfig.READ_TIMEOUT_SECONDS;

    private final String zoneId;
    private final SecurityGroup securityGroup;
    private final String securityGroupId;
    private final String clientGroupId;
    private final LbTargetGroup targetGroup;
    private final Lb loadBalancer;
    private final String domain;

    public SandboxInternalEntry(Construct scope, String id, SandboxInternalEntryProps props) {
        super(scope, id);
        String name = props.name();
        this.domain = props.routes().publicDomain();
        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(name + "-sandbox-entry")
            .description("Internal entry to the sandbox router: 443 from its client group only")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), name + "-sandbox-entry"))
            .build();
        this.securityGroupId = securityGroup.getId();
        this.clientGroupId = new ClientGroup(name + "-sandbox-entry-client",
            "Attach to what calls sandboxes by their public names from inside the VPC (the app server)",
            props.network().getVpcId(), securityGroupId, 443, "Sandbox public names from inside the VPC", props.tags())
            .create(this, "clients-to-entry", "To sandboxes by their public names");

        this.loadBalancer = Lb.Builder.create(this, "lb")
            .name(name + "-sbx-entry")
            .internal(true)
            .loadBalancerType("application")
            .subnets(props.network().getPrivateSubnetIds())
            .securityGroups(List.of(securityGroupId))
            .idleTimeout(IDLE_TIMEOUT_SECONDS)
            .dropInvalidHeaderFields(true)
            .enableDeletionProtection(props.deletionProtection())
            .tags(props.tags())
            .build();
        this.targetGroup = LbTargetGroup.Builder.create(this, "router")
            .name(name + "-sbx-router")
            .targetType("ip")
            .protocol("HTTP")
            .port(props.routes().listenPort())
            .vpcId(props.network().getVpcId())
            .deregistrationDelay("30")
            .healthCheck(LbTargetGroupHealthCheck.builder().enabled(true).path("/healthz").protocol("HTTP").matcher("200")
                .interval(15).healthyThreshold(2).unhealthyThreshold(3).build())
            .tags(props.tags())
            .build();
        LbListener.Builder.create(this, "https")
            .loadBalancerArn(loadBalancer.getArn())
            .port(443)
            .protocol("HTTPS")
            .sslPolicy(TLS_POLICY)
            .certificateArn(props.certificateArn())
            .defaultAction(List.of(LbListenerDefaultAction.builder().type("forward").targetGroupArn(targetGroup.getArn()).build()))
            .tags(props.tags())
            .build();

        this.zoneId = SandboxNameZone.addTo(this, new SandboxNameZoneProps(domain, props.network().getVpcId(),
            loadBalancer.getDnsName(), loadBalancer.getZoneId(), props.tags()),
            "OpenHands sandboxes' public names, answered inside the VPC by the internal entry");
    }

    /** The router registers in this target group besides the public ALB's. */
    public LoadBalancerAttachment getRouterAttachment() {
        return new LoadBalancerAttachment(targetGroup.getArn(), securityGroupId);
    }

    /** Attach to the app service: it may then reach {@code https://*.<domain>} inside the VPC. */
    public String getClientSecurityGroupId() {
        return clientGroupId;
    }

    public String getZoneId() {
        return zoneId;
    }

    public String getZoneName() {
        return domain;
    }

    public String getLoadBalancerArn() {
        return loadBalancer.getArn();
    }
}
