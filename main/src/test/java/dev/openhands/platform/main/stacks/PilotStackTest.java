package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.modules.compute.PilotHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PilotStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static String synthesized;
    static JsonNode doc;
    static EnvironmentConfig pilot;

    @BeforeAll
    static void synth() throws IOException {
        pilot = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot")).get(0);
        App app = Testing.app();
        synthesized = Testing.synth(new PilotStack(app, pilot));
        doc = JSON.readTree(synthesized);
    }

    static List<JsonNode> resources(JsonNode d, String type) {
        List<JsonNode> out = new ArrayList<>();
        d.path("resource").path(type).forEach(out::add);
        return out;
    }

    static JsonNode policy(JsonNode resource) throws IOException {
        return JSON.readTree(resource.path("policy").asText());
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    @Test
    void providerIsPinnedToTheAccountAndRelaxedToTheWholeFiveLine() {
        assertThat(doc.at("/terraform/required_providers/aws/version").asText()).isEqualTo(">= 5.23.1, < 6.0.0");
        assertThat(Testing.toHaveProviderWithProperties(synthesized, "aws",
            Map.of("region", "eu-west-1", "allowed_account_ids", List.of("123456789012")))).isTrue();
        JsonNode tags = doc.at("/provider/aws/0/default_tags/0/tags");
        assertThat(tags.path("Environment").asText()).isEqualTo("pilot");
        assertThat(tags.path("Owner").asText()).isEqualTo("platform-team");
    }

    @Test
    void hostIsPrivateWithImdsV2AndAnEncryptedVolume() {
        JsonNode instance = resources(doc, "aws_instance").get(0);
        assertThat(instance.at("/metadata_options/http_tokens").asText()).isEqualTo("required");
        assertThat(instance.at("/root_block_device/encrypted").asBoolean()).isTrue();
        assertThat(instance.at("/root_block_device/kms_key_id").asText()).startsWith("${aws_kms_key.storage-key");
        assertThat(instance.has("key_name")).isFalse();
        assertThat(instance.path("associate_public_ip_address").asBoolean(false)).isFalse();
        String subnetRef = instance.path("subnet_id").asText();
        assertThat(subnetRef).contains("network_private-0");
        assertThat(resources(doc, "aws_subnet")).allMatch(s -> !s.path("map_public_ip_on_launch").asBoolean(true));
        // private subnets route to the NAT gateway only, never to the internet gateway
        assertThat(resources(doc, "aws_route")).filteredOn(r -> r.has("gateway_id"))
            .allMatch(r -> r.path("route_table_id").asText().contains("public-routes"));
    }

    @Test
    void nothingAdmitsTrafficExceptHttpsFromTheHostToEachEndpoint() {
        // (the NAT instance's group admits the private subnets: theBundledPilotLeavesThroughAHardenedNatInstance...)
        List<JsonNode> ingress = resources(doc, "aws_vpc_security_group_ingress_rule").stream()
            .filter(r -> !r.path("security_group_id").asText().contains("nat-instance_sg")).toList();
        assertThat(ingress).hasSize(PilotStack.interfaceServices(pilot).size()).allSatisfy(rule -> {
            assertThat(rule.has("cidr_ipv4")).as("no address block, not even the VPC's").isFalse();
            assertThat(rule.path("from_port").asInt()).isEqualTo(443);
            assertThat(rule.path("security_group_id").asText()).startsWith("${aws_security_group.endpoints_");
            assertThat(rule.path("referenced_security_group_id").asText()).startsWith("${aws_security_group.host_sg_");
        });
        assertThat(resources(doc, "aws_security_group")).noneMatch(sg -> sg.has("ingress"));
    }

    @Test
    void withANatPathOnlyBedrockKeepsAnInterfaceEndpointAndOnlyInTheHostsZone() {
        List<JsonNode> endpoints = resources(doc, "aws_vpc_endpoint");
        assertThat(endpoints).extracting(e -> e.path("service_name").asText())
            .containsExactlyInAnyOrder("com.amazonaws.eu-west-1.bedrock-runtime", "com.amazonaws.eu-west-1.s3");
        JsonNode bedrock = endpoint("bedrock-runtime");
        assertThat(strings(bedrock.path("subnet_ids"))).singleElement().asString().contains("network_private-0");
        assertThat(resources(doc, "aws_instance").get(0).path("subnet_id").asText()).contains("network_private-0");
    }

    @Test
    void withoutAnInternetPathTheHostHasEveryEndpointItCalls() throws IOException {
        EnvironmentConfig isolated = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot-isolated")).get(0);
        JsonNode isolatedDoc = JSON.readTree(Testing.synth(new PilotStack(Testing.app(), isolated)));
        List<String> services = resources(isolatedDoc, "aws_vpc_endpoint").stream().map(e -> e.path("service_name").asText()).toList();
        assertThat(PilotStack.interfaceServices(isolated)).containsExactlyInAnyOrder("bedrock-runtime", "ssm", "ssmmessages",
            "ec2messages", "logs", "sts", "ecr.api", "ecr.dkr");
        for (String service : PilotStack.interfaceServices(isolated)) {
            assertThat(services).contains("com.amazonaws.eu-central-1." + service);
        }
        assertThat(services).contains("com.amazonaws.eu-central-1.s3");
    }

    static JsonNode endpoint(String service) {
        return resources(doc, "aws_vpc_endpoint").stream()
            .filter(e -> e.path("service_name").asText().equals("com.amazonaws.eu-west-1." + service)).findFirst().orElseThrow();
    }

    @Test
    void bedrockEndpointPolicyAllowsOnlyInvokeOnTheConfiguredModels() throws IOException {
        JsonNode statements = policy(endpoint("bedrock-runtime")).path("Statement");
        assertThat(statements).hasSize(1);
        JsonNode statement = statements.get(0);
        assertThat(strings(statement.path("Action"))).containsExactly("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
        List<String> arns = strings(statement.path("Resource"));
        assertThat(arns).first().isEqualTo("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(arns).allMatch(a -> !a.contains("*"))
            .allMatch(a -> a.endsWith("/eu.anthropic.claude-sonnet-4-20250514-v1:0") || a.endsWith("foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"));
        assertThat(statement.at("/Condition/StringEquals/aws:PrincipalAccount").asText()).isEqualTo("123456789012");
    }

    @Test
    void noPolicyAnywhereGrantsAWildcardAction() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (String type : List.of("aws_iam_role_policy", "aws_vpc_endpoint", "aws_kms_key")) {
            for (JsonNode r : resources(doc, type)) {
                if (r.has("policy")) {
                    documents.add(policy(r));
                }
            }
        }
        for (JsonNode r : resources(doc, "aws_iam_role")) {
            documents.add(JSON.readTree(r.path("assume_role_policy").asText()));
        }
        assertThat(documents).hasSizeGreaterThan(5);
        for (JsonNode document : documents) {
            for (JsonNode statement : document.path("Statement")) {
                boolean endpointPerimeter = statement.at("/Condition/StringEquals/aws:PrincipalAccount").asText().equals("123456789012")
                    && statement.at("/Condition/StringEquals/aws:ResourceAccount").asText().equals("123456789012");
                if (endpointPerimeter) {
                    // An endpoint's account perimeter: it grants nothing, it bounds what passes the endpoint.
                    assertThat(resources(doc, "aws_vpc_endpoint")).anyMatch(e -> e.path("policy").asText().contains(statement.toString()));
                    continue;
                }
                assertThat(strings(statement.path("Action"))).as(statement.toString()).doesNotContain("*");
                List<String> wildcardServices = strings(statement.path("Action")).stream().filter(a -> a.endsWith(":*")).toList();
                // kms:* appears only in key policies, granted to the account root (IAM then governs the key)
                assertThat(wildcardServices).allMatch(a -> a.equals("kms:*") && statement.at("/Principal/AWS").asText().endsWith(":root"));
            }
        }
        for (JsonNode rolePolicy : resources(doc, "aws_iam_role_policy")) {
            for (JsonNode statement : policy(rolePolicy).path("Statement")) {
                if (strings(statement.path("Resource")).contains("*")) {
                    assertThat(PilotHost.ACTIONS_WITHOUT_RESOURCE_SCOPE).containsAll(strings(statement.path("Action")));
                }
            }
        }
    }

    @Test
    void theS3GatewayPassesOwnAccountRequestsAndReadsOfTheAwsBucketsTheHostNeedsOnly() throws IOException {
        JsonNode statements = policy(endpoint("s3")).path("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).path("Sid").asText()).isEqualTo("OwnPrincipalsOnOwnResources");
        JsonNode reads = statements.get(1);
        assertThat(strings(reads.path("Action"))).containsExactly("s3:GetObject");
        assertThat(strings(reads.path("Resource"))).contains("arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*",
            "arn:aws:s3:::amazoncloudwatch-agent-eu-west-1/*", "arn:aws:s3:::amazon-ssm-eu-west-1/*").allMatch(r -> r.endsWith("/*"));
        // ECR presigns layer downloads with its own account and the agent downloads carry no credentials: an account
        // condition here (as this policy once had) refuses every image pull and the CloudWatch agent install.
        assertThat(reads.has("Condition")).isFalse();
    }

    @Test
    void hostCredentialsReachBedrockOnlyThroughTheVpcEndpoint() throws IOException {
        String bedrockEndpoint = "${aws_vpc_endpoint.endpoints_bedrock-runtime_";
        JsonNode role = policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals("openhands-pilot-host")).findFirst().orElseThrow());
        List<JsonNode> denies = new ArrayList<>();
        role.path("Statement").forEach(st -> {
            if (st.path("Effect").asText().equals("Deny")) {
                denies.add(st);
            }
        });
        assertThat(denies).hasSize(2).allSatisfy(st ->
            assertThat(st.at("/Condition/StringNotEquals/aws:SourceVpce").asText()).startsWith(bedrockEndpoint));
    }

    @Test
    void logsAndImagesAreEncryptedWithCustomerKeys() {
        assertThat(resources(doc, "aws_kms_key")).hasSize(2).allMatch(k -> k.path("enable_key_rotation").asBoolean());
        assertThat(resources(doc, "aws_cloudwatch_log_group")).hasSize(2)
            .allMatch(g -> g.path("kms_key_id").asText().startsWith("${aws_kms_key.logs-key"));
        assertThat(resources(doc, "aws_ecr_repository")).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("image_tag_mutability").asText()).isEqualTo("IMMUTABLE");
            assertThat(r.at("/image_scanning_configuration/scan_on_push").asBoolean()).isTrue();
            assertThat(r.at("/encryption_configuration/0/encryption_type").asText()).isEqualTo("KMS");
        });
    }

    @Test
    void outputsTellTheOperatorHowToReachTheUi() {
        JsonNode outputs = doc.path("output");
        assertThat(outputs.has("instance_id")).isTrue();
        assertThat(outputs.path("log_group_name").path("value").asText()).isEqualTo("/openhands/openhands-pilot/host");
        assertThat(outputs.path("ui_port_forward_command").path("value").asText())
            .startsWith("aws ssm start-session --region eu-west-1 --target ${aws_instance.")
            .contains("--document-name AWS-StartPortForwardingSession")
            .contains("{\"portNumber\":[\"3000\"],\"localPortNumber\":[\"3000\"]}");
    }

    @Test
    void theBundledPilotLeavesThroughAHardenedNatInstanceInsteadOfAGateway() {
        assertThat(resources(doc, "aws_nat_gateway")).isEmpty();
        List<JsonNode> instances = resources(doc, "aws_instance");
        JsonNode nat = instances.stream().filter(i -> i.path("instance_type").asText().equals("t4g.nano")).findFirst().orElseThrow();
        assertThat(nat.path("subnet_id").asText()).contains("network_public-0");
        assertThat(nat.path("source_dest_check").asBoolean(true)).isFalse();
        assertThat(nat.at("/metadata_options/http_tokens").asText()).isEqualTo("required");
        assertThat(nat.at("/root_block_device/encrypted").asBoolean()).isTrue();
        assertThat(nat.has("key_name")).isFalse();
        assertThat(nat.has("iam_instance_profile")).isFalse();
        JsonNode route = resources(doc, "aws_route").stream()
            .filter(r -> r.path("route_table_id").asText().contains("private-routes")).findFirst().orElseThrow();
        assertThat(route.path("network_interface_id").asText()).contains("aws_instance.network_nat-instance_");
        // the NAT instance admits only the private subnets, and only on the ports the host sends through it
        List<JsonNode> natIngress = resources(doc, "aws_vpc_security_group_ingress_rule").stream()
            .filter(r -> r.path("security_group_id").asText().contains("nat-instance_sg")).toList();
        assertThat(natIngress).hasSize(4).allSatisfy(r -> {
            assertThat(pilot.network().privateSubnetCidrs()).contains(r.path("cidr_ipv4").asText());
            assertThat(r.path("from_port").asInt()).isIn(80, 443);
        });
        assertThat(resources(doc, "aws_instance")).filteredOn(i -> !i.equals(nat)).singleElement()
            .satisfies(host -> assertThat(host.path("instance_type").asText()).isEqualTo("t4g.medium"));
    }

    @Test
    void aClosedPilotHasNoInternetPathAtAll(@TempDir Path dir) throws IOException {
        EnvironmentConfig closed = ProjectFiles.loadVariant(dir, "closed", d -> {
            ObjectNode egress = (ObjectNode) d.get("egress");
            egress.put("mode", "none");
            egress.remove("allowedHosts");
            ((ObjectNode) d.get("network")).remove("publicSubnetCidrs");
            ((ObjectNode) d.get("network")).remove("nat");
            ObjectNode pilot = (ObjectNode) d.get("pilot");
            pilot.put("hostProvisioning", "baked-image");
            pilot.putObject("ami").put("id", "ami-0123456789abcdef0").put("architecture", "arm64");
        });
        JsonNode closedDoc = JSON.readTree(Testing.synth(new PilotStack(Testing.app(), closed)));
        for (String type : List.of("aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route")) {
            assertThat(resources(closedDoc, type)).as(type).isEmpty();
        }
        assertThat(resources(closedDoc, "aws_vpc_security_group_egress_rule"))
            .noneMatch(r -> "0.0.0.0/0".equals(r.path("cidr_ipv4").asText()));
        assertThat(closedDoc.path("data").has("aws_ssm_parameter")).isFalse();
        assertThat(resources(closedDoc, "aws_instance").get(0).path("ami").asText()).isEqualTo("ami-0123456789abcdef0");
    }

    @Test
    void aDeployRoleIsAssumed(@TempDir Path dir) throws IOException {
        EnvironmentConfig withRole = ProjectFiles.loadVariant(dir, "pilot", d ->
            ((ObjectNode) d.get("aws")).put("deployRoleArn", "arn:aws:iam::123456789012:role/openhands-deploy"));
        JsonNode roleDoc = JSON.readTree(Testing.synth(new PilotStack(Testing.app(), withRole)));
        assertThat(roleDoc.at("/provider/aws/0/assume_role/0/role_arn").asText()).isEqualTo("arn:aws:iam::123456789012:role/openhands-deploy");
    }
}
