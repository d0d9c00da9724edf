package dev.openhands.platform.modules.network;

import java.util.List;
import java.util.Objects;

/**
 * Where a construct places its network interfaces: a VPC, its primary block and its private subnets.
 * {@link PrivateNetwork} is one; {@link #of} describes a VPC built elsewhere (another stack, another account's app).
 */
public interface NetworkPlacement {

    String getVpcId();

    /** The VPC's primary block (interface endpoints and peers in the VPC live in it). */
    String getVpcCidr();

    /** One private subnet per zone, in zone order. */
    List<String> getPrivateSubnetIds();

    static NetworkPlacement of(String vpcId, String vpcCidr, List<String> privateSubnetIds) {
        return new Existing(vpcId, vpcCidr, privateSubnetIds);
    }

    /** A VPC this app did not create. */
    record Existing(String vpcId, String vpcCidr, List<String> privateSubnetIds) implements NetworkPlacement {
        public Existing {
            Objects.requireNonNull(vpcId, "vpcId");
            Objects.requireNonNull(vpcCidr, "vpcCidr");
            privateSubnetIds = List.copyOf(privateSubnetIds);
            if (privateSubnetIds.isEmpty()) {
                throw new IllegalArgumentException("a network placement needs at least one private subnet");
            }
        }

        @Override
        public String getVpcId() {
            return vpcId;
        }

        @Override
        public String getVpcCidr() {
            return vpcCidr;
        }

        @Override
        public List<String> getPrivateSubnetIds() {
            return privateSubnetIds;
        }
    }
}
