package dev.openhands.platform.modules.egress;

import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

import java.util.Objects;

/**
 * The two security-group rules a client of a {@link ForwardProxy} needs: its group's egress to the proxy's port and
 * the proxy group's ingress from it. Created in the client's construct under fixed ids, so a client's rules keep their
 * Terraform addresses wherever they are declared.
 */
public final class ProxyClientRules {

    private ProxyClientRules() {
    }

    /**
     * @param scope             the client's construct
     * @param clientGroupId     the client's security group
     * @param clientName        a short id for the ingress rule, e.g. {@code sandboxes}
     * @param clientDescription the ingress rule's description, e.g. {@code Sandbox tasks}
     */
    public static void admit(Construct scope, ForwardProxy proxy, String clientGroupId, String clientName, String clientDescription) {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(clientGroupId, "clientGroupId");
        if (!clientName.matches("^[a-z][a-z0-9-]*$")) {
            throw new IllegalArgumentException("client name '" + clientName + "' must be lower-case letters, digits and '-'");
        }
        VpcSecurityGroupEgressRule.Builder.create(scope, "to-egress-proxy")
            .securityGroupId(clientGroupId).referencedSecurityGroupId(proxy.getSecurityGroupId())
            .ipProtocol("tcp").fromPort(proxy.getPort()).toPort(proxy.getPort())
            .description("The egress proxy: allow-listed hosts only").build();
        VpcSecurityGroupIngressRule.Builder.create(scope, "egress-proxy-from-" + clientName)
            .securityGroupId(proxy.getSecurityGroupId()).referencedSecurityGroupId(clientGroupId)
            .ipProtocol("tcp").fromPort(proxy.getPort()).toPort(proxy.getPort())
            .description(clientDescription).build();
    }
}
