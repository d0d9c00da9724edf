package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an emulator run of staging leaves out, and that it reaches the emulator through every provider. */
class EmulatorOverrideTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFrontDoorLeavesOutWhatMotoCannotServeAndEverythingThatNamesIt(@TempDir Path dir) throws IOException {
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        String synthesized = Testing.synth(PlatformApp.stackFor(Testing.app(), staging));
        Files.writeString(dir.resolve("cdk.tf.json"), synthesized);
        JsonNode stack = JSON.readTree(synthesized);
        EmulatorOverride.write(dir, "http://127.0.0.1:5000", EmulatorOverride.localBackend(dir.resolve("state")));
        JsonNode override = JSON.readTree(dir.resolve(EmulatorOverride.FILE_NAME).toFile());

        // the us-east-1 provider talks to the emulator as the default one does
        assertThat(override.path("provider").path("aws")).hasSize(2);
        assertThat(override.path("provider").path("aws").get(1).path("alias").asText()).isEqualTo("us-east-1");
        assertThat(override.path("provider").path("aws").get(1).path("endpoints").get(0).path("cloudfront").asText())
            .isEqualTo("http://127.0.0.1:5000");

        JsonNode resources = override.path("resource");
        stack.path("resource").path("aws_cloudfront_response_headers_policy").fieldNames().forEachRemaining(id ->
            assertThat(resources.path("aws_cloudfront_response_headers_policy").path(id).path("count").asInt(-1)).isZero());
        // the distributions name the policies, and their alias records name the distributions: they leave too, with
        // their references rewritten (Terraform checks references even in a resource without instances)
        assertThat(resources.path("aws_cloudfront_distribution")).hasSize(2).allSatisfy(d -> {
            assertThat(d.path("count").asInt(-1)).isZero();
            assertThat(d.path("default_cache_behavior").path("response_headers_policy_id").asText()).isEqualTo("not emulated");
            assertThat(d.path("default_cache_behavior").path("cache_policy_id").asText()).isEqualTo(
                dev.openhands.platform.modules.edge.EdgeDistribution.CACHING_DISABLED);
        });
        stack.path("resource").path("aws_route53_record").fields().forEachRemaining(record -> {
            // alias records naming a distribution leave with it; the origin's alias names the load balancer and stays
            boolean alias = record.getValue().path("alias").path("name").asText().contains("aws_cloudfront_distribution.");
            assertThat(resources.path("aws_route53_record").path(record.getKey()).has("count")).as(record.getKey()).isEqualTo(alias);
            if (alias) {
                assertThat(resources.path("aws_route53_record").path(record.getKey()).path("alias").path("name").asText())
                    .isEqualTo("not emulated");
            }
        });
        assertThat(override.toString()).doesNotContain("aws_cloudfront_response_headers_policy.");
        assertThat(resources.has("aws_lb")).isFalse();
        assertThat(resources.has("aws_lb_listener_rule")).isFalse();
        // what refers to the plainly left-out types (the REST API policy) stays in
        assertThat(resources.has("aws_api_gateway_deployment")).isFalse();
        assertThat(resources.path("aws_api_gateway_rest_api_policy")).hasSize(1);
        // moto 5.2 has no CreateVpcOrigin: the VPC origin leaves, with the lookup of CloudFront's service-managed group
        // (a data source that depends on it) and the load balancer's rule admitting that group
        assertThat(resources.path("aws_cloudfront_vpc_origin")).hasSize(1)
            .allSatisfy(origin -> assertThat(origin.path("count").asInt(-1)).isZero());
        assertThat(override.path("data").path("aws_security_group")).hasSize(1)
            .allSatisfy(lookup -> assertThat(lookup.path("count").asInt(-1)).isZero());
        assertThat(resources.path("aws_vpc_security_group_ingress_rule").fields()).toIterable()
            .filteredOn(rule -> rule.getValue().has("count")).singleElement().satisfies(rule -> {
                assertThat(rule.getKey()).startsWith("vpc-origin_https-from-cloudfront_");
                assertThat(rule.getValue().path("referenced_security_group_id").asText()).isEqualTo("not emulated");
            });
        // the internal load balancer and its other rules stay: moto serves them
        resources.path("aws_vpc_security_group_ingress_rule").fields().forEachRemaining(rule -> {
            if (rule.getKey().startsWith("origin_https-from-clients_")) {
                assertThat(rule.getValue().has("count")).isFalse();
            }
        });
        assertThat(resources.path("aws_lb").toString()).doesNotContain("count");
        assertThat(override.path("output").has("user_pool_id")).isFalse();
        assertThat(override.path("output").has("distribution_ids")).isFalse();
        // what moto serves stays in: certificates, their validation records, the web ACL, the user pool
        assertThat(resources.has("aws_acm_certificate")).isFalse();
        assertThat(resources.has("aws_wafv2_web_acl")).isFalse();
        assertThat(resources.has("aws_cognito_user_pool")).isFalse();
        // the certificates' validation records go into a zone the emulator holds, named after the certificates
        JsonNode zone = JSON.readTree(dir.resolve(EmulatorOverride.PUBLIC_ZONE_FILE_NAME).toFile());
        assertThat(zone.path("resource").path("aws_route53_zone").path(EmulatorOverride.EMULATED_PUBLIC_ZONE).path("name").asText())
            .isEqualTo("openhands-staging.example.com");
        stack.path("resource").path("aws_route53_record").fields().forEachRemaining(record -> {
            if (record.getValue().has("for_each")) {
                assertThat(resources.path("aws_route53_record").path(record.getKey()).path("zone_id").asText())
                    .isEqualTo("${aws_route53_zone." + EmulatorOverride.EMULATED_PUBLIC_ZONE + ".zone_id}");
            }
        });
        assertThat(EmulatorOverride.commonSuffix(List.of("openhands.example.com", "agents.example.com", "*.sbx.openhands.example.com")))
            .isEqualTo("example.com");
        // the budget is left out as before, and nothing names it
        assertThat(resources.path("aws_budgets_budget")).hasSize(1);
    }

    @Test
    void withTheOriginHeaderTheRotationsInvocationAndWhatNamesTheDistributionsLeave(@TempDir Path dir) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(ProjectFiles.environments().resolve("staging.json")));
        ((ObjectNode) doc.get("frontDoor")).put("originAccess", "header");
        ProjectFiles.write(dir, "staging", doc);
        EnvironmentConfig staging = EnvironmentLoader.load(dir, List.of("staging")).get(0);
        Path stackDir = Files.createDirectories(dir.resolve("stack"));
        String synthesized = Testing.synth(PlatformApp.stackFor(Testing.app(), staging));
        Files.writeString(stackDir.resolve("cdk.tf.json"), synthesized);
        JsonNode stack = JSON.readTree(synthesized);
        EmulatorOverride.write(stackDir, "http://127.0.0.1:5000", EmulatorOverride.localBackend(stackDir.resolve("state")));
        JsonNode override = JSON.readTree(stackDir.resolve(EmulatorOverride.FILE_NAME).toFile());
        JsonNode resources = override.path("resource");
        assertThat(stack.path("resource").path("aws_lambda_invocation")).hasSize(1);
        assertThat(resources.has("aws_cloudfront_vpc_origin")).isFalse();
        // moto runs no Lambda code (no Docker): the rotation's invocation leaves, the rest of the origin stays
        stack.path("resource").path("aws_lambda_invocation").fieldNames().forEachRemaining(id ->
            assertThat(resources.path("aws_lambda_invocation").path(id).path("count").asInt(-1)).isZero());
        // the rotation function names the distributions and leaves with them; what names it keeps arguments of the
        // right shape, since the provider validates them even without instances
        resources.path("aws_cloudwatch_event_target").fields().forEachRemaining(target -> {
            if (target.getKey().contains("origin-secret")) {
                assertThat(target.getValue().path("count").asInt(-1)).isZero();
                assertThat(target.getValue().path("arn").asText()).isEqualTo(EmulatorOverride.NOT_EMULATED_ARN);
            }
        });
        resources.path("aws_lambda_permission").fields().forEachRemaining(permission -> {
            if (permission.getKey().contains("origin-secret")) {
                assertThat(permission.getValue().path("function_name").asText()).isEqualTo(EmulatorOverride.NOT_EMULATED_NAME);
            }
        });
        resources.path("aws_iam_role_policy").fields().forEachRemaining(policy -> {
            if (policy.getKey().contains("origin-secret")) {
                assertThat(policy.getValue().path("policy").asText()).startsWith("{\"Version\"").endsWith("}")
                    .doesNotContain("aws_cloudfront_distribution.").contains("not emulated");
            }
        });
        assertThat(override.path("output").path("distribution_ids").path("value").asText()).isEqualTo("not emulated");
    }
}
