package dev.openhands.platform.main.tiers;

import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.iam.BedrockModelAccess;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.network.PrivateNetworkProps;
import dev.openhands.platform.modules.network.ServiceEndpoints;
import dev.openhands.platform.modules.network.ServiceEndpointsProps;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's own VPC (from its {@code network} and {@code egress} sections) and the VPC endpoints its
 * workloads reach AWS through: each admits only this account's principals on this account's resources, Bedrock's
 * only the configured models; the workloads declare which endpoints they reach.
 */
public final class NetworkTier {

    /** The smallest Graviton type: a NAT instance forwards a handful of users' package downloads. */
    static final String NAT_INSTANCE_TYPE = "t4g.nano";

    private final PrivateNetwork network;
    private final NetworkPlacement endpointPlacement;
    private final ServiceEndpoints endpoints;
    private final boolean internetEgress;
    private final List<String> interfaceServices;

    /**
     * @param interfaceServices the interface endpoints the platform's workloads use
     * @param awsOwnedBuckets   AWS-owned buckets the workloads read through the S3 gateway besides ECR's layer bucket
     * @param dynamoDbGateway   also the (free) DynamoDB gateway
     */
    public NetworkTier(EnvironmentScope scope, KeysTier keys, List<String> interfaceServices,
                       List<String> awsOwnedBuckets, boolean dynamoDbGateway) {
        var env = scope.env();
        this.internetEgress = env.egress().mode() == EgressMode.ALLOWLIST;
        this.interfaceServices = List.copyOf(interfaceServices);
        this.network = new PrivateNetwork(scope.stack(), "network", new PrivateNetworkProps(
            scope.prefix(), scope.location(), env.network().vpcCidr(), env.network().availabilityZones(),
            env.network().privateSubnetCidrs(), internetEgress, env.network().publicSubnetCidrs(),
            new LogSettings(keys.logs(), env.network().flowLogRetentionDays()), EnvironmentScope.NO_EXTRA_TAGS,
            env.network().natInstance() ? Optional.of(NAT_INSTANCE_TYPE) : Optional.empty()));
        this.endpointPlacement = endpointPlacement(network, env.network().availabilityZones(), env.network().endpointZones());
        this.endpoints = new ServiceEndpoints(scope.stack(), "endpoints", new ServiceEndpointsProps(
            scope.prefix(), scope.location(), endpointPlacement, interfaceServices,
            Map.of("bedrock-runtime", BedrockModelAccess.endpointPolicy(scope.bedrockModelArns(), env.aws().accountId())),
            List.of(network.getPrivateRouteTableId()), dynamoDbGateway, awsOwnedBuckets, EnvironmentScope.NO_EXTRA_TAGS));
    }

    /**
     * The VPC narrowed to the private subnets of {@code network.endpointZones}: interface endpoints (billed per zone)
     * put their network interfaces there only.
     */
    static NetworkPlacement endpointPlacement(PrivateNetwork network, List<String> zones, List<String> endpointZones) {
        List<String> subnets = network.getPrivateSubnetIds();
        return NetworkPlacement.of(network.getVpcId(), network.getVpcCidr(),
            endpointZones.stream().map(zone -> subnets.get(zones.indexOf(zone))).toList());
    }

    /** Where interface endpoints (the shared ones and any a tier adds, such as execute-api's) place their interfaces. */
    public NetworkPlacement endpointPlacement() {
        return endpointPlacement;
    }

    public PrivateNetwork network() {
        return network;
    }

    public ServiceEndpoints endpoints() {
        return endpoints;
    }

    /** The services with an interface endpoint in the VPC ({@code ecr.api}, {@code bedrock-runtime} ...). */
    public List<String> interfaceServices() {
        return interfaceServices;
    }

    /** Whether the VPC has a NAT path to the internet ({@code egress.mode: allowlist}). */
    public boolean internetEgress() {
        return internetEgress;
    }
}
