package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code egress.mode: allowlist} on ecs-fargate means what it says: the sandbox security group has no internet rule,
 * only the egress proxy's group has one, the proxy runs exactly the configured allow-list, and the sandboxes are told
 * to use it. With {@code none} nothing reaches the internet at all.
 */
class EgressWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path out;
    static final Map<String, JsonNode> stacks = new TreeMap<>();
    static final Map<String, EnvironmentConfig> configs = new TreeMap<>();

    @BeforeAll
    static void synth() throws Exception {
        List<EnvironmentConfig> loaded = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging", "prod"));
        PlatformApp.synthesize(loaded, out);
        for (EnvironmentConfig config : loaded) {
            configs.put(config.name(), config);
            stacks.put(config.name(), JSON.readTree(out.resolve("stacks").resolve(config.name()).resolve("cdk.tf.json").toFile()));
        }
    }

    /** Security group name by the reference Terraform uses for its id. */
    static Map<String, String> groupNames(JsonNode stack) {
        Map<String, String> names = new LinkedHashMap<>();
        stack.path("resource").path("aws_security_group").fields()
            .forEachRemaining(e -> names.put("${aws_security_group." + e.getKey() + ".id}", e.getValue().path("name").asText()));
        return names;
    }

    /** Every egress rule as {@code <group> -> <destination>:<port>}, groups by name. */
    static List<String> egressRules(JsonNode stack) {
        Map<String, String> names = groupNames(stack);
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : stack.path("resource").path("aws_vpc_security_group_egress_rule")) {
            String destination = rule.has("cidr_ipv4") ? rule.path("cidr_ipv4").asText()
                : rule.has("prefix_list_id") ? "prefix-list" : names.getOrDefault(rule.path("referenced_security_group_id").asText(), "?");
            rules.add(names.getOrDefault(rule.path("security_group_id").asText(), "?") + " -> " + destination + ":" + rule.path("from_port").asInt());
        }
        return rules;
    }

    static JsonNode container(JsonNode stack, String family) {
        for (JsonNode task : stack.path("resource").path("aws_ecs_task_definition")) {
            if (task.path("family").asText().equals(family)) {
                return JSON.valueToTree(parse(task.path("container_definitions").asText()).get(0));
            }
        }
        throw new AssertionError("no task definition " + family);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> environment(JsonNode container) {
        Map<String, String> environment = new LinkedHashMap<>();
        container.path("environment").forEach(e -> environment.put(e.path("name").asText(), e.path("value").asText()));
        return environment;
    }

    @Test
    void prodSandboxesReachTheInternetOnlyThroughTheProxy() {
        List<String> rules = egressRules(stacks.get("prod"));
        assertThat(rules).filteredOn(r -> r.startsWith("openhands-prod-sandbox -> "))
            .containsExactlyInAnyOrder("openhands-prod-sandbox -> openhands-prod-vpce-bedrock-runtime:443",
                "openhands-prod-sandbox -> openhands-prod-vpce-ecr-api:443", "openhands-prod-sandbox -> openhands-prod-vpce-ecr-dkr:443",
                "openhands-prod-sandbox -> openhands-prod-vpce-logs:443", "openhands-prod-sandbox -> openhands-prod-vpce-secretsmanager:443",
                "openhands-prod-sandbox -> prefix-list:443",
                "openhands-prod-sandbox -> openhands-prod-egress-proxy:3128");
        assertThat(rules).filteredOn(r -> r.contains("0.0.0.0/0"))
            .containsExactlyInAnyOrder("openhands-prod-egress-proxy -> 0.0.0.0/0:443", "openhands-prod-egress-proxy -> 0.0.0.0/0:80");

        Map<String, String> names = groupNames(stacks.get("prod"));
        List<String> toProxy = new ArrayList<>();
        for (JsonNode rule : stacks.get("prod").path("resource").path("aws_vpc_security_group_ingress_rule")) {
            if (names.get(rule.path("security_group_id").asText()).equals("openhands-prod-egress-proxy")) {
                toProxy.add(names.get(rule.path("referenced_security_group_id").asText()) + ":" + rule.path("from_port").asInt()
                    + "-" + rule.path("to_port").asInt());
            }
        }
        // and the app, for the ALB's signing keys (AppWiringTest)
        assertThat(toProxy).containsExactlyInAnyOrder("openhands-prod-sandbox:3128-3128", "openhands-prod-app:3128-3128");
    }

    @Test
    void theProxyReachesTheEndpointsItPullsAndLogsThroughAndEachAdmitsIt() {
        JsonNode prod = stacks.get("prod");
        assertThat(egressRules(prod)).filteredOn(r -> r.startsWith("openhands-prod-egress-proxy -> openhands-prod-vpce"))
            .containsExactlyInAnyOrder("openhands-prod-egress-proxy -> openhands-prod-vpce-ecr-api:443",
                "openhands-prod-egress-proxy -> openhands-prod-vpce-ecr-dkr:443", "openhands-prod-egress-proxy -> openhands-prod-vpce-logs:443");
        Map<String, String> names = groupNames(prod);
        List<String> admitted = new ArrayList<>();
        for (JsonNode rule : prod.path("resource").path("aws_vpc_security_group_ingress_rule")) {
            if ("openhands-prod-egress-proxy".equals(names.get(rule.path("referenced_security_group_id").asText()))) {
                admitted.add(names.get(rule.path("security_group_id").asText()) + ":" + rule.path("from_port").asInt());
            }
        }
        assertThat(admitted).containsExactlyInAnyOrder("openhands-prod-vpce-ecr-api:443", "openhands-prod-vpce-ecr-dkr:443",
            "openhands-prod-vpce-logs:443");
    }

    @Test
    void theProxyRunsExactlyProdsAllowList() {
        String conf = environment(container(stacks.get("prod"), "openhands-prod-egress-proxy")).get("SQUID_CONF");
        List<String> hosts = conf.lines().filter(l -> l.startsWith("acl allowed_hosts ")).findFirst().orElseThrow()
            .replace("acl allowed_hosts dstdomain -n ", "").lines().flatMap(l -> List.of(l.split(" ")).stream()).toList();
        // The configured hosts, then the one the app needs itself.
        List<String> expected = new ArrayList<>(configs.get("prod").egress().allowedHosts());
        expected.add("public-keys.auth.elb.eu-west-1.amazonaws.com");
        assertThat(hosts).containsExactlyElementsOf(expected);
        assertThat(conf).contains("\nacl proxy_clients src 10.70.0.0/16\n", "\nhttp_access deny !allowed_hosts\n");
        JsonNode service = stacks.get("prod").path("resource").path("aws_ecs_service").elements().next();
        assertThat(service.path("desired_count").asInt()).isEqualTo(configs.get("prod").egress().proxy().orElseThrow().desiredCount());
    }

    @Test
    void prodSandboxesAreToldTheProxyAndReachTheirEndpointsDirectly() {
        Map<String, String> environment = environment(container(stacks.get("prod"), "openhands-prod-sandbox-template"));
        assertThat(environment).containsEntry("HTTPS_PROXY", "http://proxy.egress.openhands-prod.internal:3128")
            .containsEntry("HTTP_PROXY", "http://proxy.egress.openhands-prod.internal:3128");
        assertThat(List.of(environment.get("NO_PROXY").split(","))).contains("169.254.170.2", "10.70.0.0/16", "localhost",
            "bedrock-runtime.eu-west-1.amazonaws.com", "logs.eu-west-1.amazonaws.com");
        assertThat(stacks.get("prod").path("output").has("egress_proxy_url")).isTrue();
    }
}
