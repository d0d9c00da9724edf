package dev.openhands.platform.modules.egress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.ExternalTool;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.ecs.FargateCapacity;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.observability.LogSettings;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EgressProxyServiceTest {

    static final String IMAGE = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/openhands/squid:6";
    static final AwsLocation LOCATION = new AwsLocation(ACCOUNT, REGION);
    static final NetworkPlacement NETWORK = NetworkPlacement.of("vpc-1", "10.70.0.0/16", List.of("subnet-a", "subnet-b", "subnet-c"));
    static final LogSettings LOGS = new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/logs"), 365);
    static final List<String> HOSTS = List.of("pypi.org", ".github.com");

    static JsonNode doc;
    static EgressProxyPolicy policy;

    static EgressProxyServiceProps props(List<String> hosts, String image, int count) {
        return new EgressProxyServiceProps("openhands-test", LOCATION, NETWORK, hosts, image, count, FargateCapacity.ON_DEMAND, LOGS, Map.of());
    }

    @BeforeAll
    static void synth() {
        doc = SynthHarness.parse(SynthHarness.synth(stack -> policy = new EgressProxyService(stack, "proxy", props(HOSTS, IMAGE, 2)).getPolicy()));
    }

    static JsonNode container() {
        return SynthHarness.parse(onlyResource(doc, "aws_ecs_task_definition").path("container_definitions").asText()).get(0);
    }

    @Test
    void theTaskRunsTheGeneratedConfigurationForExactlyTheConfiguredHosts() {
        JsonNode container = container();
        JsonNode environment = container.path("environment");
        assertThat(environment).hasSize(1);
        assertThat(environment.get(0).path("name").asText()).isEqualTo(EgressProxyService.CONFIG_VARIABLE);
        String conf = environment.get(0).path("value").asText();
        assertThat(conf).isEqualTo(policy.squidConf())
            .contains("\nacl allowed_hosts dstdomain -n pypi.org .github.com\n", "\nhttp_port 0.0.0.0:3128\n",
                "\nacl proxy_clients src 10.70.0.0/16\n", "\naccess_log stdio:/var/log/squid/access.log egress\n");
        assertThat(container.path("entryPoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
        assertThat(container.path("command").get(0).asText()).isEqualTo(EgressProxyService.startCommand())
            .contains("exec squid -N -d 1 -f /etc/squid/egress-allowlist.conf").contains("tail -F");
        assertThat(container.path("image").asText()).isEqualTo(IMAGE);
        assertThat(container.path("privileged").asBoolean()).isFalse();
        assertThat(container.at("/portMappings/0/containerPort").asInt()).isEqualTo(3128);
        assertThat(container.at("/logConfiguration/options/awslogs-group").asText()).isEqualTo("/openhands/openhands-test/egress-proxy");
    }

    @Test
    void theStartCommandPassesShellcheck(@TempDir Path dir) throws Exception {
        ExternalTool.require("shellcheck", "apt-get install -y shellcheck");
        Path script = dir.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\n" + EgressProxyService.startCommand() + "\n");
        ExternalTool.Result result = ExternalTool.run(List.of("shellcheck", "--shell=sh", "--severity=style", script.toString()), dir);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aFargateServiceOnArmInPrivateSubnetsReachableByAPrivateName() {
        JsonNode task = onlyResource(doc, "aws_ecs_task_definition");
        assertThat(task.at("/runtime_platform/cpu_architecture").asText()).isEqualTo("ARM64");
        assertThat(task.path("network_mode").asText()).isEqualTo("awsvpc");
        assertThat(task.path("requires_compatibilities").toString()).isEqualTo("[\"FARGATE\"]");
        assertThat(task.has("task_role_arn")).as("squid calls no AWS API: no task role").isFalse();
        JsonNode service = onlyResource(doc, "aws_ecs_service");
        assertThat(service.path("desired_count").asInt()).isEqualTo(2);
        assertThat(service.path("launch_type").asText()).isEqualTo("FARGATE");
        assertThat(service.at("/network_configuration/subnets").toString()).isEqualTo("[\"subnet-a\",\"subnet-b\",\"subnet-c\"]");
        assertThat(service.at("/network_configuration/assign_public_ip").asBoolean()).isFalse();
        assertThat(service.path("deployment_minimum_healthy_percent").asInt()).isEqualTo(100);
        assertThat(service.at("/deployment_circuit_breaker/rollback").asBoolean()).isTrue();
        assertThat(service.path("availability_zone_rebalancing").asText()).isEqualTo("ENABLED");
        assertThat(service.at("/service_registries/registry_arn").asText()).contains("aws_service_discovery_service.proxy_discovery");
        assertThat(onlyResource(doc, "aws_service_discovery_private_dns_namespace").path("name").asText())
            .isEqualTo("egress.openhands-test.internal");
        JsonNode discovery = onlyResource(doc, "aws_service_discovery_service");
        assertThat(discovery.path("name").asText()).isEqualTo("proxy");
        assertThat(discovery.at("/dns_config/routing_policy").asText()).isEqualTo("MULTIVALUE");
        assertThat(discovery.at("/dns_config/dns_records/0/type").asText()).isEqualTo("A");
        assertThat(onlyResource(doc, "aws_ecs_cluster").path("name").asText()).isEqualTo("openhands-test-egress");
    }

    @Test
    void itsGroupLetsItOutOn443And80OnlyAndAdmitsNobodyByItself() {
        List<String> egress = new ArrayList<>();
        resources(doc, "aws_vpc_security_group_egress_rule").forEach(r -> egress.add(r.path("cidr_ipv4").asText() + ":"
            + r.path("from_port").asInt() + "-" + r.path("to_port").asInt()));
        assertThat(egress).containsExactlyInAnyOrder("0.0.0.0/0:443-443", "0.0.0.0/0:80-80");
        assertThat(resources(doc, "aws_vpc_security_group_ingress_rule")).isEmpty();
    }

    @Test
    void theExecutionRolePullsOnlyTheProxyImageAndWritesOnlyItsLogGroup() {
        String policyText = onlyResource(doc, "aws_iam_role_policy").path("policy").asText();
        assertThat(policyText).contains("arn:aws:ecr:eu-west-1:123456789012:repository/openhands/squid")
            .contains("ecr:GetAuthorizationToken").doesNotContain("repository/*");
        JsonNode logGroup = onlyResource(doc, "aws_cloudwatch_log_group");
        assertThat(logGroup.path("name").asText()).isEqualTo("/openhands/openhands-test/egress-proxy");
        assertThat(logGroup.path("kms_key_id").asText()).endsWith("key/logs");
        assertThat(logGroup.path("retention_in_days").asInt()).isEqualTo(365);
    }

    @Test
    void clientsAreToldTheProxyAndWhatTheyReachDirectly() {
        ProxyClientSettings settings = ProxyClientSettings.inVpc(ForwardProxy.of("sg-1", "proxy.egress.openhands-test.internal", 3128),
            "eu-west-1", "10.70.0.0/16", List.of("ecr.api", "ecr.dkr", "bedrock-runtime", "logs"));
        assertThat(settings.environment().keySet()).containsExactly("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy");
        assertThat(settings.environment().get("HTTPS_PROXY")).isEqualTo("http://proxy.egress.openhands-test.internal:3128");
        assertThat(settings.environment().get("NO_PROXY")).isEqualTo("localhost,127.0.0.1,169.254.170.2,10.70.0.0/16,"
            + "api.ecr.eu-west-1.amazonaws.com,.dkr.ecr.eu-west-1.amazonaws.com,bedrock-runtime.eu-west-1.amazonaws.com,"
            + "logs.eu-west-1.amazonaws.com,s3.eu-west-1.amazonaws.com,.s3.eu-west-1.amazonaws.com");
        assertThatThrownBy(() -> new ProxyClientSettings(ForwardProxy.of("sg-1", "p", 3128), List.of("a b")))
            .hasMessageContaining("NO_PROXY entry 'a b'");
    }

    @Test
    void onSpotTheServiceAsksForSpotCapacityInItsOwnCluster() {
        JsonNode spot = SynthHarness.parse(SynthHarness.synth(stack -> new EgressProxyService(stack, "proxy",
            new EgressProxyServiceProps("openhands-test", LOCATION, NETWORK, HOSTS, IMAGE, 1, FargateCapacity.SPOT, LOGS, Map.of()))));
        JsonNode service = onlyResource(spot, "aws_ecs_service");
        assertThat(service.has("launch_type")).as("a capacity provider strategy excludes the launch type").isFalse();
        assertThat(service.at("/capacity_provider_strategy/0/capacity_provider").asText()).isEqualTo("FARGATE_SPOT");
        JsonNode providers = onlyResource(spot, "aws_ecs_cluster_capacity_providers");
        assertThat(providers.path("cluster_name").asText()).contains("aws_ecs_cluster.proxy_cluster");
        assertThat(service.path("depends_on").toString()).contains("aws_ecs_cluster_capacity_providers.");
        assertThat(onlyResource(doc, "aws_ecs_service").path("launch_type").asText()).as("on demand").isEqualTo("FARGATE");
    }

    @Test
    void propsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> props(HOSTS, "docker.io/ubuntu/squid:latest", 2)).hasMessageContaining("mirror the squid image");
        assertThatThrownBy(() -> props(HOSTS, ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/openhands/squid:6", 2))
            .hasMessageContaining("is in us-east-1");
        assertThatThrownBy(() -> props(HOSTS, IMAGE, 0)).hasMessageContaining("desiredCount 0");
        assertThatThrownBy(() -> props(List.of(), IMAGE, 2)).hasMessageContaining("at least one host");
        assertThatThrownBy(() -> props(List.of("169.254.169.254"), IMAGE, 2)).hasMessageContaining("IP address");
    }
}
