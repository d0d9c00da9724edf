package dev.openhands.platform.modules.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.GatewayEndpoints;
import dev.openhands.platform.modules.network.InterfaceEndpoint;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.observability.LogSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PilotHostTest {

    static final String LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:/openhands/openhands-pilot/host";
    static final List<String> MODEL_ARNS = List.of("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0");
    static final List<String> REPOSITORY_ARNS = List.of("arn:aws:ecr:eu-west-1:123456789012:repository/openhands-pilot/openhands");

    static String synthesized;
    static JsonNode doc;

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");
    static final EncryptionKey KEY = EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/k");
    /** The pilot's endpoints, each with its own group (sg-vpce-<service>). */
    static final VpcEndpoints ENDPOINTS = VpcEndpoints.of(GatewayEndpoints.of("pl-1", "pl-2"), PilotHost.ENDPOINT_SERVICES.stream()
        .map(service -> new InterfaceEndpoint(service, "vpce-" + service, "sg-vpce-" + service)).toList());

    static PilotHostProps props(Construct scope, boolean internet, Optional<String> ami) {
        String userData = PilotUserData.render(PilotUserDataTest.props(EgressMode.ALLOWLIST, HostProvisioning.PACKAGES));
        HostMachine.Builder machine = HostMachine.builder().instanceType("m7g.xlarge").rootVolumeGib(100).volumeKey(KEY)
            .detailedMonitoring(false).userData(userData);
        ami.ifPresentOrElse(machine::amiId,
            () -> machine.amiSsmParameter("/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"));
        return new PilotHostProps("openhands-pilot", LOCATION, NetworkPlacement.of("vpc-1", "10.40.0.0/16", List.of("subnet-1")),
            ENDPOINTS, internet, machine.build(), logGroup(scope), REPOSITORY_ARNS, MODEL_ARNS, Map.of());
    }

    /** The group whose exact ARN is {@link #LOG_GROUP_ARN}. */
    static EncryptedLogGroup logGroup(Construct scope) {
        return new EncryptedLogGroup(scope, "host-logs", new EncryptedLogGroupProps("/openhands/openhands-pilot/host",
            new LogSettings(KEY, 90), Map.of()));
    }

    @BeforeAll
    static void synth() {
        synthesized = SynthHarness.synth(stack -> new PilotHost(stack, "host", props(stack, true, Optional.empty())));
        doc = SynthHarness.parse(synthesized);
    }

    @Test
    void instanceIsLockedDown() {
        JsonNode instance = SynthHarness.onlyResource(doc, "aws_instance");
        assertThat(instance.path("metadata_options").path("http_tokens").asText()).isEqualTo("required");
        assertThat(instance.path("metadata_options").path("http_put_response_hop_limit").asInt()).as("the app shares the host network: one hop, nothing behind a NAT gets a token").isEqualTo(1);
        assertThat(instance.has("key_name")).as("no key pair").isFalse();
        assertThat(instance.path("associate_public_ip_address").asBoolean(false)).as("no public address requested").isFalse();
        assertThat(instance.path("monitoring").asBoolean()).isFalse();
        JsonNode root = instance.path("root_block_device");
        assertThat(root.path("encrypted").asBoolean()).isTrue();
        assertThat(root.path("volume_type").asText()).isEqualTo("gp3");
        assertThat(root.path("kms_key_id").asText()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/k");
        assertThat(instance.path("user_data_base64").asText()).isNotEmpty();
        assertThat(instance.path("user_data_replace_on_change").asBoolean()).isTrue();
        assertThat(Testing.toHaveResourceWithProperties(synthesized, "aws_instance", Map.of("instance_type", "m7g.xlarge"))).isTrue();
        assertThat(instance.path("ami").asText()).startsWith("${data.aws_ssm_parameter.").endsWith(".value}");
        assertThat(instance.path("lifecycle").path("ignore_changes").toString()).contains("ami");
        assertThat(Testing.toHaveDataSourceWithProperties(synthesized, "aws_ssm_parameter",
            Map.of("name", "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"))).isTrue();
    }

    @Test
    void aPinnedAmiSkipsTheParameter() {
        String pinned = SynthHarness.synth(stack -> new PilotHost(stack, "host", props(stack, false, Optional.of("ami-0123456789abcdef0"))));
        assertThat(Testing.toHaveDataSource(pinned, "aws_ssm_parameter")).isFalse();
        assertThat(Testing.toHaveResourceWithProperties(pinned, "aws_instance", Map.of("ami", "ami-0123456789abcdef0"))).isTrue();
    }

    @Test
    void hostHasNoInboundRuleAtAll() {
        // The only ingress rules are the endpoints' groups admitting the host.
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule")).allSatisfy(rule -> {
            assertThat(rule.path("security_group_id").asText()).startsWith("sg-vpce-");
            assertThat(rule.path("referenced_security_group_id").asText()).contains("aws_security_group.host_sg_");
        });
        JsonNode sg = SynthHarness.onlyResource(doc, "aws_security_group");
        assertThat(sg.has("ingress")).isFalse();
        List<JsonNode> egress = SynthHarness.resources(doc, "aws_vpc_security_group_egress_rule");
        assertThat(egress).extracting(r -> r.path("from_port").asInt()).containsOnly(443, 80);
    }

    @Test
    void withoutInternetEgressOnlyTheEndpointsItCallsAndS3AreReachable() {
        JsonNode closed = SynthHarness.parse(SynthHarness.synth(stack -> new PilotHost(stack, "host", props(stack, false, Optional.empty()))));
        List<JsonNode> egress = SynthHarness.resources(closed, "aws_vpc_security_group_egress_rule");
        assertThat(egress).noneMatch(r -> r.has("cidr_ipv4")).as("neither the internet nor the whole VPC block");
        assertThat(egress).filteredOn(r -> r.has("prefix_list_id")).singleElement()
            .satisfies(r -> assertThat(r.path("prefix_list_id").asText()).isEqualTo("pl-1"));
        assertThat(egress).filteredOn(r -> r.has("referenced_security_group_id"))
            .extracting(r -> r.path("referenced_security_group_id").asText())
            .containsExactlyInAnyOrderElementsOf(PilotHost.ENDPOINT_SERVICES.stream().map(s -> "sg-vpce-" + s).toList());
    }

    @Test
    void theRoleInvokesBedrockOnlyThroughTheVpcEndpoint() {
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy");
        List<String> denied = new java.util.ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Effect").asText().equals("Deny")) {
                assertThat(statement.at("/Condition/StringNotEquals/aws:SourceVpce").asText()).isEqualTo("vpce-bedrock-runtime");
                denied.addAll(SynthHarness.strings(statement.path("Resource")));
            }
        }
        assertThat(denied).containsExactlyInAnyOrder("arn:aws:bedrock:*:*:inference-profile/*",
            "arn:aws:bedrock:*:*:application-inference-profile/*", "arn:aws:bedrock:*::foundation-model/*");
    }

    @Test
    void rolePolicyNamesExactResources() {
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy");
        List<Map<String, List<String>>> statements = SynthHarness.statements(policy);
        for (Map<String, List<String>> statement : statements) {
            assertThat(statement.get("Action")).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
            if (statement.get("Effect").get(0).equals("Deny")) {
                continue;
            }
            if (statement.get("Resource").contains("*")) {
                assertThat(PilotHost.ACTIONS_WITHOUT_RESOURCE_SCOPE).as(statement.get("Sid").get(0)).containsAll(statement.get("Action"));
            }
        }
        Map<String, List<String>> bedrock = statements.stream().filter(s -> s.get("Sid").get(0).equals("InvokeConfiguredBedrockModels"))
            .findFirst().orElseThrow();
        assertThat(bedrock.get("Action")).containsExactly("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
        assertThat(bedrock.get("Resource")).isEqualTo(MODEL_ARNS);
        Map<String, List<String>> logs = statements.stream().filter(s -> s.get("Sid").get(0).equals("WriteOwnLogGroup")).findFirst().orElseThrow();
        assertThat(logs.get("Resource")).containsExactly(LOG_GROUP_ARN, LOG_GROUP_ARN + ":log-stream:*");
        Map<String, List<String>> pull = statements.stream().filter(s -> s.get("Sid").get(0).equals("PullProjectImages")).findFirst().orElseThrow();
        assertThat(pull.get("Resource")).isEqualTo(REPOSITORY_ARNS);
        assertThat(synthesized).doesNotContain("access_key").doesNotContain("aws_iam_access_key");
    }

    @Test
    void refusesWildcardModelArns() {
        TerraformStack stack = new TerraformStack(Testing.app(), "refused");
        HostMachine machine = HostMachine.builder().instanceType("m7g.xlarge").amiSsmParameter("/p").rootVolumeGib(100)
            .volumeKey(KEY).userData("#cloud-config\n").build();
        assertThatThrownBy(() -> new PilotHostProps("p", LOCATION, NetworkPlacement.of("v", "10.0.0.0/16", List.of("s")),
            ENDPOINTS, false, machine, logGroup(stack), List.of(), List.of("arn:aws:bedrock:*::foundation-model/*"),
            Map.of()))
            .hasMessageContaining("exact ARN");
    }
}
