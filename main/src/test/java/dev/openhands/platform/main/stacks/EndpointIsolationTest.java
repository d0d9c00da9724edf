package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.config.EnvironmentConfig.Platform;
import dev.openhands.platform.modules.compute.AppService;
import dev.openhands.platform.modules.egress.EgressProxyService;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;
import dev.openhands.platform.modules.sandbox.SandboxRouter;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bundled environment's VPC endpoints as synthesized: each carries a policy pinned to the environment's account,
 * each admits only the workloads that call it, and the credentials of those workloads reach Bedrock only through the
 * VPC's endpoint.
 */
class EndpointIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENDPOINT_GROUP = Pattern.compile("^\\$\\{aws_security_group\\.endpoints_(.+)-sg_[0-9A-F]+\\.id}$");
    private static final Pattern CONSUMER_GROUP = Pattern.compile("^\\$\\{aws_security_group\\.([a-z-]+)_sg_[0-9A-F]+\\.id}$");

    static final Map<String, EnvironmentConfig> ENVIRONMENTS = new TreeMap<>();
    static final Map<String, JsonNode> STACKS = new TreeMap<>();

    @BeforeAll
    static void synth() throws IOException {
        for (EnvironmentConfig env : EnvironmentLoader.load(ProjectFiles.environments(),
            List.of("pilot", "pilot-isolated", "staging", "prod"))) {
            ENVIRONMENTS.put(env.name(), env);
            String synthesized = env.platform() == Platform.EC2_PILOT
                ? Testing.synth(new PilotStack(Testing.app(), env))
                : Testing.synth(new ServiceStack(Testing.app(), env));
            STACKS.put(env.name(), JSON.readTree(synthesized));
        }
    }

    static List<JsonNode> resources(JsonNode doc, String type) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("resource").path(type).forEach(out::add);
        return out;
    }

    static JsonNode policy(JsonNode resource, String attribute) throws IOException {
        return JSON.readTree(resource.path(attribute).asText());
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        (node.isArray() ? node : JSON.createArrayNode().add(node)).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everyEndpointOfEveryEnvironmentCarriesAPolicyPinnedToItsAccount() throws IOException {
        for (var entry : STACKS.entrySet()) {
            String account = ENVIRONMENTS.get(entry.getKey()).aws().accountId();
            List<JsonNode> endpoints = resources(entry.getValue(), "aws_vpc_endpoint");
            // the pilot with a NAT path keeps Bedrock's interface endpoint and the S3 gateway only
            assertThat(endpoints).as(entry.getKey()).hasSizeGreaterThanOrEqualTo(2);
            for (JsonNode endpoint : endpoints) {
                String where = entry.getKey() + " " + endpoint.path("service_name").asText();
                assertThat(endpoint.path("policy").asText()).as(where).startsWith("{");
                for (JsonNode statement : policy(endpoint, "policy").path("Statement")) {
                    JsonNode equal = statement.at("/Condition/StringEquals");
                    boolean perimeter = equal.path("aws:PrincipalAccount").asText().equals(account)
                        && equal.path("aws:ResourceAccount").asText().equals(account);
                    List<String> named = strings(statement.path("Resource"));
                    if (!perimeter) {
                        // Otherwise the statement names what it admits: configured models, AWS-owned buckets, own APIs.
                        assertThat(named).as(where + " " + statement.path("Sid").asText()).doesNotContain("*")
                            .allMatch(r -> r.startsWith("arn:aws:bedrock:") || r.startsWith("arn:aws:s3:::")
                                || r.equals("arn:aws:execute-api:eu-west-1:" + account + ":*"));
                    }
                    if (named.stream().anyMatch(r -> r.startsWith("arn:aws:bedrock:"))) {
                        assertThat(equal.path("aws:PrincipalAccount").asText()).as(where).isEqualTo(account);
                    }
                }
            }
        }
    }

    @Test
    void sandboxesReachOnlyTheEndpointsTheyCallAndEachEndpointAdmitsOnlyItsConsumers() {
        for (String name : List.of("staging", "prod")) {
            JsonNode doc = STACKS.get(name);
            Map<String, List<String>> admitted = new TreeMap<>();
            for (JsonNode rule : resources(doc, "aws_vpc_security_group_ingress_rule")) {
                Matcher endpoint = ENDPOINT_GROUP.matcher(rule.path("security_group_id").asText());
                if (endpoint.matches()) {
                    assertThat(rule.has("cidr_ipv4")).as(name + ": no address block reaches an endpoint").isFalse();
                    Matcher consumer = CONSUMER_GROUP.matcher(rule.path("referenced_security_group_id").asText());
                    assertThat(consumer.matches()).as(rule.toString()).isTrue();
                    admitted.computeIfAbsent(endpoint.group(1), k -> new ArrayList<>()).add(consumer.group(1));
                }
            }
            Map<String, List<String>> expected = new TreeMap<>();
            SandboxTaskTemplate.ENDPOINT_SERVICES.forEach(s -> expected.computeIfAbsent(s.replace('.', '-'), k -> new ArrayList<>())
                .add("sandbox-template"));
            // X-Ray only where the orchestrator's functions in the VPC trace (sandbox.tracing: prod by default, not staging).
            OrchestratorFunctions.endpointServices(ENVIRONMENTS.get(name).sandbox().orElseThrow().tracing()).forEach(s -> expected.computeIfAbsent(s.replace('.', '-'), k -> new ArrayList<>())
                .add("sandbox-orchestrator"));
            AppService.ENDPOINT_SERVICES.forEach(s -> expected.computeIfAbsent(s.replace('.', '-'), k -> new ArrayList<>()).add("app"));
            SandboxRouter.ENDPOINT_SERVICES.forEach(s -> expected.computeIfAbsent(s.replace('.', '-'), k -> new ArrayList<>())
                .add("sandbox-router"));
            if (ENVIRONMENTS.get(name).egress().proxy().isPresent()) {
                EgressProxyService.ENDPOINT_SERVICES.forEach(s -> expected.computeIfAbsent(s.replace('.', '-'), k -> new ArrayList<>())
                    .add("egress-proxy"));
            }
            admitted.values().forEach(java.util.Collections::sort);
            expected.values().forEach(java.util.Collections::sort);
            assertThat(admitted).as(name).isEqualTo(expected);
            assertThat(admitted.containsKey("xray")).as(name + ": the X-Ray endpoint follows tracing").isEqualTo(name.equals("prod"));

            List<JsonNode> sandboxEgress = resources(doc, "aws_vpc_security_group_egress_rule").stream()
                .filter(r -> r.path("security_group_id").asText().startsWith("${aws_security_group.sandbox-template_sg_")).toList();
            String vpcBlock = ENVIRONMENTS.get(name).network().vpcCidr();
            assertThat(sandboxEgress).as(name + ": never the whole VPC block")
                .noneMatch(r -> r.path("cidr_ipv4").asText().equals(vpcBlock));
            assertThat(sandboxEgress).filteredOn(r -> r.path("from_port").asInt() == 443 && r.has("referenced_security_group_id"))
                .extracting(r -> {
                    Matcher m = ENDPOINT_GROUP.matcher(r.path("referenced_security_group_id").asText());
                    return m.matches() ? m.group(1) : r.path("referenced_security_group_id").asText();
                })
                .containsExactlyInAnyOrderElementsOf(SandboxTaskTemplate.ENDPOINT_SERVICES.stream().map(s -> s.replace('.', '-')).toList());
        }
    }

    @Test
    void sandboxCredentialsReachBedrockOnlyThroughTheVpcEndpoint() throws IOException {
        for (String name : List.of("staging", "prod")) {
            JsonNode agent = policy(resources(STACKS.get(name), "aws_iam_role_policy").stream()
                .filter(p -> p.path("name").asText().equals("agent")).findFirst().orElseThrow(), "policy");
            List<String> denied = new ArrayList<>();
            for (JsonNode statement : agent.path("Statement")) {
                if (statement.at("/Condition/StringNotEquals/aws:SourceVpce").isTextual()) {
                    assertThat(statement.path("Effect").asText()).isEqualTo("Deny");
                    assertThat(statement.at("/Condition/StringNotEquals/aws:SourceVpce").asText())
                        .startsWith("${aws_vpc_endpoint.endpoints_bedrock-runtime_");
                    denied.addAll(strings(statement.path("Action")));
                }
            }
            assertThat(denied).as(name).contains("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
        }
    }

    @Test
    void servicesAssumeTheBackupAndProxyRolesOnlyForThisAccount() throws IOException {
        for (String name : List.of("staging", "prod")) {
            String account = ENVIRONMENTS.get(name).aws().accountId();
            Map<String, String> trusted = new TreeMap<>();
            for (JsonNode role : resources(STACKS.get(name), "aws_iam_role")) {
                JsonNode statement = policy(role, "assume_role_policy").path("Statement").get(0);
                String service = statement.at("/Principal/Service").asText();
                if (service.equals("backup.amazonaws.com") || service.equals("rds.amazonaws.com")) {
                    trusted.put(service, statement.at("/Condition/StringEqualsIfExists/aws:SourceAccount").asText());
                }
            }
            // staging reaches its writer without RDS Proxy (data.proxy.enabled false), so it has no proxy role
            assertThat(trusted).as(name).isEqualTo(ENVIRONMENTS.get(name).data().orElseThrow().proxyEnabled()
                ? Map.of("backup.amazonaws.com", account, "rds.amazonaws.com", account) : Map.of("backup.amazonaws.com", account));
        }
    }
}
