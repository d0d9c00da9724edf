package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

import java.util.Map;
import java.util.Objects;

/**
 * A client group for a server's group: whoever wears it reaches the server on one TCP port and nothing else, and the
 * server admits exactly its members (both rules reference groups, never addresses). Created in the server's construct
 * as {@code client-sg}, {@code https-from-clients} and {@code clients-to-server}.
 *
 * @param groupName     the client group's name
 * @param description   who should wear it
 * @param vpcId         the VPC of both groups
 * @param serverGroupId the server's group
 * @param port          the one port the clients reach
 * @param purpose       what the clients call the server for (both rules' description)
 * @param tags          tags of the client group
 */
public record ClientGroup(String groupName, String description, String vpcId, String serverGroupId, int port, String purpose,
                          Map<String, String> tags) {

    public ClientGroup {
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(serverGroupId, "serverGroupId");
        Objects.requireNonNull(purpose, "purpose");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        tags = Map.copyOf(tags);
    }

    /** Creates the group and both rules in {@code scope}; returns the group's id. */
    public String create(Construct scope) {
        return create(scope, "clients-to-server", purpose);
    }

    /**
     * The same with the egress rule's id and description given: {@link
     * dev.openhands.platform.modules.sandbox.SandboxInternalEntry}'s rule had its own before this record, and a new id
     * would replace it.
     */
    public String create(Construct scope, String egressId, String egressDescription) {
        SecurityGroup clients = SecurityGroup.Builder.create(scope, "client-sg")
            .name(groupName)
            .description(description)
            .vpcId(vpcId)
            .tags(PrivateNetwork.named(tags, groupName))
            .build();
        String clientsId = clients.getId(); // read once: each read is a round trip to Node
        VpcSecurityGroupIngressRule.Builder.create(scope, "https-from-clients")
            .securityGroupId(serverGroupId).referencedSecurityGroupId(clientsId)
            .ipProtocol("tcp").fromPort(port).toPort(port)
            .description(purpose).build();
        VpcSecurityGroupEgressRule.Builder.create(scope, egressId)
            .securityGroupId(clientsId).referencedSecurityGroupId(serverGroupId)
            .ipProtocol("tcp").fromPort(port).toPort(port)
            .description(egressDescription).build();
        return clientsId;
    }
}
