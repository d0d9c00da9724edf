package dev.openhands.platform.modules.edge;

import java.util.Map;
import java.util.Objects;

/**
 * @param name                        the VPC origin's name, e.g. {@code openhands-prod-origin} (1-64 letters, digits, - and _)
 * @param loadBalancerArn             the internal Application Load Balancer CloudFront reaches
 * @param loadBalancerSecurityGroupId the load balancer's group: it admits CloudFront's interfaces on 443
 * @param vpcId                       the load balancer's VPC, where CloudFront creates its service-managed group
 * @param tags                        resource tags
 */
public record EdgeVpcOriginProps(String name, String loadBalancerArn, String loadBalancerSecurityGroupId, String vpcId,
                                 Map<String, String> tags) {

    public EdgeVpcOriginProps {
        if (name == null || !name.matches("^[A-Za-z0-9_-]{1,64}$")) {
            throw new IllegalArgumentException("VPC origin name '" + name + "' must be 1-64 letters, digits, '-' and '_'");
        }
        if (loadBalancerArn == null || !(loadBalancerArn.matches("^\\$\\{.+}$")
            || loadBalancerArn.matches("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/app/.+$"))) {
            throw new IllegalArgumentException("loadBalancerArn '" + loadBalancerArn + "' is not an Application Load Balancer's ARN"
                + " or a reference to one");
        }
        Objects.requireNonNull(loadBalancerSecurityGroupId, "loadBalancerSecurityGroupId");
        Objects.requireNonNull(vpcId, "vpcId");
        tags = Map.copyOf(tags);
    }
}
