package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interface endpoints (private DNS on) for the AWS APIs a workload needs without an internet path, plus the S3
 * gateway endpoint (and the DynamoDB one, when asked for). The endpoints share one security group that admits HTTPS from the VPC block only.
 */
public class ServiceEndpoints extends Construct implements GatewayEndpoints {

    private final SecurityGroup securityGroup;
    private final Map<String, VpcEndpoint> interfaceEndpoints = new LinkedHashMap<>();
    private final VpcEndpoint s3Gateway;
    private final VpcEndpoint dynamoDbGateway;

    public ServiceEndpoints(Construct scope, String id, ServiceEndpointsProps props) {
        super(scope, id);
        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-vpc-endpoints")
            .description("HTTPS from inside the VPC to the interface endpoints")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-vpc-endpoints"))
            .build();
        VpcSecurityGroupIngressRule.Builder.create(this, "https-from-vpc")
            .securityGroupId(securityGroup.getId())
            .description("HTTPS from the VPC")
            .ipProtocol("tcp")
            .fromPort(443)
            .toPort(443)
            .cidrIpv4(props.network().getVpcCidr())
            .build();

        String prefix = serviceNamePrefix(props.location().region());
        for (String service : props.interfaceServices()) {
            VpcEndpoint.Builder endpoint = VpcEndpoint.Builder.create(this, service.replace('.', '-'))
                .vpcId(props.network().getVpcId())
                .serviceName(prefix + service)
                .vpcEndpointType("Interface")
                .privateDnsEnabled(true)
                .subnetIds(props.network().getPrivateSubnetIds())
                .securityGroupIds(java.util.List.of(securityGroup.getId()))
                .tags(PrivateNetwork.named(props.tags(), props.name() + "-" + service));
            if (props.endpointPolicies().containsKey(service)) {
                endpoint.policy(props.endpointPolicies().get(service).toJson());
            }
            interfaceEndpoints.put(service, endpoint.build());
        }

        VpcEndpoint.Builder s3 = VpcEndpoint.Builder.create(this, "s3-gateway")
            .vpcId(props.network().getVpcId())
            .serviceName(prefix + "s3")
            .vpcEndpointType("Gateway")
            .routeTableIds(props.routeTableIds())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-s3"));
        props.s3GatewayPolicy().ifPresent(policy -> s3.policy(policy.toJson()));
        this.s3Gateway = s3.build();
        this.dynamoDbGateway = !props.dynamoDbGateway() ? null : VpcEndpoint.Builder.create(this, "dynamodb-gateway")
            .vpcId(props.network().getVpcId())
            .serviceName(prefix + "dynamodb")
            .vpcEndpointType("Gateway")
            .routeTableIds(props.routeTableIds())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-dynamodb"))
            .build();
    }

    /** {@code com.amazonaws.<region>.} (or the China partition's form): prefix of every endpoint service name. */
    public static String serviceNamePrefix(String region) {
        return (region.startsWith("cn-") ? "cn.com.amazonaws." : "com.amazonaws.") + region + ".";
    }

    public String getSecurityGroupId() {
        return securityGroup.getId();
    }

    /** The managed prefix list of S3 in this region, for security-group egress rules to the gateway. */
    @Override
    public String getS3PrefixListId() {
        return s3Gateway.getPrefixListId();
    }

    /** The managed prefix list of DynamoDB in this region; only when the gateway was asked for. */
    @Override
    public String getDynamoDbPrefixListId() {
        if (dynamoDbGateway == null) {
            throw new IllegalStateException("no DynamoDB gateway endpoint: set dynamoDbGateway in the props");
        }
        return dynamoDbGateway.getPrefixListId();
    }

    public String getEndpointId(String service) {
        VpcEndpoint endpoint = interfaceEndpoints.get(service);
        if (endpoint == null) {
            throw new IllegalArgumentException("no interface endpoint for " + service);
        }
        return endpoint.getId();
    }
}
