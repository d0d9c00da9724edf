package dev.openhands.platform.modules.network;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * No swap of neighbouring components goes unnoticed: a zone name is no CIDR block, and the NAT switch stands
 * between the private and the public subnet lists.
 *
 * @param name               prefix of every resource name, e.g. {@code openhands-pilot}
 * @param location           account and region of the VPC (for exact ARNs in the flow-log role)
 * @param vpcCidr            RFC 1918 primary block
 * @param availabilityZones  at least two zones; subnet i lives in zone i
 * @param privateSubnetCidrs one block per zone, inside the VPC, not overlapping
 * @param natGateway         whether a NAT gateway gives the private subnets a path to the internet
 * @param publicSubnetCidrs  one block per zone (internet gateway, public route table), or empty for none; required
 *                           by {@code natGateway} and by an internet-facing load balancer
 * @param flowLogs           key (its policy must admit CloudWatch Logs) and retention of the flow-log group
 * @param tags               resource tags
 * @param natInstanceType    with {@code natGateway} on: empty for a NAT gateway, or the (arm64) type of a
 *                           {@link NatInstance} that stands in for it
 */
public record PrivateNetworkProps(String name, AwsLocation location, String vpcCidr, List<String> availabilityZones,
                                  List<String> privateSubnetCidrs, boolean natGateway, List<String> publicSubnetCidrs,
                                  LogSettings flowLogs, Map<String, String> tags, Optional<String> natInstanceType) {

    /** A NAT gateway when {@code natGateway} is on. */
    public PrivateNetworkProps(String name, AwsLocation location, String vpcCidr, List<String> availabilityZones,
                               List<String> privateSubnetCidrs, boolean natGateway, List<String> publicSubnetCidrs,
                               LogSettings flowLogs, Map<String, String> tags) {
        this(name, location, vpcCidr, availabilityZones, privateSubnetCidrs, natGateway, publicSubnetCidrs, flowLogs, tags, Optional.empty());
    }

    public PrivateNetworkProps {
        Objects.requireNonNull(natInstanceType, "natInstanceType");
        if (!natGateway && natInstanceType.isPresent()) {
            throw new IllegalArgumentException("a NAT instance type without a NAT path: set natGateway, or leave the type out");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(flowLogs, "flowLogs");
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
        for (String zone : availabilityZones) {
            if (!zone.startsWith(location.region()) || !zone.matches("^[a-z0-9-]+-[0-9][a-z]$")) {
                throw new IllegalArgumentException("availability zone '" + zone + "' is not a zone of " + location.region()
                    + " (e.g. " + location.region() + "a)");
            }
        }
        if (privateSubnetCidrs.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("give one private subnet per availability zone");
        }
        if (natGateway && publicSubnetCidrs.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("a NAT gateway needs one public subnet per availability zone");
        }
        if (!publicSubnetCidrs.isEmpty() && publicSubnetCidrs.size() != availabilityZones.size()) {
            throw new IllegalArgumentException("give one public subnet per availability zone, or none");
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
