package dev.openhands.platform.modules.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The endpoints of a VPC as their consumers need them: the gateways' prefix lists and each interface endpoint's id and
 * security group. {@link ServiceEndpoints} is one; {@link #of} describes endpoints created elsewhere.
 */
public interface VpcEndpoints extends GatewayEndpoints {

    /** Every interface endpoint, in the order they were declared. */
    List<InterfaceEndpoint> interfaceEndpoints();

    /** The interface endpoint of {@code service}; fails naming the services the VPC has when it has none for it. */
    default InterfaceEndpoint interfaceEndpoint(String service) {
        return interfaceEndpoints().stream().filter(e -> e.service().equals(service)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the VPC has no interface endpoint for " + service + "; it has "
                + interfaceEndpoints().stream().map(InterfaceEndpoint::service).toList()
                + " (add the service to the endpoints the environment's stack creates)"));
    }

    /** The interface endpoints of these services, in this order. */
    default List<InterfaceEndpoint> interfaceEndpoints(List<String> services) {
        List<InterfaceEndpoint> out = new ArrayList<>();
        for (String service : services) {
            out.add(interfaceEndpoint(service));
        }
        return out;
    }

    static VpcEndpoints of(GatewayEndpoints gateways, List<InterfaceEndpoint> interfaces) {
        Objects.requireNonNull(gateways, "gateways");
        List<InterfaceEndpoint> copy = List.copyOf(interfaces);
        return new VpcEndpoints() {
            @Override
            public List<InterfaceEndpoint> interfaceEndpoints() {
                return copy;
            }

            @Override
            public String getS3PrefixListId() {
                return gateways.getS3PrefixListId();
            }

            @Override
            public String getDynamoDbPrefixListId() {
                return gateways.getDynamoDbPrefixListId();
            }
        };
    }
}
