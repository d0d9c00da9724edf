package dev.openhands.platform.modules.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.ExternalTool;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.openhands.platform.modules.SynthHarness.ACCOUNT;
import static dev.openhands.platform.modules.SynthHarness.REGION;
import static dev.openhands.platform.modules.SynthHarness.onlyResource;
import static dev.openhands.platform.modules.SynthHarness.resources;
import static dev.openhands.platform.modules.sandbox.SandboxConstructsTest.ENDPOINTS;
import static dev.openhands.platform.modules.sandbox.SandboxConstructsTest.LOCATION;
import static dev.openhands.platform.modules.sandbox.SandboxConstructsTest.LOGS;
import static dev.openhands.platform.modules.sandbox.SandboxConstructsTest.NETWORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox router's service and the internal entry (split horizon), synthesized together as the lead wires them. */
class SandboxRouterTest {

    static final String IMAGE = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/openhands/nginx:1.27";
    static final String PUBLIC_TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/openhands-test-sbx/0123456789abcdef";
    static final String CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    static final SandboxRouterConfig ROUTES = SandboxRouterConfig.inVpc("sbx.openhands.example.com", "sandboxes.openhands-test.internal",
        60000, List.of("X-Origin-Verify"));

    static JsonNode doc;

    static SandboxRouterProps props(String image, int count, List<LoadBalancerAttachment> lbs) {
        return new SandboxRouterProps("openhands-test", LOCATION, NETWORK, ROUTES, image, new SandboxRouterProps.Tasks(count, dev.openhands.platform.modules.ecs.FargateCapacity.ON_DEMAND), lbs, "sg-sandbox", ENDPOINTS, LOGS, Map.of());
    }

    @BeforeAll
    static void synth() {
        doc = SynthHarness.parse(SynthHarness.synth(stack -> {
            SandboxInternalEntry entry = new SandboxInternalEntry(stack, "entry",
                new SandboxInternalEntryProps("openhands-test", NETWORK, CERT, ROUTES, true, Map.of()));
            new SandboxRouter(stack, "router", props(IMAGE, 2,
                List.of(new LoadBalancerAttachment(PUBLIC_TG, "sg-public-alb"), entry.getRouterAttachment())));
        }));
    }

    @Test
    void onDemandKeepsTheLaunchTypeAndSpotAsksForTheClustersSpotProvider() {
        JsonNode onDemand = onlyResource(doc, "aws_ecs_service");
        assertThat(onDemand.path("launch_type").asText()).isEqualTo("FARGATE");
        assertThat(onDemand.has("capacity_provider_strategy")).isFalse();
        JsonNode spotDoc = SynthHarness.parse(SynthHarness.synth(stack -> new SandboxRouter(stack, "router",
            new SandboxRouterProps("openhands-test", LOCATION, NETWORK, ROUTES, IMAGE,
                new SandboxRouterProps.Tasks(1, dev.openhands.platform.modules.ecs.FargateCapacity.SPOT),
                List.of(new LoadBalancerAttachment(PUBLIC_TG, "sg-public-alb")), "sg-sandbox", ENDPOINTS, LOGS, Map.of()))));
        JsonNode spot = onlyResource(spotDoc, "aws_ecs_service");
        assertThat(spot.has("launch_type")).isFalse();
        assertThat(spot.path("capacity_provider_strategy").toString()).contains("\"capacity_provider\":\"FARGATE_SPOT\"");
        assertThat(spot.path("depends_on").toString()).contains("aws_ecs_cluster_capacity_providers");
        assertThat(SynthHarness.strings(onlyResource(spotDoc, "aws_ecs_cluster_capacity_providers").path("capacity_providers")))
            .containsExactly("FARGATE", "FARGATE_SPOT");
    }

