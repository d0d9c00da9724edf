package dev.openhands.platform.modules.network;

import dev.openhands.platform.modules.identity.AwsLocation;
import dev.openhands.platform.modules.identity.PolicyDocument;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The interface endpoints (services, then their policies) come before the gateway endpoints (route tables, S3 policy,
 * DynamoDB), so that no two neighbouring components share a type.
 *
 * @param name              prefix of resource names
 * @param location          region of the endpoints (service names are {@code com.amazonaws.<region>.<service>})
 * @param network           the VPC: only its block may reach the endpoints, on 443; one interface per private subnet
 * @param interfaceServices short service names, e.g. {@code bedrock-runtime}, {@code ecr.dkr}
 * @param endpointPolicies  endpoint policy per short service name; services without one get AWS's full-access default
 * @param routeTableIds     route tables that get the gateway endpoints
 * @param s3GatewayPolicy   policy of the S3 gateway endpoint, when it should admit only some buckets
 * @param dynamoDbGateway   also create the DynamoDB gateway endpoint (free, unlike its interface endpoint)
 * @param tags              resource tags
 */
public record ServiceEndpointsProps(String name, AwsLocation location, NetworkPlacement network,
                                    List<String> interfaceServices, Map<String, PolicyDocument> endpointPolicies,
                                    List<String> routeTableIds, Optional<PolicyDocument> s3GatewayPolicy,
                                    boolean dynamoDbGateway, Map<String, String> tags) {

    public ServiceEndpointsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(s3GatewayPolicy, "s3GatewayPolicy");
        // A malformed block would only fail at apply, in the ingress rule; refuse it while the caller is in view.
        Ipv4Cidr.parse(network.getVpcCidr());
        interfaceServices = List.copyOf(interfaceServices);
        endpointPolicies = Map.copyOf(endpointPolicies);
        routeTableIds = List.copyOf(routeTableIds);
        tags = Map.copyOf(tags);
        if (network.getPrivateSubnetIds().isEmpty()) {
            throw new IllegalArgumentException("interface endpoints need at least one subnet");
        }
        if (interfaceServices.stream().distinct().count() != interfaceServices.size()) {
            throw new IllegalArgumentException("interface services are listed twice: " + interfaceServices);
        }
        for (String service : interfaceServices) {
            if (!service.matches("^[a-z0-9-]+(\\.[a-z0-9-]+)*$") || service.equals("s3")) {
                throw new IllegalArgumentException("'" + service + "' is not a short interface-endpoint service name");
            }
        }
        for (String service : endpointPolicies.keySet()) {
            if (!interfaceServices.contains(service)) {
                throw new IllegalArgumentException("endpoint policy for '" + service + "', which has no endpoint");
            }
        }
    }
}
