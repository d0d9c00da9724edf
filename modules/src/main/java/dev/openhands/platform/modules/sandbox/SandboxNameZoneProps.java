package dev.openhands.platform.modules.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * @param domain             the sandboxes' public domain, e.g. {@code sbx.openhands.example.com}
 * @param vpcId              the VPC whose resolver answers from the zone
 * @param loadBalancerDnsName the internal load balancer that answers every sandbox name inside the VPC
 * @param loadBalancerZoneId its DNS name's hosted zone (for the alias)
 * @param tags               resource tags
 */
public record SandboxNameZoneProps(String domain, String vpcId, String loadBalancerDnsName, String loadBalancerZoneId,
                                   Map<String, String> tags) {

    public SandboxNameZoneProps {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(loadBalancerDnsName, "loadBalancerDnsName");
        Objects.requireNonNull(loadBalancerZoneId, "loadBalancerZoneId");
        tags = Map.copyOf(tags);
    }
}
