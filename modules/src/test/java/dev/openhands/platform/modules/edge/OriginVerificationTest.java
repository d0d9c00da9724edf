package dev.openhands.platform.modules.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.guardrails.SecurityRules;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.LambdaArtifact;
import dev.openhands.platform.modules.identity.UserSignIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The origin load balancer and the origin secret, synthesized together as the front door will use them. */
class OriginVerificationTest {

    static final AwsLocation HERE = new AwsLocation("123456789012", "eu-west-1");
    static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    static final UserSignIn SIGN_IN = UserSignIn.of("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123",
        "client-id", "openhands-prod-acme");
    static final EncryptionKey KEY = EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/data");
    static final LogSettings LOGS = new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/logs"), 90);

    @TempDir
    static Path temp;
    static LambdaArtifact artifact;
    static String synthesized;
    static JsonNode doc;

    static OriginLoadBalancerProps.Builder production() {
        return OriginLoadBalancerProps.builder().name("openhands-prod").location(HERE)
            .subnets(new OriginLoadBalancerProps.Subnets("vpc-0123", List.of("subnet-a", "subnet-b")))
            .certificateArn(CERTIFICATE)
            .routes(new OriginLoadBalancerProps.Routes(List.of("openhands.acme.example", "agents.acme.example"),
                "sbx.openhands.acme.example", 3000, "/health"))
            .signIn(SIGN_IN)
            .sessionTimeout(Duration.ofHours(12))
            .targets(List.of(new OriginLoadBalancerProps.TargetAccess("sg-0app", 3000), new OriginLoadBalancerProps.TargetAccess("sg-0router", 8080)))
            .accessLogs(new OriginLoadBalancerProps.AccessLogs("openhands-prod-123456789012-alb-logs", 90));
    }

    static OriginSecretProps secretProps(VerifiedOrigin origin, long generation) {
        return new OriginSecretProps("openhands-prod", HERE, KEY, LOGS, artifact, generation, origin, List.of("E2EXAMPLE12345"),
            OriginSecretProps.DEFAULT_GRACE, Map.of());
    }

    static String synth(long generation) {
        return SynthHarness.synth(stack -> {
            OriginLoadBalancer alb = new OriginLoadBalancer(stack, "origin", production().build());
            new OriginSecret(stack, "origin-secret", secretProps(alb, generation));
        });
    }

    @BeforeAll
    static void synthesize() throws IOException {
        Path jar = temp.resolve("orchestrator.jar");
        Files.write(jar, "not really a jar, but bytes to hash".getBytes());
        artifact = LambdaArtifact.of(jar);
        synthesized = synth(3);
        doc = SynthHarness.parse(synthesized);
    }

