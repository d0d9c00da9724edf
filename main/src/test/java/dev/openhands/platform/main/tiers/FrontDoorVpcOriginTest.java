package dev.openhands.platform.main.tiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.modules.edge.EdgeVpcOrigin;
import dev.openhands.platform.modules.edge.OriginAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.openhands.platform.main.tiers.FrontDoorTierTest.distribution;
import static dev.openhands.platform.main.tiers.FrontDoorTierTest.resource;
import static dev.openhands.platform.main.tiers.FrontDoorTierTest.resources;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled default, {@code frontDoor.originAccess: vpc-origin}: one internal load balancer behind a CloudFront VPC
 * origin that is also the sandboxes' entry inside the VPC, and no origin secret anywhere.
 */
class FrontDoorVpcOriginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode prod;
    private static String prodText;
    private static JsonNode staging;

    @BeforeAll
    static void synth() throws IOException {
        List<EnvironmentConfig> envs = EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod", "staging"));
        assertThat(envs).allSatisfy(env -> assertThat(env.frontDoor().orElseThrow().originAccess()).isEqualTo(OriginAccess.VPC_ORIGIN));
        prodText = Testing.synth(PlatformApp.stackFor(Testing.app(), envs.get(0)));
        prod = JSON.readTree(prodText);
        staging = JSON.readTree(Testing.synth(PlatformApp.stackFor(Testing.app(), envs.get(1))));
    }

    private static JsonNode originGroupRule(JsonNode doc, String idPart, String type) {
        return resource(doc, type, idPart);
    }

    @Test
    void theOneLoadBalancerIsInternalInThePrivateSubnets() {
        for (JsonNode doc : List.of(prod, staging)) {
            assertThat(resources(doc, "aws_lb")).as("the sandboxes' separate entry is not created").singleElement().satisfies(lb -> {
                assertThat(lb.path("internal").asBoolean()).isTrue();
                assertThat(lb.path("subnets").toString()).contains("network_private-0").contains("network_private-1").doesNotContain("public");
                assertThat(lb.path("idle_timeout").asInt()).as("the app's WebSockets to sandboxes idle while the agent thinks")
                    .isGreaterThan(60);
            });
        }
        assertThat(resources(prod, "aws_lb").get(0).path("enable_deletion_protection").asBoolean()).isTrue();
    }

    @Test
    void noRuleAdmitsTheInternetAndTheLoadBalancerAdmitsOnlyCloudFrontsInterfacesAndItsClients() {
        for (JsonNode doc : List.of(prod, staging)) {
            for (JsonNode rule : resources(doc, "aws_vpc_security_group_ingress_rule")) {
                assertThat(rule.path("cidr_ipv4").asText()).as(rule.toString()).isNotEqualTo("0.0.0.0/0");
                assertThat(rule.path("cidr_ipv6").asText()).as(rule.toString()).isNotEqualTo("::/0");
            }
            List<JsonNode> intoLoadBalancer = resources(doc, "aws_vpc_security_group_ingress_rule").stream()
                .filter(r -> r.path("security_group_id").asText().contains("origin_sg_")).toList();
            assertThat(intoLoadBalancer).hasSize(2).allSatisfy(r -> {
                assertThat(r.path("from_port").asInt()).isEqualTo(443);
                assertThat(r.path("to_port").asInt()).isEqualTo(443);
                assertThat(r.has("prefix_list_id")).isFalse();
            });
            assertThat(intoLoadBalancer).extracting(r -> r.path("referenced_security_group_id").asText()).containsExactlyInAnyOrder(
                "${data.aws_security_group.vpc-origin_service-group_" + suffix(doc, "data", "aws_security_group", "vpc-origin_service-group") + ".id}",
                "${aws_security_group.origin_client-sg_" + suffix(doc, "resource", "aws_security_group", "origin_client-sg") + ".id}");
            assertThat(doc.path("data").has("aws_ec2_managed_prefix_list")).as("the prefix list is the header mode's").isFalse();
        }
        JsonNode listener = resources(prod, "aws_lb_listener").get(0);
        assertThat(listener.path("port").asInt()).isEqualTo(443);
        assertThat(listener.path("protocol").asText()).isEqualTo("HTTPS");
        assertThat(listener.path("default_action").get(0).path("fixed_response").path("status_code").asText()).isEqualTo("403");
    }

    /** The hash cdktf appends to a construct path's logical id. */
    private static String suffix(JsonNode doc, String kind, String type, String idPart) {
        var names = doc.path(kind).path(type).fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith(idPart + "_")) {
                return name.substring(idPart.length() + 1);
            }
        }
        throw new AssertionError("no " + kind + " " + type + " " + idPart);
    }

    @Test
    void cloudFrontsServiceGroupIsLookedUpAfterTheVpcOriginExists() {
        JsonNode lookup = prod.path("data").path("aws_security_group").elements().next();
        assertThat(lookup.path("filter").toString()).contains("group-name").contains(EdgeVpcOrigin.SERVICE_GROUP).contains("vpc-id");
        assertThat(lookup.path("depends_on")).extracting(JsonNode::asText).singleElement().asString()
            .startsWith("aws_cloudfront_vpc_origin.vpc-origin_");
    }

    @Test
    void nothingSecretAndNoOriginHeaderAnywhereInTheStack() {
        String lower = prodText.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("x-origin-verify").doesNotContain("origin-secret").doesNotContain("origin_secret")
            .doesNotContain("set-by-rotation").doesNotContain("${uuid()}");
        assertThat(prod.findValues("custom_header")).isEmpty();
        assertThat(prod.findValues("http_header")).isEmpty();
        assertThat(resources(prod, "aws_lambda_invocation")).isEmpty();
        assertThat(prod.path("resource").has("terraform_data")).isFalse();
        assertThat(resources(prod, "aws_secretsmanager_secret")).extracting(s -> s.path("name").asText()).noneMatch(n -> n.contains("origin"));
        assertThat(prod.path("output").has("origin_secret_function")).isFalse();
        List<String> redacted = new ArrayList<>();
        resources(prod, "aws_wafv2_web_acl_logging_configuration").get(0).path("redacted_fields")
            .forEach(f -> redacted.add(f.path("single_header").path("name").asText()));
        assertThat(redacted).containsExactly("authorization", "cookie");
    }

    @Test
    void bothDistributionsReachTheLoadBalancerThroughTheVpcOriginByItsNameOnTheCertificate() {
        JsonNode vpcOrigin = resources(prod, "aws_cloudfront_vpc_origin").get(0);
        assertThat(resources(prod, "aws_cloudfront_vpc_origin")).hasSize(1);
        JsonNode endpoint = vpcOrigin.path("vpc_origin_endpoint_config").get(0);
        assertThat(endpoint.path("arn").asText()).startsWith("${aws_lb.origin_alb_").endsWith(".arn}");
        assertThat(endpoint.path("origin_protocol_policy").asText()).isEqualTo("https-only");
        assertThat(endpoint.path("https_port").asInt()).isEqualTo(443);
        assertThat(endpoint.path("origin_ssl_protocols").get(0).path("items")).extracting(JsonNode::asText).containsExactly("TLSv1.2");
        assertThat(vpcOrigin.path("timeouts").path("create").asText()).isNotEmpty();
        for (String name : List.of("app", "sandboxes")) {
            JsonNode d = distribution(prod, name);
            JsonNode origin = d.path("origin").get(0);
            assertThat(origin.path("domain_name").asText()).isEqualTo("origin.openhands.example.com");
            assertThat(origin.path("vpc_origin_config").path("vpc_origin_id").asText())
                .startsWith("${aws_cloudfront_vpc_origin.vpc-origin_").endsWith(".id}");
            assertThat(origin.has("custom_origin_config")).isFalse();
            assertThat(d.has("lifecycle")).as("nothing outside Terraform owns the origin").isFalse();
        }
    }

    @Test
    void thePrivateZoneAnswersEverySandboxNameWithTheOneLoadBalancer() {
        JsonNode zone = resources(prod, "aws_route53_zone").stream()
            .filter(z -> z.path("name").asText().equals("sbx.openhands.example.com")).findFirst().orElseThrow();
        assertThat(zone.path("vpc").get(0).path("vpc_id").asText()).contains("aws_vpc.");
        JsonNode wildcard = resource(prod, "aws_route53_record", "sandbox-names-inside_wildcard");
        assertThat(wildcard.path("name").asText()).isEqualTo("*.sbx.openhands.example.com");
        assertThat(wildcard.path("zone_id").asText()).contains("sandbox-names-inside_zone");
        assertThat(wildcard.path("alias").path("name").asText()).startsWith("${aws_lb.origin_alb_").endsWith(".dns_name}");
        assertThat(wildcard.path("alias").path("zone_id").asText()).startsWith("${aws_lb.origin_alb_").endsWith(".zone_id}");
        JsonNode router = resources(prod, "aws_ecs_service").stream()
            .filter(s -> s.path("name").asText().endsWith("-sandbox-router")).findFirst().orElseThrow();
        assertThat(router.path("load_balancer")).singleElement().satisfies(l ->
            assertThat(l.path("target_group_arn").asText()).contains("origin_router-targets"));
    }

    @Test
    void theAppReachesTheLoadBalancerOn443OnlyAndItReachesTheAppThroughOneRule() {
        String clients = "${aws_security_group.origin_client-sg_" + suffix(prod, "resource", "aws_security_group", "origin_client-sg") + ".id}";
        JsonNode app = resources(prod, "aws_ecs_service").stream().filter(s -> s.path("name").asText().endsWith("-app")).findFirst().orElseThrow();
        assertThat(app.path("network_configuration").path("security_groups")).extracting(JsonNode::asText).contains(clients);
        List<JsonNode> out = resources(prod, "aws_vpc_security_group_egress_rule").stream()
            .filter(r -> r.path("security_group_id").asText().equals(clients)).toList();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.path("from_port").asInt()).isEqualTo(443);
            assertThat(r.path("to_port").asInt()).isEqualTo(443);
            assertThat(r.path("referenced_security_group_id").asText()).contains("origin_sg_");
        });
        assertThat(resources(prod, "aws_vpc_security_group_ingress_rule").stream()
            .filter(r -> r.path("referenced_security_group_id").asText().contains("origin_sg_"))
            .filter(r -> r.path("from_port").asInt() == FrontDoorTier.APP_PORT))
            .as("the front door's app-ingress group alone admits the load balancer on the app port; the app service adds no rule")
            .singleElement().satisfies(r -> assertThat(r.path("security_group_id").asText()).contains("app-ingress-sg"));
    }

    @Test
    void sandboxCallsSkipSignInOnTheAppHostsOnlySoTheAppsCallsToASandboxReachTheSandbox() {
        Map<Integer, JsonNode> rules = new TreeMap<>();
        resources(prod, "aws_lb_listener_rule").forEach(r -> rules.put(r.path("priority").asInt(), r));
        assertThat(rules).containsOnlyKeys(10, 20, 30, 40);
        JsonNode calls = rules.get(10);
        assertThat(calls.path("condition").toString()).contains("/api/v1/webhooks/*").contains("/health")
            .contains("\"openhands.example.com\"").contains("\"agents.example.com\"").doesNotContain("sbx");
        assertThat(rules.get(30).toString()).contains("*.sbx.openhands.example.com").doesNotContain("authenticate_cognito");
        assertThat(rules.get(40).path("action").get(0).path("type").asText()).isEqualTo("authenticate-cognito");
        assertThat(rules.values()).allSatisfy(r -> assertThat(r.has("lifecycle")).isFalse());
    }
}
