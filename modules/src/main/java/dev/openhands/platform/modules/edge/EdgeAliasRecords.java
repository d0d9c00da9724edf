package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.providers.aws.route53_record.Route53Record;
import com.hashicorp.cdktf.providers.aws.route53_record.Route53RecordAlias;
import software.constructs.Construct;

import java.util.List;

/** An alias A and an alias AAAA record per name, pointing at a CloudFront distribution (IPv4 and IPv6 viewers). */
public class EdgeAliasRecords extends Construct {

    public EdgeAliasRecords(Construct scope, String id, EdgeAliasRecordsProps props) {
        super(scope, id);
        for (String name : props.names()) {
            for (String type : List.of("A", "AAAA")) {
                Route53Record.Builder.create(this, EdgeNames.idOf(name) + "-" + type.toLowerCase())
                    .zoneId(props.hostedZoneId())
                    .name(name)
                    .type(type)
                    .alias(Route53RecordAlias.builder()
                        .name(props.target().getDomainName())
                        .zoneId(props.target().getHostedZoneId())
                        .evaluateTargetHealth(false)
                        .build())
                    .build();
            }
        }
    }
}
