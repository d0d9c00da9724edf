package dev.openhands.platform.modules.network;

import dev.openhands.platform.modules.identity.AwsPartition;
import dev.openhands.platform.modules.identity.PolicyDocument;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name              prefix of resource names
 * @param region            region of the endpoints (service names are {@code com.amazonaws.<region>.<service>})
 * @param vpcId             the VPC
 * @param vpcCidr           only this block may reach the endpoints, on 443
 * @param subnetIds         one subnet per zone for the endpoint network interfaces
 * @param routeTableIds     route tables that get the S3 gateway endpoint
 * @param interfaceServices short service names, e.g. {@code bedrock-runtime}, {@code ecr.dkr}
 * @param endpointPolicies  endpoint policy per short service name; services without one get AWS's full-access default
 * @param s3GatewayPolicy   policy of the S3 gateway endpoint, when it should admit only some buckets
 * @param dynamoDbGateway   also create the DynamoDB gateway endpoint (free, unlike its interface endpoint)
 * @param tags              resource tags
 */
public record ServiceEndpointsProps(String name, String region, String vpcId, String vpcCidr, List<String> subnetIds,
                                    List<String> routeTableIds, List<String> interfaceServices,
                                    Map<String, PolicyDocument> endpointPolicies, Optional<PolicyDocument> s3GatewayPolicy,
                                    boolean dynamoDbGateway, Map<String, String> tags) {

    public ServiceEndpointsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        Ipv4Cidr.parse(vpcCidr);
        subnetIds = List.copyOf(subnetIds);
        routeTableIds = List.copyOf(routeTableIds);
        interfaceServices = List.copyOf(interfaceServices);
        endpointPolicies = Map.copyOf(endpointPolicies);
        tags = Map.copyOf(tags);
        if (subnetIds.isEmpty()) {
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
