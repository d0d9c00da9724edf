package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import dev.openhands.platform.modules.iam.EndpointPolicies;
import dev.openhands.platform.modules.iam.PolicyDocument;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Interface endpoints (private DNS on) for the AWS APIs a workload needs without an internet path, plus the S3
 * gateway endpoint (and the DynamoDB one, when asked for).
 *
 * <p>Every endpoint carries a policy: the account perimeter (principals of this account on resources of this
 * account) unless the props give a narrower one, and on the S3 gateway also reads of the AWS-owned buckets the
 * workloads need, ECR's layer bucket first. Every interface endpoint has a security group of its own that admits no
 * one: consumers are declared with {@link EndpointAccess}, so each workload reaches only the endpoints it calls.
 */
public class ServiceEndpoints extends Construct implements VpcEndpoints {

    private final List<InterfaceEndpoint> interfaceEndpoints = new ArrayList<>();
    // The prefix list ids are read once (each read of an attribute is a round trip to Node, docs/performance.md);
    // null when there is no such gateway.
    private final String s3PrefixListId;
    private final String dynamoDbPrefixListId;

    public ServiceEndpoints(Construct scope, String id, ServiceEndpointsProps props) {
        super(scope, id);
        String prefix = serviceNamePrefix(props.location().region());
        PolicyDocument perimeter = EndpointPolicies.perimeter(props.location().accountId());
        for (String service : props.interfaceServices()) {
            String name = service.replace('.', '-');
            String groupId = SecurityGroup.Builder.create(this, name + "-sg")
                .name(props.name() + "-vpce-" + name)
                .description("The " + service + " endpoint: HTTPS from its declared consumers only")
                .vpcId(props.network().getVpcId())
                .tags(PrivateNetwork.named(props.tags(), props.name() + "-vpce-" + name))
                .build().getId();
            VpcEndpoint endpoint = VpcEndpoint.Builder.create(this, name)
                .vpcId(props.network().getVpcId())
                .serviceName(prefix + service)
                .vpcEndpointType("Interface")
                .privateDnsEnabled(true)
                .subnetIds(props.network().getPrivateSubnetIds())
                .securityGroupIds(List.of(groupId))
                .policy(props.endpointPolicies().getOrDefault(service, perimeter).toJson())
                .tags(PrivateNetwork.named(props.tags(), props.name() + "-" + service))
                .build();
            interfaceEndpoints.add(InterfaceEndpoint.readingIdWhenAsked(service, groupId, endpoint::getId));
        }

        // Image layers come from ECR's own bucket through the gateway: without it no image pull completes.
        Set<String> awsOwnedBuckets = new LinkedHashSet<>();
        if (props.interfaceServices().contains("ecr.dkr")) {
            awsOwnedBuckets.add(EndpointPolicies.ecrLayerBucket(props.location().region()));
        }
        awsOwnedBuckets.addAll(props.awsOwnedBuckets());
        PolicyDocument s3Policy = awsOwnedBuckets.isEmpty() ? perimeter
            : perimeter.plus(List.of(EndpointPolicies.awsOwnedObjectReads(props.location().partition(), List.copyOf(awsOwnedBuckets))));
        this.s3PrefixListId = VpcEndpoint.Builder.create(this, "s3-gateway")
            .vpcId(props.network().getVpcId())
            .serviceName(prefix + "s3")
            .vpcEndpointType("Gateway")
            .routeTableIds(props.routeTableIds())
            .policy(s3Policy.toJson())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-s3"))
            .build().getPrefixListId();
        this.dynamoDbPrefixListId = !props.dynamoDbGateway() ? null : VpcEndpoint.Builder.create(this, "dynamodb-gateway")
            .vpcId(props.network().getVpcId())
            .serviceName(prefix + "dynamodb")
            .vpcEndpointType("Gateway")
            .routeTableIds(props.routeTableIds())
            .policy(perimeter.toJson())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-dynamodb"))
            .build().getPrefixListId();
    }

    /** {@code com.amazonaws.<region>.} (or the China partition's form): prefix of every endpoint service name. */
    public static String serviceNamePrefix(String region) {
        return (region.startsWith("cn-") ? "cn.com.amazonaws." : "com.amazonaws.") + region + ".";
    }

    @Override
    public List<InterfaceEndpoint> interfaceEndpoints() {
        return List.copyOf(interfaceEndpoints);
    }

    /** The managed prefix list of S3 in this region, for security-group egress rules to the gateway. */
    @Override
    public String getS3PrefixListId() {
        return s3PrefixListId;
    }

    /** The managed prefix list of DynamoDB in this region; only when the gateway was asked for. */
    @Override
    public String getDynamoDbPrefixListId() {
        if (dynamoDbPrefixListId == null) {
            throw new IllegalStateException("no DynamoDB gateway endpoint: set dynamoDbGateway in the props");
        }
        return dynamoDbPrefixListId;
    }
}
