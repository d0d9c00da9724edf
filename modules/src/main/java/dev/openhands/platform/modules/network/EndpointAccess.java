package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

/**
 * Admits one consumer to the interface endpoints it calls: HTTPS out of the consumer's group to each endpoint's
 * group, and into each endpoint's group from the consumer's, and nothing to the endpoints it does not name. Each
 * interface endpoint has a group of its own that admits no one until a consumer is declared this way, so a sandbox
 * cannot reach the Secrets Manager or ECS endpoint the orchestrator uses.
 */
public class EndpointAccess extends Construct {

    public EndpointAccess(Construct scope, String id, EndpointAccessProps props) {
        super(scope, id);
        for (InterfaceEndpoint endpoint : props.endpoints()) {
            String name = endpoint.service().replace('.', '-');
            VpcSecurityGroupEgressRule.Builder.create(this, name + "-out")
                .securityGroupId(props.consumerSecurityGroupId())
                .referencedSecurityGroupId(endpoint.securityGroupId())
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .description("HTTPS to the " + endpoint.service() + " endpoint")
                .build();
            VpcSecurityGroupIngressRule.Builder.create(this, name + "-in")
                .securityGroupId(endpoint.securityGroupId())
                .referencedSecurityGroupId(props.consumerSecurityGroupId())
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .description("HTTPS from the " + props.consumer())
                .build();
        }
    }
}
