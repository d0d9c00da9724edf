package dev.openhands.platform.modules.network;

import java.util.Objects;

/**
 * One interface endpoint as its consumers need it: the id that {@code aws:SourceVpce} conditions name, and the
 * security group that decides who may open connections to it.
 *
 * @param service         short service name, e.g. {@code bedrock-runtime}, {@code ecr.dkr}
 * @param endpointId      the {@code vpce-...} id (a Terraform reference at synth)
 * @param securityGroupId the endpoint's own group; {@link EndpointAccess} admits a consumer to it
 */
public record InterfaceEndpoint(String service, String endpointId, String securityGroupId) {

    public InterfaceEndpoint {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        if (service == null || !service.matches("^[a-z0-9-]+(\\.[a-z0-9-]+)*$")) {
            throw new IllegalArgumentException("'" + service + "' is not a short interface-endpoint service name such as ecr.dkr");
        }
    }
}
