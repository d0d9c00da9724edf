package dev.openhands.platform.modules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.observability.LogSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateNetworkTest {

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");
    static final LogSettings FLOW_LOGS = new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/k"), 90);

    static PrivateNetworkProps props(boolean nat) {
        return new PrivateNetworkProps("openhands-pilot", LOCATION, "10.40.0.0/16",
            List.of("eu-west-1a", "eu-west-1b"), List.of("10.40.0.0/20", "10.40.16.0/20"),
            nat, nat ? List.of("10.40.240.0/24", "10.40.241.0/24") : List.of(), FLOW_LOGS, Map.of());
    }

    @Test
    void withoutNatThereIsNoPathToTheInternet() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new PrivateNetwork(stack, "net", props(false))));
        assertThat(SynthHarness.resources(doc, "aws_internet_gateway")).isEmpty();
        assertThat(SynthHarness.resources(doc, "aws_nat_gateway")).isEmpty();
        assertThat(SynthHarness.resources(doc, "aws_eip")).isEmpty();
        assertThat(SynthHarness.resources(doc, "aws_route")).isEmpty();
        List<JsonNode> subnets = SynthHarness.resources(doc, "aws_subnet");
        assertThat(subnets).hasSize(2).allMatch(s -> !s.path("map_public_ip_on_launch").asBoolean(true));
        assertThat(subnets).extracting(s -> s.path("availability_zone").asText()).containsExactly("eu-west-1a", "eu-west-1b");
        JsonNode vpc = SynthHarness.onlyResource(doc, "aws_vpc");
        assertThat(vpc.path("enable_dns_hostnames").asBoolean()).isTrue();
        assertThat(vpc.path("enable_dns_support").asBoolean()).isTrue();
    }

    @Test
    void flowLogsGoToAnEncryptedGroupThroughAScopedRole() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new PrivateNetwork(stack, "net", props(false))));
        JsonNode flowLog = SynthHarness.onlyResource(doc, "aws_flow_log");
        assertThat(flowLog.path("traffic_type").asText()).isEqualTo("ALL");
        JsonNode group = SynthHarness.onlyResource(doc, "aws_cloudwatch_log_group");
        assertThat(group.path("kms_key_id").asText()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/k");
        assertThat(group.path("retention_in_days").asInt()).isEqualTo(90);
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy");
        assertThat(SynthHarness.statements(policy).get(0).get("Resource")).containsExactly(
            "arn:aws:logs:eu-west-1:123456789012:log-group:/openhands/openhands-pilot/vpc-flow-logs",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/openhands/openhands-pilot/vpc-flow-logs:log-stream:*");
        JsonNode defaultSg = SynthHarness.onlyResource(doc, "aws_default_security_group");
        assertThat(defaultSg.has("ingress")).isFalse();
        assertThat(defaultSg.has("egress")).isFalse();
    }

    @Test
    void natEgressUsesPublicSubnetsThatMapNoAddresses() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new PrivateNetwork(stack, "net", props(true))));
        assertThat(SynthHarness.resources(doc, "aws_nat_gateway")).hasSize(1);
        assertThat(SynthHarness.resources(doc, "aws_internet_gateway")).hasSize(1);
        assertThat(SynthHarness.resources(doc, "aws_subnet")).hasSize(4).allMatch(s -> !s.path("map_public_ip_on_launch").asBoolean(true));
        assertThat(SynthHarness.resources(doc, "aws_route")).extracting(r -> r.path("destination_cidr_block").asText())
            .containsOnly("0.0.0.0/0");
    }

    @Test
    void publicSubnetsWithoutNatGiveThePrivateSubnetsNoRouteOut() {
        PrivateNetwork[] built = new PrivateNetwork[1];
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> built[0] = new PrivateNetwork(stack, "net",
            new PrivateNetworkProps("openhands-staging", LOCATION, "10.40.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
                List.of("10.40.0.0/20", "10.40.16.0/20"), false, List.of("10.40.240.0/24", "10.40.241.0/24"), FLOW_LOGS, Map.of()))));
        assertThat(SynthHarness.resources(doc, "aws_internet_gateway")).hasSize(1);
        assertThat(SynthHarness.resources(doc, "aws_nat_gateway")).isEmpty();
        assertThat(SynthHarness.resources(doc, "aws_eip")).isEmpty();
        List<JsonNode> routes = SynthHarness.resources(doc, "aws_route");
        assertThat(routes).as("only the public route table's default route, through the internet gateway").hasSize(1);
        assertThat(routes.get(0).path("gateway_id").asText()).contains("aws_internet_gateway");
        assertThat(routes.get(0).path("route_table_id").asText()).contains("public-routes");
        assertThat(built[0].getPublicSubnetIds()).hasSize(2);
        assertThat(SynthHarness.resources(doc, "aws_subnet")).hasSize(4).allMatch(s -> !s.path("map_public_ip_on_launch").asBoolean(true));
    }

    @Test
    void refusesBadLayouts() {
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "10.0.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
            List.of("10.0.0.0/20", "10.0.16.0/20"), false, List.of("10.0.240.0/24"), FLOW_LOGS, Map.of()))
            .hasMessageContaining("one public subnet per availability zone, or none");
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "8.8.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
            List.of("8.8.0.0/20", "8.8.16.0/20"), false, List.of(), FLOW_LOGS, Map.of())).hasMessageContaining("RFC 1918");
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "10.0.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
            List.of("10.0.0.0/20", "10.0.8.0/24"), false, List.of(), FLOW_LOGS, Map.of())).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "10.0.0.0/16", List.of("eu-west-1a"),
            List.of("10.0.0.0/20"), false, List.of(), FLOW_LOGS, Map.of())).hasMessageContaining("two availability zones");
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "10.0.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
            List.of("10.0.0.0/20", "10.1.0.0/20"), false, List.of(), FLOW_LOGS, Map.of())).hasMessageContaining("outside the VPC");
        assertThatThrownBy(() -> new PrivateNetworkProps("n", LOCATION, "10.0.0.0/16", List.of("10.0.0.0/20", "10.0.16.0/20"),
            List.of("eu-west-1a", "eu-west-1b"), false, List.of(), FLOW_LOGS, Map.of()))
            .as("zones and subnets swapped").hasMessageContaining("is not a zone of eu-west-1");
    }
}
