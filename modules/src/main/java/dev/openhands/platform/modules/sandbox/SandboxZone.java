package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.route53_record.Route53Record;
import com.hashicorp.cdktf.providers.aws.route53_zone.Route53Zone;
import com.hashicorp.cdktf.providers.aws.route53_zone.Route53ZoneVpc;
import software.constructs.Construct;

import java.util.List;

/**
 * The private hosted zone of the sandboxes' names. Each conversation's URL is {@code http://<label>.<zone>:<port>}
 * from /start on; the orchestrator points the name at whichever task serves the conversation (and removes it while
 * none does), so the URL survives pause and resume. Terraform owns the zone, the orchestrator its A records.
 */
public class SandboxZone extends Construct {

    /**
     * How long resolvers may remember that a name does not exist (the SOA's minimum, RFC 2308). Route 53's default is
     * a day (capped by the SOA's own TTL of 900 s): a lookup made a moment before the orchestrator creates a name would
     * keep the conversation unreachable that long.
     */
    public static final int NEGATIVE_TTL_SECONDS = 10;
    static final int SOA_TTL_SECONDS = 60;

    private final Route53Zone zone;
    private final String zoneArn;
    private final String zoneId;
    private final String zoneName;

    public SandboxZone(Construct scope, String id, SandboxZoneProps props) {
        super(scope, id);
        this.zoneName = props.zoneName();
        this.zone = Route53Zone.Builder.create(this, "zone")
            .name(props.zoneName())
            .comment("OpenHands sandboxes: one name per conversation, written by the orchestrator")
            .vpc(List.of(Route53ZoneVpc.builder().vpcId(props.vpcId()).build()))
            // The A records are the orchestrator's, not Terraform's: destroying the environment must not stop at them.
            .forceDestroy(true)
            .tags(props.tags())
            .build();
        this.zoneArn = zone.getArn();
        this.zoneId = zone.getZoneId();
        // Route 53 creates the SOA; only its last field changes (serial, refresh, retry and expire as AWS sets them).
        Route53Record.Builder.create(this, "soa")
            .zoneId(zoneId)
            .name(props.zoneName())
            .type("SOA")
            .ttl(SOA_TTL_SECONDS)
            .records(List.of(zone.getPrimaryNameServer() + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 " + NEGATIVE_TTL_SECONDS))
            .allowOverwrite(true)
            .build();
    }

    public String getZoneId() {
        return zoneId;
    }

    public String getZoneArn() {
        return zoneArn;
    }

    public String getZoneName() {
        return zoneName;
    }
}