    @Test
    void onlyCloudFrontReachesTheLoadBalancerAndItReachesOnlyItsTargets() {
        JsonNode ingress = SynthHarness.onlyResource(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(ingress.path("prefix_list_id").asText()).startsWith("${data.aws_ec2_managed_prefix_list.");
        assertThat(ingress.path("from_port").asInt()).isEqualTo(443);
        assertThat(ingress.path("to_port").asInt()).isEqualTo(443);
        assertThat(ingress.has("cidr_ipv4")).isFalse();
        assertThat(ingress.has("cidr_ipv6")).isFalse();
        assertThat(SynthHarness.onlyResource(doc, "aws_security_group").has("ingress")).isFalse();
        JsonNode prefixList = doc.path("data").path("aws_ec2_managed_prefix_list");
        assertThat(prefixList.size()).isEqualTo(1);
        assertThat(prefixList.elements().next().path("name").asText()).isEqualTo("com.amazonaws.global.cloudfront.origin-facing");
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_egress_rule"))
            .extracting(r -> r.path("referenced_security_group_id").asText() + ":" + r.path("from_port").asInt() + "-" + r.path("to_port").asInt())
            .containsExactly("sg-0app:3000-3000", "sg-0router:8080-8080");
        for (String type : List.of("aws_vpc_security_group_ingress_rule", "aws_security_group")) {
            for (JsonNode resource : SynthHarness.resources(doc, type)) {
                assertThat(SecurityRules.NO_WORLD_INGRESS.check(type, attributes(resource))).isEmpty();
            }
        }
    }

    @Test
    void theListenerIsModernHttpsAndRefusesWhatNoRuleMatches() {
        JsonNode listener = SynthHarness.onlyResource(doc, "aws_lb_listener");
        assertThat(listener.path("protocol").asText()).isEqualTo("HTTPS");
        assertThat(listener.path("port").asInt()).isEqualTo(443);
        assertThat(listener.path("ssl_policy").asText()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(listener.path("certificate_arn").asText()).isEqualTo(CERTIFICATE);
        assertThat(listener.at("/default_action/0/type").asText()).isEqualTo("fixed-response");
        assertThat(listener.at("/default_action/0/fixed_response/status_code").asText()).isEqualTo("403");
    }

    @Test
    void theLoadBalancerDropsInvalidHeadersIsProtectedInProductionAndLogsToAnSseS3Bucket() {
        JsonNode alb = SynthHarness.onlyResource(doc, "aws_lb");
        assertThat(alb.path("internal").asBoolean()).isFalse();
        assertThat(alb.path("drop_invalid_header_fields").asBoolean()).isTrue();
        assertThat(alb.path("enable_deletion_protection").asBoolean()).isTrue();
        assertThat(SynthHarness.strings(alb.path("subnets"))).containsExactly("subnet-a", "subnet-b");
        assertThat(alb.at("/access_logs/enabled").asBoolean()).isTrue();
        assertThat(alb.at("/access_logs/prefix").asText()).isEqualTo("alb");
        assertThat(SynthHarness.strings(alb.path("depends_on"))).anyMatch(d -> d.startsWith("aws_s3_bucket_policy."));
        JsonNode encryption = SynthHarness.onlyResource(doc, "aws_s3_bucket_server_side_encryption_configuration");
        assertThat(encryption.at("/rule/0/apply_server_side_encryption_by_default/sse_algorithm").asText()).isEqualTo("AES256");
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_s3_bucket_policy"), "policy");
        String logs = "arn:aws:s3:::openhands-prod-123456789012-alb-logs/alb/AWSLogs/123456789012/*";
        assertThat(SynthHarness.statements(policy)).filteredOn(s -> s.get("Effect").equals(List.of("Allow")))
            .allSatisfy(s -> {
                assertThat(s.get("Action")).containsExactly("s3:PutObject");
                assertThat(s.get("Resource")).containsExactly(logs);
            }).hasSize(2);
        assertThat(policy.toString()).contains("logdelivery.elasticloadbalancing.amazonaws.com").contains("DenyWithoutTls");

        JsonNode staging = SynthHarness.onlyResource(SynthHarness.parse(SynthHarness.synth(stack ->
            new OriginLoadBalancer(stack, "origin", production().production(false).build()))), "aws_lb");
        assertThat(staging.path("enable_deletion_protection").asBoolean()).isFalse();
    }

    @Test
    void targetGroupsAreTheAppAndTheSandboxRouter() {
        assertThat(SynthHarness.resources(doc, "aws_lb_target_group"))
            .extracting(t -> t.path("name").asText() + " " + t.path("target_type").asText() + " " + t.path("port").asInt()
                + " " + t.at("/health_check/path").asText())
            .containsExactly("openhands-prod-app ip 3000 /health", "openhands-prod-sbx ip 8080 /healthz");
    }

    /** Priority, matched hosts or paths, and action types with their targets, of every rule. */
    @Test
    void rulesSendSandboxCallsAndAgentsPastSignInAndEverythingElseThroughIt() {
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : byPriority()) {
            StringBuilder line = new StringBuilder().append(rule.path("priority").asInt());
            for (JsonNode condition : rule.path("condition")) {
                if (condition.has("host_header")) {
                    line.append(" hosts=").append(SynthHarness.strings(condition.at("/host_header/values")));
                }
                if (condition.has("path_pattern")) {
                    line.append(" paths=").append(SynthHarness.strings(condition.at("/path_pattern/values")));
                }
            }
            for (JsonNode action : rule.path("action")) {
                line.append(" ").append(action.path("order").asInt()).append(":").append(action.path("type").asText());
                if (action.has("target_group_arn")) {
                    line.append(action.path("target_group_arn").asText().contains("app-targets") ? "(app)" : "(router)");
                }
            }
            rules.add(line.toString());
        }
        assertThat(rules).containsExactly(
            "10 paths=[/api/v1/webhooks/*, /health] 1:forward(app)",
            "20 hosts=[vscode-*.sbx.openhands.acme.example, work-*.sbx.openhands.acme.example] 1:forward(router)",
            "30 hosts=[*.sbx.openhands.acme.example] 1:forward(router)",
            "40 hosts=[openhands.acme.example, agents.acme.example] 1:authenticate-cognito 2:forward(app)");
        JsonNode cognito = byPriority().get(3).at("/action/0/authenticate_cognito");
        assertThat(cognito.path("user_pool_arn").asText()).isEqualTo(SIGN_IN.getUserPoolArn());
        assertThat(cognito.path("user_pool_client_id").asText()).isEqualTo("client-id");
        assertThat(cognito.path("user_pool_domain").asText()).isEqualTo("openhands-prod-acme");
        assertThat(cognito.path("session_timeout").asLong()).isEqualTo(12 * 3600);
    }

    @Test
    void everyRuleRequiresTheOriginHeaderWhoseValuesTerraformLeavesToTheRotation() {
        List<JsonNode> rules = SynthHarness.resources(doc, "aws_lb_listener_rule");
        assertThat(rules).hasSize(4);
        for (JsonNode rule : rules) {
            List<JsonNode> headers = new ArrayList<>();
            rule.path("condition").forEach(c -> {
                if (c.has("http_header")) {
                    headers.add(c.path("http_header"));
                }
            });
            assertThat(headers).hasSize(1);
            assertThat(headers.get(0).path("http_header_name").asText()).isEqualTo("X-Origin-Verify");
            assertThat(SynthHarness.strings(headers.get(0).path("values"))).containsExactly("${uuid()}");
            assertThat(SynthHarness.strings(rule.at("/lifecycle/ignore_changes"))).containsExactly("condition");
            assertThat(SynthHarness.strings(rule.at("/lifecycle/replace_triggered_by"))).singleElement()
                .satisfies(trigger -> assertThat(doc.at("/resource/terraform_data/" + trigger.substring("terraform_data.".length())).isObject()).isTrue());
        }
    }

    @Test
    void theSecretValueIsInNoConfigurationAndTheGenerationAloneTriggersARotation() {
        assertThat(SynthHarness.resources(doc, "aws_secretsmanager_secret_version")).isEmpty();
        assertThat(synthesized).doesNotContain("secret_string").doesNotContain("random_password");
        JsonNode secret = SynthHarness.onlyResource(doc, "aws_secretsmanager_secret");
        assertThat(secret.path("kms_key_id").asText()).isEqualTo(KEY.getArn());
        JsonNode invocation = SynthHarness.onlyResource(doc, "aws_lambda_invocation");
        assertThat(invocation.path("input").asText()).isEqualTo("{\"generation\":3}");
        assertThat(invocation.at("/triggers/generation").asText()).isEqualTo("3");
        assertThat(invocation.at("/triggers/rules").asText()).contains("aws_lb_listener_rule.");

        List<String> changed = differingLines(synthesized, synth(4));
        assertThat(changed).hasSize(2).allMatch(line -> line.contains("generation"));
    }

    @Test
    void theRotationFunctionMayTouchOnlyItsSecretItsRulesAndItsDistributions() {
        JsonNode function = SynthHarness.onlyResource(doc, "aws_lambda_function");
        assertThat(function.path("handler").asText()).isEqualTo("dev.openhands.platform.edge.OriginSecretRotationHandler::handleRequest");
        assertThat(function.path("reserved_concurrent_executions").asInt()).isEqualTo(1);
        // traced, and its environment (the rule and distribution names) encrypted with the customer key (checkov CKV_AWS_50, CKV_AWS_173)
        assertThat(function.at("/tracing_config/mode").asText()).isEqualTo("Active");
        assertThat(function.path("kms_key_arn").asText()).isEqualTo(KEY.getArn());
        JsonNode env = function.at("/environment/variables");
        assertThat(env.path("ORIGIN_DISTRIBUTION_IDS").asText()).isEqualTo("E2EXAMPLE12345");
        assertThat(env.path("ORIGIN_DOMAIN_NAME").asText()).contains("aws_lb.").contains(".dns_name");
        assertThat(env.path("ORIGIN_RULE_ARNS").asText().split(",")).hasSize(4);

        List<Map<String, List<String>>> statements = SynthHarness.statements(
            SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy"));
        assertThat(statements).filteredOn(s -> s.get("Resource").contains("*")).extracting(s -> s.get("Action"))
            .containsExactly(List.of("elasticloadbalancing:DescribeRules"), List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
        assertThat(statements).filteredOn(s -> s.get("Action").contains("elasticloadbalancing:ModifyRule")).singleElement()
            .satisfies(s -> assertThat(s.get("Resource")).hasSize(4).allMatch(r -> r.startsWith("${aws_lb_listener_rule.")));
        assertThat(statements).filteredOn(s -> s.get("Action").contains("cloudfront:UpdateDistribution")).singleElement()
            .satisfies(s -> assertThat(s.get("Resource")).containsExactly("arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE12345"));
        assertThat(statements).filteredOn(s -> s.get("Action").contains("secretsmanager:PutSecretValue")).singleElement()
            .satisfies(s -> assertThat(s.get("Resource")).singleElement().asString().startsWith("${aws_secretsmanager_secret."));
        assertThat(SynthHarness.onlyResource(doc, "aws_cloudwatch_event_rule").path("schedule_expression").asText())
            .isEqualTo("rate(15 minutes)");
    }

    @Test
    void badSettingsAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> production().name("openhands-production-environment-x").build())
            .hasMessageContaining("1-28 lower-case");
        assertThatThrownBy(() -> production().routes(new OriginLoadBalancerProps.Routes(
            List.of("a.acme.example", "b.acme.example", "c.acme.example", "d.acme.example"), "sbx.acme.example", 3000, "/health")).build())
            .hasMessageContaining("1 to 3 hosts");
        assertThatThrownBy(() -> new OriginLoadBalancerProps.Routes(List.of("x.sbx.acme.example"), "sbx.acme.example", 3000, "/health"))
            .hasMessageContaining("lies under the sandbox domain");
        assertThatThrownBy(() -> production().certificateArn(CERTIFICATE.replace("eu-west-1", "us-east-1")).build())
            .hasMessageContaining("not in eu-west-1");
        assertThatThrownBy(() -> production().targets(List.of()).build()).hasMessageContaining("targets is empty");
        assertThatThrownBy(() -> production().sessionTimeout(Duration.ofDays(8)).build()).hasMessageContaining("7 days");
        assertThatThrownBy(() -> new OriginLoadBalancerProps.Subnets("vpc-1", List.of("subnet-a")))
            .hasMessageContaining("at least two zones");
        VerifiedOrigin origin = VerifiedOrigin.of("alb.example", List.of("arn:rule"));
        assertThatThrownBy(() -> secretProps(origin, 0)).hasMessageContaining("raise it by one to rotate");
        assertThatThrownBy(() -> new OriginSecretProps("openhands-prod", HERE, KEY, LOGS, artifact, 1, origin, List.of(),
            Duration.ofMinutes(5), Map.of())).hasMessageContaining("15 minutes to 7 days");
        assertThatThrownBy(() -> new OriginSecretProps("openhands-prod", HERE, KEY, LOGS, artifact, 1, origin, List.of("d111abcdef8.cloudfront.net"),
            OriginSecretProps.DEFAULT_GRACE, Map.of())).hasMessageContaining("not a CloudFront distribution id");
    }

    private static List<JsonNode> byPriority() {
        List<JsonNode> rules = new ArrayList<>(SynthHarness.resources(doc, "aws_lb_listener_rule"));
        rules.sort(java.util.Comparator.comparingInt(r -> r.path("priority").asInt()));
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(JsonNode resource) {
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(resource, Map.class);
    }

    private static List<String> differingLines(String a, String b) {
        List<String> left = a.lines().toList();
        List<String> right = b.lines().toList();
        assertThat(right).hasSameSizeAs(left);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            if (!left.get(i).equals(right.get(i))) {
                out.add(left.get(i) + " -> " + right.get(i));
            }
        }
        return out;
    }
}
