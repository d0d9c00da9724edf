package dev.openhands.platform.modules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import com.hashicorp.cdktf.ITerraformDependable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatInstanceTest {

    static PrivateNetworkProps props() {
        PrivateNetworkProps gateway = PrivateNetworkTest.props(true);
        return new PrivateNetworkProps(gateway.name(), gateway.location(), gateway.vpcCidr(), gateway.availabilityZones(),
            gateway.privateSubnetCidrs(), true, gateway.publicSubnetCidrs(), gateway.flowLogs(), Map.of(), Optional.of("t4g.nano"));
    }

    @Test
    void theInstanceStandsInForTheGatewayHardened() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new PrivateNetwork(stack, "net", props())));
        assertThat(SynthHarness.resources(doc, "aws_nat_gateway")).isEmpty();
        JsonNode instance = SynthHarness.onlyResource(doc, "aws_instance");
        assertThat(instance.path("instance_type").asText()).isEqualTo("t4g.nano");
        assertThat(instance.path("subnet_id").asText()).contains("aws_subnet.net_public-0");
        assertThat(instance.path("source_dest_check").asBoolean(true)).isFalse();
        assertThat(instance.at("/metadata_options/http_tokens").asText()).isEqualTo("required");
        assertThat(instance.at("/metadata_options/http_put_response_hop_limit").asInt()).isEqualTo(1);
        assertThat(instance.at("/root_block_device/encrypted").asBoolean()).isTrue();
        assertThat(instance.has("associate_public_ip_address")).isFalse();
        assertThat(instance.has("key_name")).isFalse();
        assertThat(instance.has("iam_instance_profile")).isFalse();
        assertThat(instance.at("/lifecycle/ignore_changes").toString()).contains("ami");
        assertThat(doc.at("/data/aws_ssm_parameter").toString()).contains(NatInstance.AMI_PARAMETER);

        JsonNode eip = SynthHarness.onlyResource(doc, "aws_eip");
        assertThat(eip.path("instance").asText()).contains("aws_instance.net_nat-instance_");
        assertThat(eip.path("depends_on").toString()).contains("aws_internet_gateway.net_igw");
        JsonNode route = SynthHarness.resources(doc, "aws_route").stream()
            .filter(r -> r.path("route_table_id").asText().contains("private-routes")).findFirst().orElseThrow();
        assertThat(route.path("network_interface_id").asText()).startsWith("${aws_instance.net_nat-instance_")
            .endsWith(".primary_network_interface_id}");

        List<JsonNode> ingress = SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(ingress).hasSize(4).allSatisfy(rule -> {
            assertThat(rule.path("cidr_ipv4").asText()).isIn("10.40.0.0/20", "10.40.16.0/20");
            assertThat(rule.path("from_port").asInt()).isEqualTo(rule.path("to_port").asInt()).isIn(80, 443);
        });
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_egress_rule"))
            .extracting(rule -> rule.path("from_port").asInt()).containsExactlyInAnyOrder(80, 443);
    }

    @Test
    void onlyThePrivateBlocksAreForwardedAndMasqueraded() {
        String script = NatInstance.userData(List.of("10.40.0.0/20", "10.40.16.0/20"));
        assertThat(script).startsWith("#!/bin/bash\nset -euo pipefail\n")
            .contains("net.ipv4.ip_forward = 1")
            .contains("ip saddr { 10.40.0.0/20, 10.40.16.0/20 } masquerade")
            .contains("type filter hook forward priority filter; policy drop;")
            .contains("ip saddr { 10.40.0.0/20, 10.40.16.0/20 } tcp dport { 80, 443 } accept")
            .contains("systemctl enable --now nftables");
    }

    @Test
    void anX86TypeOrATypeWithoutANatPathIsRefused() {
        assertThatThrownBy(() -> new NatInstanceProps("n", "vpc-1", "subnet-1", List.of("10.0.0.0/20"), "t3.nano",
            new ITerraformDependable() {
                @Override
                public String getFqn() {
                    return "aws_internet_gateway.igw";
                }
            }, Map.of())).hasMessageContaining("not a Graviton (arm64) type");
        PrivateNetworkProps none = PrivateNetworkTest.props(false);
        assertThatThrownBy(() -> new PrivateNetworkProps(none.name(), none.location(), none.vpcCidr(), none.availabilityZones(),
            none.privateSubnetCidrs(), false, List.of(), none.flowLogs(), Map.of(), Optional.of("t4g.nano")))
            .hasMessageContaining("without a NAT path");
    }
}