    static JsonNode container(String name) {
        for (JsonNode c : SynthHarness.parse(onlyResource(doc, "aws_ecs_task_definition").path("container_definitions").asText())) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    @Test
    void theTaskRunsTheGeneratedConfigurationOnAReadOnlyRootAsNginxsUser() {
        JsonNode nginx = container(SandboxRouter.CONTAINER_NAME);
        assertThat(nginx.at("/environment/0/name").asText()).isEqualTo("NGINX_CONF");
        assertThat(nginx.at("/environment/0/value").asText()).isEqualTo(ROUTES.nginxConf());
        assertThat(nginx.path("environment")).hasSize(1);
        assertThat(nginx.path("command").get(0).asText()).isEqualTo(SandboxRouter.startCommand())
            .isEqualTo("printf '%s' \"$NGINX_CONF\" > /tmp/nginx.conf && exec nginx -e stderr -c /tmp/nginx.conf");
        assertThat(nginx.path("user").asText()).isEqualTo("101:101");
        assertThat(nginx.path("readonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(nginx.path("privileged").asBoolean()).isFalse();
        assertThat(nginx.at("/mountPoints/0/containerPath").asText()).isEqualTo("/tmp");
        assertThat(nginx.at("/portMappings/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(nginx.at("/dependsOn/0/condition").asText()).isEqualTo("SUCCESS");
        JsonNode init = container("prepare-tmp");
        assertThat(init.path("essential").asBoolean()).isFalse();
        assertThat(init.path("readonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(init.path("command").get(0).asText()).isEqualTo("chmod 1777 /tmp");
        assertThat(init.has("environment")).isFalse();
    }

    @Test
    void theStartCommandPassesShellcheck(@TempDir Path dir) throws Exception {
        ExternalTool.require("shellcheck", "apt-get install -y shellcheck");
        Path script = dir.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\n" + SandboxRouter.startCommand() + "\n");
        ExternalTool.Result result = ExternalTool.run(List.of("shellcheck", "--shell=sh", "--severity=style", script.toString()), dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void anArmFargateServiceWithNoTaskRoleRegisteredInBothLoadBalancers() {
        JsonNode task = onlyResource(doc, "aws_ecs_task_definition");
        assertThat(task.at("/runtime_platform/cpu_architecture").asText()).isEqualTo("ARM64");
        assertThat(task.has("task_role_arn")).as("nginx calls no AWS API").isFalse();
        JsonNode service = onlyResource(doc, "aws_ecs_service");
        assertThat(service.path("desired_count").asInt()).isEqualTo(2);
        assertThat(service.at("/network_configuration/assign_public_ip").asBoolean()).isFalse();
        assertThat(service.at("/deployment_circuit_breaker/rollback").asBoolean()).isTrue();
        List<String> targetGroups = new ArrayList<>();
        service.path("load_balancer").forEach(lb -> targetGroups.add(lb.path("target_group_arn").asText() + "@" + lb.path("container_port").asInt()));
        assertThat(targetGroups).hasSize(2).contains(PUBLIC_TG + "@8080").anySatisfy(tg -> assertThat(tg).contains("aws_lb_target_group.entry_router"));
        assertThat(onlyResource(doc, "aws_ecs_cluster").path("name").asText()).isEqualTo("openhands-test-sandbox-router");
        String policy = onlyResource(doc, "aws_iam_role_policy").path("policy").asText();
        assertThat(policy).contains("arn:aws:ecr:eu-west-1:123456789012:repository/openhands/nginx").doesNotContain("repository/*");
        JsonNode logGroup = onlyResource(doc, "aws_cloudwatch_log_group");
        assertThat(logGroup.path("name").asText()).isEqualTo("/openhands/openhands-test/sandbox-router");
        assertThat(logGroup.path("kms_key_id").asText()).endsWith("key/logs");
    }

    @Test
    void theRouterIsReachableOnlyFromTheLoadBalancersAndReachesOnlyTheSandboxRoutePorts() {
        List<String> ingress = new ArrayList<>();
        resources(doc, "aws_vpc_security_group_ingress_rule").forEach(r -> ingress.add(r.path("security_group_id").asText() + "<-"
            + r.path("referenced_security_group_id").asText() + ":" + r.path("from_port").asInt()));
        List<String> router = ingress.stream().filter(r -> r.startsWith("${aws_security_group.router_sg")).toList();
        assertThat(router).hasSize(2).allSatisfy(r -> assertThat(r).endsWith(":8080"));
        assertThat(router).anySatisfy(r -> assertThat(r).contains("sg-public-alb")).anySatisfy(r -> assertThat(r).contains("entry_sg"));
        assertThat(ingress.stream().filter(r -> r.startsWith("sg-sandbox<-")).map(r -> r.substring(r.lastIndexOf(':') + 1)))
            .containsExactlyInAnyOrder("60000", "60001", "12000", "12001");
        List<String> egress = new ArrayList<>();
        resources(doc, "aws_vpc_security_group_egress_rule").forEach(r -> egress.add(r.path("security_group_id").asText() + "->"
            + r.path("referenced_security_group_id").asText() + r.path("prefix_list_id").asText() + ":" + r.path("from_port").asInt()));
        assertThat(egress.stream().filter(r -> r.startsWith("${aws_security_group.router_sg")).map(r -> r.substring(r.indexOf("->") + 2)))
            .containsExactlyInAnyOrder("sg-sandbox:60000", "sg-sandbox:60001", "sg-sandbox:12000", "sg-sandbox:12001",
                "sg-vpce-ecr.api:443", "sg-vpce-ecr.dkr:443", "sg-vpce-logs:443", "pl-s3:443");
    }

    @Test
    void noRuleOpensAnythingToAnAddressBlock() {
        for (String type : List.of("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) {
            assertThat(resources(doc, type)).allSatisfy(r -> assertThat(r.has("cidr_ipv4") || r.has("cidr_ipv6")).as(r.toString()).isFalse());
        }
    }

    @Test
    void theInternalEntryAnswersThePublicNamesInsideTheVpcWithTls() {
        JsonNode zone = onlyResource(doc, "aws_route53_zone");
        assertThat(zone.path("name").asText()).isEqualTo("sbx.openhands.example.com");
        assertThat(zone.at("/vpc/0/vpc_id").asText()).isEqualTo("vpc-1");
        JsonNode record = onlyResource(doc, "aws_route53_record");
        assertThat(record.path("name").asText()).isEqualTo("*.sbx.openhands.example.com");
        assertThat(record.at("/alias/name").asText()).contains("aws_lb.entry_lb").contains("dns_name");
        JsonNode lb = onlyResource(doc, "aws_lb");
        assertThat(lb.path("internal").asBoolean()).isTrue();
        assertThat(lb.path("drop_invalid_header_fields").asBoolean()).isTrue();
        assertThat(lb.path("enable_deletion_protection").asBoolean()).isTrue();
        assertThat(lb.path("idle_timeout").asInt()).isEqualTo(3600);
        JsonNode listener = onlyResource(doc, "aws_lb_listener");
        assertThat(listener.path("port").asInt()).isEqualTo(443);
        assertThat(listener.path("protocol").asText()).isEqualTo("HTTPS");
        assertThat(listener.path("certificate_arn").asText()).isEqualTo(CERT);
        assertThat(listener.path("ssl_policy").asText()).isEqualTo(SandboxInternalEntry.TLS_POLICY);
        JsonNode tg = onlyResource(doc, "aws_lb_target_group");
        assertThat(tg.path("target_type").asText()).isEqualTo("ip");
        assertThat(tg.path("port").asInt()).isEqualTo(8080);
        assertThat(tg.at("/health_check/path").asText()).isEqualTo("/healthz");
    }

    @Test
    void propsRefuseWhatCannotWork() {
        List<LoadBalancerAttachment> one = List.of(new LoadBalancerAttachment(PUBLIC_TG, "sg-public-alb"));
        assertThatThrownBy(() -> props("docker.io/library/nginx:1.27", 2, one)).hasMessageContaining("mirror the stock nginx image");
        assertThatThrownBy(() -> props("210987654321.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27", 2, one))
            .hasMessageContaining("account 210987654321");
        assertThatThrownBy(() -> props(IMAGE, 0, one)).hasMessageContaining("desiredCount 0");
        assertThatThrownBy(() -> props(IMAGE, 2, List.of())).hasMessageContaining("1 to 5 load balancers");
        assertThatThrownBy(() -> new LoadBalancerAttachment("sg-public-alb", PUBLIC_TG)).hasMessageContaining("targetGroupArn");
        assertThatThrownBy(() -> new SandboxInternalEntryProps("openhands-a-very-long-environment", NETWORK, CERT, ROUTES, true, Map.of()))
            .hasMessageContaining("at most 22");
        assertThatThrownBy(() -> new SandboxInternalEntryProps("openhands-test", NETWORK, "*.sbx.openhands.example.com", ROUTES, true, Map.of()))
            .hasMessageContaining("certificateArn");
    }
}
