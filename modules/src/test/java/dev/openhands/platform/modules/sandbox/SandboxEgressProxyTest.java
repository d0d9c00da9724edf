package dev.openhands.platform.modules.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.egress.ForwardProxy;
import dev.openhands.platform.modules.egress.ProxyClientSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.openhands.platform.modules.SynthHarness.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** With an egress proxy, the proxy is a sandbox's only way out of the VPC, and the sandbox is told to use it. */
class SandboxEgressProxyTest {

    static final ForwardProxy PROXY = ForwardProxy.of("sg-proxy", "proxy.egress.openhands-test.internal", 3128);

    static JsonNode synth(Optional<ProxyClientSettings> proxy) {
        return SynthHarness.parse(SynthHarness.synth(stack -> new SandboxTaskTemplate(stack, "template",
            SandboxConstructsTest.templateProps(List.of(), proxy))));
    }

    static List<String> rules(JsonNode doc, String type) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : resources(doc, type)) {
            String target = r.has("cidr_ipv4") ? r.path("cidr_ipv4").asText()
                : r.has("prefix_list_id") ? r.path("prefix_list_id").asText() : r.path("referenced_security_group_id").asText();
            String group = r.path("security_group_id").asText();
            out.add((group.startsWith("${") ? group.replaceAll(".*\\.template_([a-z-]+)_.*", "$1") : group) + " "
                + (target.startsWith("${") ? target.replaceAll(".*\\.template_([a-z-]+)_.*", "$1") : target) + ":" + r.path("from_port").asInt());
        }
        return out;
    }

    @Test
    void theSandboxGroupReachesTheInternetOnlyThroughTheProxyAndTheProxyAdmitsIt() {
        JsonNode doc = synth(Optional.of(ProxyClientSettings.inVpc(PROXY, "eu-west-1", "10.40.0.0/16", List.of("bedrock-runtime"))));
        assertThat(rules(doc, "aws_vpc_security_group_egress_rule")).containsExactlyInAnyOrder(
            "caller-sg sg:60000", "sg sg-vpce-bedrock-runtime:443", "sg sg-vpce-ecr.api:443", "sg sg-vpce-ecr.dkr:443",
            "sg sg-vpce-logs:443", "sg sg-vpce-secretsmanager:443", "sg pl-s3:443", "sg sg-proxy:3128");
        assertThat(rules(doc, "aws_vpc_security_group_ingress_rule")).containsExactlyInAnyOrder("sg caller-sg:60000", "sg-proxy sg:3128",
            "sg-vpce-bedrock-runtime sg:443", "sg-vpce-ecr.api sg:443", "sg-vpce-ecr.dkr sg:443", "sg-vpce-logs sg:443", "sg-vpce-secretsmanager sg:443");

        JsonNode agent = SynthHarness.parse(SynthHarness.onlyResource(doc, "aws_ecs_task_definition").path("container_definitions").asText()).get(0);
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        agent.path("environment").forEach(e -> environment.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(environment).containsEntry("HTTPS_PROXY", "http://proxy.egress.openhands-test.internal:3128")
            .containsEntry("http_proxy", "http://proxy.egress.openhands-test.internal:3128");
        assertThat(environment.get("NO_PROXY")).contains("169.254.170.2", "10.40.0.0/16", "bedrock-runtime.eu-west-1.amazonaws.com");
    }

    @Test
    void withoutAProxyASandboxHasNoInternetPathAndNoProxySettings() {
        JsonNode doc = synth(Optional.empty());
        assertThat(rules(doc, "aws_vpc_security_group_egress_rule")).containsExactlyInAnyOrder(
            "caller-sg sg:60000", "sg sg-vpce-bedrock-runtime:443", "sg sg-vpce-ecr.api:443", "sg sg-vpce-ecr.dkr:443",
            "sg sg-vpce-logs:443", "sg sg-vpce-secretsmanager:443", "sg pl-s3:443");
        JsonNode agent = SynthHarness.parse(SynthHarness.onlyResource(doc, "aws_ecs_task_definition").path("container_definitions").asText()).get(0);
        assertThat(agent.has("environment")).isFalse();
    }
}
