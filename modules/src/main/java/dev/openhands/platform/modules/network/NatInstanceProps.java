package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.ITerraformDependable;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name               prefix of resource names
 * @param vpcId              the VPC
 * @param publicSubnetId     the public subnet the instance (and its Elastic IP) lives in
 * @param privateSubnetCidrs the blocks whose traffic it forwards; nothing else is admitted or masqueraded
 * @param instanceType       an arm64 (Graviton) type, e.g. {@code t4g.nano}: the AMI is arm64
 * @param internetGateway    the VPC's internet gateway: an Elastic IP can be attached only once it is
 * @param tags               resource tags
 */
public record NatInstanceProps(String name, String vpcId, String publicSubnetId, List<String> privateSubnetCidrs,
                               String instanceType, ITerraformDependable internetGateway, Map<String, String> tags) {

    public NatInstanceProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(internetGateway, "internetGateway");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(publicSubnetId, "publicSubnetId");
        privateSubnetCidrs = List.copyOf(privateSubnetCidrs);
        tags = Map.copyOf(tags);
        if (privateSubnetCidrs.isEmpty()) {
            throw new IllegalArgumentException("a NAT instance needs the private blocks it forwards for");
        }
        privateSubnetCidrs.forEach(Ipv4Cidr::parse);
        if (instanceType == null || !instanceType.matches("^[a-z][a-z0-9-]*[0-9]g[a-z0-9-]*\\.[a-z0-9]+$")) {
            throw new IllegalArgumentException("NAT instance type '" + instanceType + "' is not a Graviton (arm64) type such as t4g.nano");
        }
    }
}
