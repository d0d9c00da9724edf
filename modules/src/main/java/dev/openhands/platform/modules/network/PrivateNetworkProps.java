package dev.openhands.platform.modules.network;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                 prefix of every resource name, e.g. {@code openhands-pilot}
 * @param accountId            account of the VPC (for exact ARNs in the flow-log role)
 * @param region               region of the VPC
 * @param vpcCidr              RFC 1918 primary block
 * @param availabilityZones    at least two zones; subnet i lives in zone i
 * @param privateSubnetCidrs   one block per zone, inside the VPC, not overlapping
 * @param publicSubnetCidrs    one block per zone when {@code natGateway} is on, empty otherwise
 * @param natGateway           whether a NAT gateway gives the private subnets a path to the internet
 * @param flowLogKmsKeyArn     key for the flow-log group (its policy must admit CloudWatch Logs)
 * @param flowLogRetentionDays retention of the flow-log group
 * @param tags                 resource tags
 */
public record PrivateNetworkProps(String name, String accountId, String region, String vpcCidr,
                                  List<String> availabilityZones, List<String> privateSubnetCidrs,
                                  List<String> publicSubnetCidrs, boolean natGateway, String flowLogKmsKeyArn,
                                  int flowLogRetentionDays, Map<String, String> tags) {

    public PrivateNetworkProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flowLogKmsKeyArn, "flowLogKmsKeyArn");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        availabilityZones = List.copyOf(availabilityZones);
        privateSubnetCidrs = List.copyOf(privateSubnetCidrs);
        publicSubnetCidrs = List.copyOf(publicSubnetCidrs);
        tags = Map.copyOf(tags);
        Ipv4Cidr vpc = Ipv4Cidr.parse(vpcCidr);
        if (!vpc.isRfc1918()) {
            throw new IllegalArgumentException("VPC block " + vpcCidr + " is not inside an RFC 1918 range");
        }
        if (availabilityZones.size() < 2) {
            throw new IllegalArgumentException("a VPC needs at least two availability zones");
        }
        if (privateSubnetCidrs.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("give one private subnet per availability zone");
        }
        if (natGateway && publicSubnetCidrs.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("a NAT gateway needs one public subnet per availability zone");
        }
        if (!natGateway && !publicSubnetCidrs.isEmpty()) {
            throw new IllegalArgumentException("public subnets exist only for the NAT gateway; leave them out without one");
        }
        List<Ipv4Cidr> seen = new ArrayList<>();
        List<String> all = new ArrayList<>(privateSubnetCidrs);
        all.addAll(publicSubnetCidrs);
        for (String text : all) {
            Ipv4Cidr subnet = Ipv4Cidr.parse(text);
            if (!vpc.contains(subnet)) {
                throw new IllegalArgumentException("subnet " + text + " is outside the VPC block " + vpcCidr);
            }
            for (Ipv4Cidr other : seen) {
                if (other.overlaps(subnet)) {
                    throw new IllegalArgumentException("subnet " + text + " overlaps " + other);
                }
            }
            seen.add(subnet);
        }
    }
}
