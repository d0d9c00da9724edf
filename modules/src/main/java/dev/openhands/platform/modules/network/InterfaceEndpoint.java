package dev.openhands.platform.modules.network;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One interface endpoint as its consumers need it: the id that {@code aws:SourceVpce} conditions name, and the
 * security group that decides who may open connections to it.
 *
 * <p>The id of an endpoint built in the same stack is read from Node when first asked for, then kept: each read is a
 * round trip across the jsii bridge, and only the few consumers that write {@code aws:SourceVpce} conditions (the
 * Bedrock endpoint's) ask for it, while every endpoint's security group is used (docs/performance.md).
 */
public final class InterfaceEndpoint {

    private final String service;
    private final String securityGroupId;
    private Supplier<String> readEndpointId;
    private String endpointId;

    /**
     * @param service         short service name, e.g. {@code bedrock-runtime}, {@code ecr.dkr}
     * @param endpointId      the {@code vpce-...} id (a Terraform reference at synth)
     * @param securityGroupId the endpoint's own group; {@link EndpointAccess} admits a consumer to it
     */
    public InterfaceEndpoint(String service, String endpointId, String securityGroupId) {
        this(service, securityGroupId, () -> endpointId);
        Objects.requireNonNull(endpointId, "endpointId");
    }

    private InterfaceEndpoint(String service, String securityGroupId, Supplier<String> readEndpointId) {
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        if (service == null || !service.matches("^[a-z0-9-]+(\\.[a-z0-9-]+)*$")) {
            throw new IllegalArgumentException("'" + service + "' is not a short interface-endpoint service name such as ecr.dkr");
        }
        this.service = service;
        this.securityGroupId = securityGroupId;
        this.readEndpointId = readEndpointId;
    }

    /** An endpoint whose id {@code readEndpointId} reads (from its resource) the first time it is asked for. */
    static InterfaceEndpoint readingIdWhenAsked(String service, String securityGroupId, Supplier<String> readEndpointId) {
        return new InterfaceEndpoint(service, securityGroupId, Objects.requireNonNull(readEndpointId, "readEndpointId"));
    }

    public String service() {
        return service;
    }

    /** The {@code vpce-...} id (a Terraform reference at synth). */
    public synchronized String endpointId() {
        if (endpointId == null) {
            endpointId = Objects.requireNonNull(readEndpointId.get(), "endpointId");
            readEndpointId = null;
        }
        return endpointId;
    }

    /** The endpoint's own group; {@link EndpointAccess} admits a consumer to it. */
    public String securityGroupId() {
        return securityGroupId;
    }

    @Override
    public String toString() {
        return "InterfaceEndpoint[service=" + service + ", securityGroupId=" + securityGroupId + "]";
    }
}
