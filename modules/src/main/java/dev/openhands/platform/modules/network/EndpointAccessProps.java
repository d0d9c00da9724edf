package dev.openhands.platform.modules.network;

import java.util.List;
import java.util.Objects;

/**
 * The two strings are neighbours, but a swap fails at construction: the consumer is a lower-case label, the group an
 * {@code sg-} id or a Terraform reference.
 *
 * @param consumer                what uses the endpoints, e.g. {@code sandboxes}: names the rules and their descriptions
 * @param consumerSecurityGroupId the consumer's security group: it gets HTTPS egress to each endpoint, and each endpoint
 *                                admits it
 * @param endpoints               the interface endpoints the consumer calls, and no others
 */
public record EndpointAccessProps(String consumer, String consumerSecurityGroupId, List<InterfaceEndpoint> endpoints) {

    public EndpointAccessProps {
        if (consumer == null || !consumer.matches("^[a-z][a-z0-9-]{0,40}$")) {
            throw new IllegalArgumentException("consumer '" + consumer + "' must be a short lower-case label such as sandboxes");
        }
        Objects.requireNonNull(consumerSecurityGroupId, "consumerSecurityGroupId");
        if (!consumerSecurityGroupId.startsWith("sg-") && !consumerSecurityGroupId.startsWith("${")) {
            throw new IllegalArgumentException("consumerSecurityGroupId '" + consumerSecurityGroupId
                + "' is not a security group id (sg-...) or a reference to one");
        }
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(consumer + " is admitted to no endpoint: name the endpoints it calls");
        }
        if (endpoints.stream().map(InterfaceEndpoint::service).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException(consumer + " names an endpoint twice: "
                + endpoints.stream().map(InterfaceEndpoint::service).toList());
        }
    }
}
