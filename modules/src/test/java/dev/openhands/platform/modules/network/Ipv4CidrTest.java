package dev.openhands.platform.modules.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4CidrTest {

    @Test
    void parsesAndPrintsCanonicalBlocks() {
        Ipv4Cidr block = Ipv4Cidr.parse("10.40.0.0/16");
        assertThat(block.toString()).isEqualTo("10.40.0.0/16");
        assertThat(block.size()).isEqualTo(65536);
        assertThat(block.vpcResolverAddress()).isEqualTo("10.40.0.2");
    }

    @Test
    void refusesMalformedBlocks() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.40.0.0")).hasMessageContaining("a.b.c.d/n");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.400.0.0/16")).hasMessageContaining("above 255");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.40.0.0/33")).hasMessageContaining("above 32");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.40.1.0/16")).hasMessageContaining("host bits set").hasMessageContaining("10.40.0.0/16");
    }

    @Test
    void containmentAndOverlap() {
        Ipv4Cidr vpc = Ipv4Cidr.parse("10.40.0.0/16");
        assertThat(vpc.contains(Ipv4Cidr.parse("10.40.16.0/20"))).isTrue();
        assertThat(vpc.contains(Ipv4Cidr.parse("10.41.0.0/20"))).isFalse();
        assertThat(vpc.contains(Ipv4Cidr.parse("10.0.0.0/8"))).isFalse();
        assertThat(Ipv4Cidr.parse("10.40.0.0/20").overlaps(Ipv4Cidr.parse("10.40.15.0/24"))).isTrue();
        assertThat(Ipv4Cidr.parse("10.40.0.0/20").overlaps(Ipv4Cidr.parse("10.40.16.0/24"))).isFalse();
    }

    @Test
    void knowsThePrivateRanges() {
        assertThat(Ipv4Cidr.parse("10.0.0.0/8").isRfc1918()).isTrue();
        assertThat(Ipv4Cidr.parse("172.31.0.0/16").isRfc1918()).isTrue();
        assertThat(Ipv4Cidr.parse("172.32.0.0/16").isRfc1918()).isFalse();
        assertThat(Ipv4Cidr.parse("192.168.10.0/24").isRfc1918()).isTrue();
        assertThat(Ipv4Cidr.parse("100.64.0.0/16").isRfc1918()).isFalse();
        assertThat(Ipv4Cidr.parse("8.8.0.0/16").isRfc1918()).isFalse();
    }
}
