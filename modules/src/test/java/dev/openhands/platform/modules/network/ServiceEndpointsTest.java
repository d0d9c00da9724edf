package dev.openhands.platform.modules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceEndpointsTest {

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");
    static final NetworkPlacement NETWORK = NetworkPlacement.of("vpc-1", "10.40.0.0/16", List.of("subnet-a", "subnet-b"));
    static final PolicyDocument BEDROCK = PolicyDocument.of(Statement.allow("Invoke",
        List.of("bedrock:InvokeModel"), List.of("arn:aws:bedrock:eu-west-1::foundation-model/a.b-v1")).withPrincipal("*", List.of("*"))
        .withCondition("StringEquals", "aws:PrincipalAccount", List.of("123456789012")));

    static ServiceEndpointsProps props(List<String> services, boolean dynamoDb, List<String> awsOwnedBuckets) {
        return new ServiceEndpointsProps("p", LOCATION, NETWORK, services,
            services.contains("bedrock-runtime") ? Map.of("bedrock-runtime", BEDROCK) : Map.of(), List.of("rtb-1"),
            dynamoDb, awsOwnedBuckets, Map.of());
    }

    private static JsonNode endpoint(JsonNode doc, String service) {
        return SynthHarness.resources(doc, "aws_vpc_endpoint").stream()
            .filter(e -> e.path("service_name").asText().equals("com.amazonaws.eu-west-1." + service)).findFirst().orElseThrow();
    }

    @Test
    void everyEndpointPinsPrincipalAndResourceToThisAccountUnlessGivenANarrowerPolicy() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new ServiceEndpoints(stack, "ep",
            props(List.of("bedrock-runtime", "ssm", "ecr.dkr", "logs"), true, List.of()))));
        List<JsonNode> endpoints = SynthHarness.resources(doc, "aws_vpc_endpoint");
        assertThat(endpoints).extracting(e -> e.path("service_name").asText()).containsExactlyInAnyOrder(
            "com.amazonaws.eu-west-1.bedrock-runtime", "com.amazonaws.eu-west-1.ssm", "com.amazonaws.eu-west-1.ecr.dkr",
            "com.amazonaws.eu-west-1.logs", "com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.dynamodb");
        assertThat(endpoints).allSatisfy(e -> assertThat(e.path("policy").asText()).as(e.path("service_name").asText()).isNotEmpty());
        for (String service : List.of("ssm", "ecr.dkr", "logs", "s3", "dynamodb")) {
            JsonNode perimeter = SynthHarness.policy(endpoint(doc, service), "policy").path("Statement").get(0);
            assertThat(perimeter.path("Action").asText()).as(service).isEqualTo("*");
            assertThat(perimeter.at("/Condition/StringEquals/aws:PrincipalAccount").asText()).as(service).isEqualTo("123456789012");
            assertThat(perimeter.at("/Condition/StringEquals/aws:ResourceAccount").asText()).as(service).isEqualTo("123456789012");
        }
        assertThat(SynthHarness.policy(endpoint(doc, "bedrock-runtime"), "policy")).isEqualTo(SynthHarness.parse(BEDROCK.toJson()));
        endpoints.stream().filter(e -> e.path("vpc_endpoint_type").asText().equals("Interface"))
            .forEach(e -> assertThat(e.path("private_dns_enabled").asBoolean()).isTrue());
    }

    @Test
    void theS3GatewayReadsEcrsLayerBucketAndTheNamedAwsBucketsWithoutAnAccountCondition() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new ServiceEndpoints(stack, "ep",
            props(List.of("ecr.api", "ecr.dkr"), false, List.of("amazoncloudwatch-agent-eu-west-1")))));
        JsonNode statements = SynthHarness.policy(endpoint(doc, "s3"), "policy").path("Statement");
        assertThat(statements).hasSize(2);
        JsonNode reads = statements.get(1);
        assertThat(reads.path("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(SynthHarness.strings(reads.path("Resource"))).containsExactly(
            "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*", "arn:aws:s3:::amazoncloudwatch-agent-eu-west-1/*");
        // Layer downloads are presigned by an ECR account and agent downloads are anonymous: an account condition
        // here would refuse every image pull.
        assertThat(reads.has("Condition")).isFalse();

        JsonNode noEcr = SynthHarness.parse(SynthHarness.synth(stack -> new ServiceEndpoints(stack, "ep",
            props(List.of("logs"), false, List.of()))));
        assertThat(SynthHarness.policy(endpoint(noEcr, "s3"), "policy").toString()).doesNotContain("starport");
    }

    @Test
    void eachInterfaceEndpointHasItsOwnGroupThatAdmitsNoOneUntilAConsumerIsDeclared() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> {
            ServiceEndpoints endpoints = new ServiceEndpoints(stack, "ep", props(List.of("bedrock-runtime", "ssm", "logs"), false, List.of()));
            new EndpointAccess(stack, "agent-access", new EndpointAccessProps("agents", "sg-agent",
                endpoints.interfaceEndpoints(List.of("bedrock-runtime", "logs"))));
        }));
        assertThat(SynthHarness.resources(doc, "aws_security_group")).hasSize(3);
        for (String service : List.of("bedrock-runtime", "ssm", "logs")) {
            assertThat(SynthHarness.strings(endpoint(doc, service).path("security_group_ids"))).singleElement()
                .satisfies(group -> assertThat(group).contains("aws_security_group.ep_" + service.replace('.', '-') + "-sg_"));
        }
        List<JsonNode> ingress = SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(ingress).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.path("referenced_security_group_id").asText()).isEqualTo("sg-agent");
            assertThat(rule.has("cidr_ipv4")).as("no address block, the VPC's included").isFalse();
            assertThat(rule.path("from_port").asInt()).isEqualTo(443);
        });
        assertThat(ingress).extracting(r -> r.path("security_group_id").asText())
            .noneMatch(group -> group.contains("ep_ssm-sg_"));
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_egress_rule"))
            .extracting(r -> r.path("security_group_id").asText() + "->" + r.path("referenced_security_group_id").asText().replaceAll(
                ".*aws_security_group\\.ep_(.*)-sg_.*", "$1"))
            .containsExactlyInAnyOrder("sg-agent->bedrock-runtime", "sg-agent->logs");
    }

    @Test
    void aConsumerMustNameEndpointsThatExist() {
        VpcEndpoints endpoints = VpcEndpoints.of(GatewayEndpoints.of("pl-1", "pl-2"),
            List.of(new InterfaceEndpoint("logs", "vpce-1", "sg-1")));
        assertThatThrownBy(() -> endpoints.interfaceEndpoint("bedrock-runtime"))
            .hasMessageContaining("no interface endpoint for bedrock-runtime").hasMessageContaining("[logs]");
        assertThatThrownBy(() -> new EndpointAccessProps("sg-agent", "agents", endpoints.interfaceEndpoints()))
            .as("consumer and group swapped").hasMessageContaining("not a security group id");
        assertThatThrownBy(() -> new EndpointAccessProps("${aws_security_group.a.id}", "sg-agent", endpoints.interfaceEndpoints()))
            .as("a reference as the consumer").hasMessageContaining("lower-case label");
        assertThatThrownBy(() -> new EndpointAccessProps("agents", "agents", endpoints.interfaceEndpoints()))
            .hasMessageContaining("not a security group id");
        assertThatThrownBy(() -> new EndpointAccessProps("agents", "sg-agent", List.of())).hasMessageContaining("no endpoint");
    }

    @Test
    void refusesPoliciesForMissingEndpointsAndBucketArns() {
        assertThatThrownBy(() -> new ServiceEndpointsProps("p", LOCATION, NETWORK, List.of("ssm"), Map.of("bedrock-runtime", BEDROCK),
            List.of(), false, List.of(), Map.of())).hasMessageContaining("has no endpoint");
        assertThatThrownBy(() -> props(List.of("ssm"), false, List.of("arn:aws:s3:::bucket")))
            .hasMessageContaining("not an S3 bucket name");
    }
}
