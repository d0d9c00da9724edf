package dev.openhands.platform.modules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.identity.AwsLocation;
import dev.openhands.platform.modules.identity.PolicyDocument;
import dev.openhands.platform.modules.identity.PolicyDocument.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceEndpointsTest {

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");
    static final PolicyDocument BEDROCK = PolicyDocument.of(Statement.allow("Invoke",
        List.of("bedrock:InvokeModel"), List.of("arn:aws:bedrock:eu-west-1::foundation-model/a.b-v1")).withPrincipal("*", List.of("*")));

    @Test
    void interfaceEndpointsArePrivateAndAdmitHttpsFromTheVpcOnly() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new ServiceEndpoints(stack, "ep", new ServiceEndpointsProps(
            "p", LOCATION, NetworkPlacement.of("vpc-1", "10.40.0.0/16", List.of("subnet-a", "subnet-b")),
            List.of("bedrock-runtime", "ssm", "ecr.dkr"), Map.of("bedrock-runtime", BEDROCK), List.of("rtb-1"), Optional.empty(), false,
            Map.of()))));
        List<JsonNode> endpoints = SynthHarness.resources(doc, "aws_vpc_endpoint");
        assertThat(endpoints).extracting(e -> e.path("service_name").asText()).containsExactlyInAnyOrder(
            "com.amazonaws.eu-west-1.bedrock-runtime", "com.amazonaws.eu-west-1.ssm", "com.amazonaws.eu-west-1.ecr.dkr",
            "com.amazonaws.eu-west-1.s3");
        endpoints.stream().filter(e -> e.path("vpc_endpoint_type").asText().equals("Interface"))
            .forEach(e -> assertThat(e.path("private_dns_enabled").asBoolean()).isTrue());
        JsonNode bedrock = endpoints.stream().filter(e -> e.path("service_name").asText().endsWith("bedrock-runtime")).findFirst().orElseThrow();
        assertThat(SynthHarness.policy(bedrock, "policy")).isEqualTo(SynthHarness.parse(BEDROCK.toJson()));
        JsonNode rule = SynthHarness.onlyResource(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(rule.path("cidr_ipv4").asText()).isEqualTo("10.40.0.0/16");
        assertThat(rule.path("from_port").asInt()).isEqualTo(443);
        assertThat(rule.path("to_port").asInt()).isEqualTo(443);
    }

    @Test
    void refusesPoliciesForMissingEndpoints() {
        assertThatThrownBy(() -> new ServiceEndpointsProps("p", LOCATION, NetworkPlacement.of("vpc", "10.0.0.0/16", List.of("s")),
            List.of("ssm"), Map.of("bedrock-runtime", BEDROCK), List.of(), Optional.empty(), false, Map.of())).hasMessageContaining("has no endpoint");
    }
}
