package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.route53_record.Route53Record;
import com.hashicorp.cdktf.providers.aws.route53_record.Route53RecordAlias;
import com.hashicorp.cdktf.providers.aws.route53_zone.Route53Zone;
import com.hashicorp.cdktf.providers.aws.route53_zone.Route53ZoneVpc;
import software.constructs.Construct;

import java.util.List;

/**
 * The sandboxes' public names answered inside the VPC (split horizon): a private hosted zone for the public sandbox
 * domain, associated with the VPC, whose wildcard record aliases an internal load balancer that forwards sandbox hosts
 * to the router. The app server, given {@code https://<label>.<domain>} by the orchestrator, reaches the same router
 * over the same TLS name without leaving the VPC.
 */
public class SandboxNameZone extends Construct {

    private final String zoneId;

    public SandboxNameZone(Construct scope, String id, SandboxNameZoneProps props) {
        super(scope, id);
        this.zoneId = addTo(this, props, "OpenHands sandboxes' public names, answered inside the VPC by the internal load balancer");
    }

    /**
     * The zone and its wildcard record directly in {@code scope}: {@link SandboxInternalEntry} has had them there since
     * before this class, and a construct between would move them to new addresses (a replaced zone). Each caller keeps
     * the zone comment it has always written. Returns the zone id.
     */
    static String addTo(Construct scope, SandboxNameZoneProps props, String comment) {
        Route53Zone zone = Route53Zone.Builder.create(scope, "zone")
            .name(props.domain())
            .comment(comment)
            .vpc(List.of(Route53ZoneVpc.builder().vpcId(props.vpcId()).build()))
            .tags(props.tags())
            .build();
        String zoneId = zone.getZoneId();
        Route53Record.Builder.create(scope, "wildcard")
            .zoneId(zoneId)
            .name("*." + props.domain())
            .type("A")
            .alias(Route53RecordAlias.builder().name(props.loadBalancerDnsName()).zoneId(props.loadBalancerZoneId())
                .evaluateTargetHealth(false).build())
            .build();
        return zoneId;
    }

    public String getZoneId() {
        return zoneId;
    }
}
