package dev.openhands.platform.modules.network;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.EndpointPolicies;
import dev.openhands.platform.modules.iam.PolicyDocument;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The interface endpoints (services, then their policies) come before the gateway endpoints (route tables, DynamoDB,
 * AWS-owned buckets), so that no two neighbouring components share a type.
 *
 * @param name              prefix of resource names
 * @param location          account and region of the endpoints (service names are {@code com.amazonaws.<region>.<service>};
 *                          the account is the one the perimeter policies admit)
 * @param network           the VPC; one interface per private subnet
 * @param interfaceServices short service names, e.g. {@code bedrock-runtime}, {@code ecr.dkr}
 * @param endpointPolicies  a narrower policy per short service name; the others get the account perimeter
 * @param routeTableIds     route tables that get the gateway endpoints
 * @param dynamoDbGateway   also create the DynamoDB gateway endpoint (free, unlike its interface endpoint)
 * @param awsOwnedBuckets   names of AWS-owned buckets the workloads read through the S3 gateway besides ECR's layer
 *                          bucket (which is admitted whenever there is an {@code ecr.dkr} endpoint), e.g. agent downloads
 * @param tags              resource tags
 */
public record ServiceEndpointsProps(String name, AwsLocation location, NetworkPlacement network,
                                    List<String> interfaceServices, Map<String, PolicyDocument> endpointPolicies,
                                    List<String> routeTableIds, boolean dynamoDbGateway, List<String> awsOwnedBuckets,
                                    Map<String, String> tags) {

    public ServiceEndpointsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(network, "network");
        interfaceServices = List.copyOf(interfaceServices);
        endpointPolicies = Map.copyOf(endpointPolicies);
        routeTableIds = List.copyOf(routeTableIds);
        awsOwnedBuckets = List.copyOf(awsOwnedBuckets);
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
        EndpointPolicies.requireBucketNames(awsOwnedBuckets);
    }
}
