package dev.openhands.platform.main.tiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.stacks.PlatformApp;
import dev.openhands.platform.modules.edge.EdgeDistribution;
import dev.openhands.platform.modules.edge.EdgeOrigin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door of the ecs-fargate environments as synthesized: sign-in, certificates, WAF, CloudFront and DNS. The
 * fixture is prod with {@code frontDoor.originAccess: header} (the internet-facing load balancer and the origin secret);
 * {@link FrontDoorVpcOriginTest} covers the bundled default, the VPC origin.
 */
class FrontDoorTierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GLOBAL = "aws.us-east-1";
    private static JsonNode prod;
    private static String prodText;
    private static EnvironmentConfig prodEnv;

    @TempDir
    static Path headerDir;

    @BeforeAll
    static void synthProd() throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(ProjectFiles.environments().resolve("prod.json")));
        withHeader(doc);
        ProjectFiles.write(headerDir, "prod", doc);
        prodEnv = EnvironmentLoader.load(headerDir, List.of("prod")).get(0);
        prodText = Testing.synth(PlatformApp.stackFor(Testing.app(), prodEnv));
        prod = JSON.readTree(prodText);
    }

    /** {@code frontDoor.originAccess: header} with the origin secret's first generation. */
    static void withHeader(ObjectNode doc) {
        ((ObjectNode) doc.get("frontDoor")).put("originAccess", "header").put("originSecretGeneration", 1);
    }

    static List<JsonNode> resources(JsonNode doc, String type) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("resource").path(type).forEach(out::add);
        return out;
    }

    static JsonNode resource(JsonNode doc, String type, String idPart) {
        var fields = doc.path("resource").path(type).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().contains(idPart)) {
                return e.getValue();
            }
        }
        throw new AssertionError("no " + type + " with '" + idPart + "' in its id");
    }

    static JsonNode distribution(JsonNode doc, String name) {
        return resource(doc, "aws_cloudfront_distribution", name + "-distribution");
    }

    /** prod.json with the origin header, changed by {@code edit}, synthesized from a copy in {@code dir}. */
    static JsonNode synthVariant(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(ProjectFiles.environments().resolve("prod.json")));
        withHeader(doc);
        edit.accept(doc);
        ProjectFiles.write(dir, "prod", doc);
        EnvironmentConfig env = EnvironmentLoader.load(dir, List.of("prod")).get(0);
        return JSON.readTree(Testing.synth(PlatformApp.stackFor(Testing.app(), env)));
    }

    @Test
    void cloudFrontsCertificateAndWebAclUseTheAliasedUsEast1Provider() {
        JsonNode providers = prod.path("provider").path("aws");
        assertThat(providers).hasSize(2);
        JsonNode global = providers.get(1);
        assertThat(global.path("alias").asText()).isEqualTo("us-east-1");
        assertThat(global.path("region").asText()).isEqualTo("us-east-1");
        assertThat(global.path("allowed_account_ids").toString()).contains(prodEnv.aws().accountId());
        assertThat(global.path("default_tags").toString()).contains("\"Environment\":\"prod\"");

        assertThat(resources(prod, "aws_wafv2_web_acl")).singleElement().satisfies(acl -> {
            assertThat(acl.path("provider").asText()).isEqualTo(GLOBAL);
            assertThat(acl.path("scope").asText()).isEqualTo("CLOUDFRONT");
        });
        assertThat(resource(prod, "aws_acm_certificate", "edge-certificate").path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(resource(prod, "aws_acm_certificate_validation", "edge-certificate").path("provider").asText()).isEqualTo(GLOBAL);
        // the load balancer's certificate stays in the environment's region
        assertThat(resource(prod, "aws_acm_certificate", "origin-certificate").has("provider")).isFalse();
        assertThat(resource(prod, "aws_acm_certificate_validation", "origin-certificate").has("provider")).isFalse();
    }

    @Test
    void twoDomainsGiveTwoSetsOfCallbacksAndNamesOnBothCertificates() {
        assertThat(prodEnv.frontDoor().orElseThrow().domains()).containsExactly("openhands.example.com", "agents.example.com");
        JsonNode client = resources(prod, "aws_cognito_user_pool_client").get(0);
        assertThat(client.path("callback_urls")).extracting(JsonNode::asText).containsExactly(
            "https://openhands.example.com/oauth2/idpresponse", "https://agents.example.com/oauth2/idpresponse");
        assertThat(client.path("logout_urls")).extracting(JsonNode::asText).containsExactly(
            "https://openhands.example.com/", "https://agents.example.com/");
        assertThat(client.path("supported_identity_providers")).extracting(JsonNode::asText).containsExactly("COGNITO", "Okta");
        JsonNode pool = resources(prod, "aws_cognito_user_pool").get(0);
        assertThat(pool.path("mfa_configuration").asText()).isEqualTo("ON");
        assertThat(pool.path("deletion_protection").asText()).isEqualTo("ACTIVE");
        assertThat(resources(prod, "aws_cognito_user_group")).extracting(g -> g.path("name").asText())
            .containsExactly("admins", "developers");

        for (String id : List.of("edge-certificate", "origin-certificate")) {
            JsonNode certificate = resource(prod, "aws_acm_certificate", id);
            assertThat(certificate.path("domain_name").asText()).isEqualTo("openhands.example.com");
            List<String> alternatives = new ArrayList<>(List.of("agents.example.com", "*.sbx.openhands.example.com"));
            if (id.equals("origin-certificate")) {
                alternatives.add("origin.openhands.example.com");
            }
            assertThat(certificate.path("subject_alternative_names")).extracting(JsonNode::asText)
                .as("CloudFront connects to origin.<primary> and verifies the load balancer's certificate for it")
                .containsExactlyElementsOf(alternatives);
            assertThat(certificate.path("validation_method").asText()).isEqualTo("DNS");
            JsonNode records = resource(prod, "aws_route53_record", id + "_validation-record");
            assertThat(records.path("for_each").asText()).contains("aws_acm_certificate." ).contains("domain_validation_options");
            assertThat(records.path("zone_id").asText()).isEqualTo("Z0123456789PRODZONE1");
            assertThat(resource(prod, "aws_acm_certificate_validation", id).path("validation_record_fqdns").asText())
                .contains("aws_route53_record.").contains("record.fqdn");
        }
    }

    @Test
    void distributionsAreHttpsOnlyModernTlsHttp3UncachedWithSecurityHeaders() {
        JsonNode app = distribution(prod, "app");
        assertThat(app.path("aliases")).extracting(JsonNode::asText).containsExactly("openhands.example.com", "agents.example.com");
        JsonNode sandboxes = distribution(prod, "sandboxes");
        assertThat(sandboxes.path("aliases")).extracting(JsonNode::asText).containsExactly("*.sbx.openhands.example.com");
        for (JsonNode d : List.of(app, sandboxes)) {
            assertThat(d.path("http_version").asText()).isEqualTo("http2and3");
            assertThat(d.path("viewer_certificate").path("minimum_protocol_version").asText()).isEqualTo("TLSv1.2_2021");
            assertThat(d.path("viewer_certificate").path("ssl_support_method").asText()).isEqualTo("sni-only");
            assertThat(d.path("viewer_certificate").path("acm_certificate_arn").asText()).contains("aws_acm_certificate_validation.edge-certificate");
            JsonNode behavior = d.path("default_cache_behavior");
            assertThat(behavior.path("viewer_protocol_policy").asText()).isEqualTo("https-only");
            assertThat(behavior.path("cache_policy_id").asText()).isEqualTo(EdgeDistribution.CACHING_DISABLED);
            assertThat(behavior.path("origin_request_policy_id").asText()).isEqualTo(EdgeDistribution.ALL_VIEWER);
            assertThat(behavior.path("allowed_methods")).extracting(JsonNode::asText).contains("POST", "PUT", "DELETE", "PATCH");
            JsonNode origin = d.path("origin").get(0);
            assertThat(origin.path("custom_origin_config").path("origin_protocol_policy").asText()).isEqualTo("https-only");
            assertThat(origin.path("custom_origin_config").path("origin_ssl_protocols")).extracting(JsonNode::asText).containsExactly("TLSv1.2");
            assertThat(d.path("web_acl_id").asText()).contains("aws_wafv2_web_acl.edge-firewall");
            assertThat(d.path("logging_config").path("bucket").asText()).endsWith(".s3.amazonaws.com");
        }
        JsonNode appHeaders = resource(prod, "aws_cloudfront_response_headers_policy", "app-headers").path("security_headers_config");
        assertThat(appHeaders.path("strict_transport_security").path("access_control_max_age_sec").asInt()).isEqualTo(63_072_000);
        assertThat(appHeaders.path("strict_transport_security").path("include_subdomains").asBoolean()).isTrue();
        assertThat(appHeaders.path("content_type_options").path("override").asBoolean()).isTrue();
        assertThat(appHeaders.path("frame_options").path("frame_option").asText()).isEqualTo("SAMEORIGIN");
        assertThat(appHeaders.path("referrer_policy").path("referrer_policy").asText()).isEqualTo("strict-origin-when-cross-origin");
        assertThat(app.path("default_cache_behavior").path("response_headers_policy_id").asText()).contains("app-headers");
        // sandbox pages are framed by the app, on each of its domains
        JsonNode sandboxHeaders = resource(prod, "aws_cloudfront_response_headers_policy", "sandbox-headers").path("security_headers_config");
        assertThat(sandboxHeaders.has("frame_options")).isFalse();
        assertThat(sandboxHeaders.path("content_security_policy").path("content_security_policy").asText())
            .isEqualTo("frame-ancestors 'self' https://openhands.example.com https://agents.example.com");
        assertThat(sandboxes.path("default_cache_behavior").path("response_headers_policy_id").asText()).contains("sandbox-headers");

        // alias A and AAAA records for every name, at the distribution that serves it
        for (String name : List.of("openhands.example.com", "agents.example.com", "*.sbx.openhands.example.com")) {
            List<JsonNode> records = resources(prod, "aws_route53_record").stream().filter(r -> r.path("name").asText().equals(name))
                .filter(r -> r.path("zone_id").asText().equals("Z0123456789PRODZONE1")).toList();
            assertThat(records).as(name).extracting(r -> r.path("type").asText()).containsExactlyInAnyOrder("A", "AAAA");
            String target = name.startsWith("*") ? "sandboxes-distribution" : "app-distribution";
            assertThat(records).allSatisfy(r -> assertThat(r.path("alias").path("name").asText()).contains(target));
        }
        // the access logs are encrypted with a key CloudFront's log delivery may use, in a bucket that takes its ACL
        JsonNode logKey = resources(prod, "aws_kms_key").stream()
            .filter(k -> k.path("description").asText().contains("CloudFront access logs")).findFirst().orElseThrow();
        assertThat(logKey.path("policy").asText()).contains("delivery.logs.amazonaws.com");
        assertThat(resource(prod, "aws_s3_bucket_ownership_controls", "edge-logs").path("rule").path("object_ownership").asText())
            .isEqualTo("BucketOwnerPreferred");
        assertThat(resource(prod, "aws_s3_bucket_server_side_encryption_configuration", "edge-logs").toString()).contains("aws:kms");
    }

    @Test
    void theOriginSecretIsNeverALiteralAndBelongsToTheRotationFunction() {
        for (String name : List.of("app", "sandboxes")) {
            JsonNode d = distribution(prod, name);
            JsonNode header = d.path("origin").get(0).path("custom_header").get(0);
            assertThat(header.path("name").asText()).isEqualTo(EdgeOrigin.VERIFY_HEADER);
            assertThat(header.path("value").asText()).isEqualTo(EdgeOrigin.HEADER_PLACEHOLDER);
            assertThat(d.path("lifecycle").path("ignore_changes")).extracting(JsonNode::asText).containsExactly("origin");
        }
        // nothing in the stack carries the header's value: no secret version, the rules only an unknowable placeholder
        List<JsonNode> rules = resources(prod, "aws_lb_listener_rule");
        assertThat(rules).hasSize(4).allSatisfy(rule -> {
            List<JsonNode> headers = new ArrayList<>();
            rule.path("condition").forEach(c -> headers.addAll(c.findValues("http_header")));
            assertThat(headers).hasSize(1);
            assertThat(headers.get(0).path("http_header_name").asText()).isEqualTo(EdgeOrigin.VERIFY_HEADER);
            assertThat(headers.get(0).path("values")).extracting(JsonNode::asText).containsExactly("${uuid()}");
        });
        assertThat(prod.findValues("custom_header")).hasSize(2);
        assertThat(prodText).doesNotContain("secret_string\"");
    }

    @Test
    void theWebAclRunsManagedRulesARateLimitAndScopesDownBodySizeForUploads() {
        JsonNode acl = resources(prod, "aws_wafv2_web_acl").get(0);
        assertThat(acl.path("default_action").has("allow")).isTrue();
        assertThat(acl.path("visibility_config").path("sampled_requests_enabled").asBoolean()).isTrue();
        List<JsonNode> rules = new ArrayList<>();
        acl.path("rule").forEach(rules::add);
        assertThat(rules).extracting(r -> r.path("name").asText()).containsExactly("rate-limit-per-ip",
            "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet",
            "body-size-outside-upload-paths");
        assertThat(rules).extracting(r -> r.path("priority").asInt()).isSorted().doesNotHaveDuplicates();
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.path("visibility_config").path("cloudwatch_metrics_enabled").asBoolean()).isTrue();
            assertThat(r.path("visibility_config").path("sampled_requests_enabled").asBoolean()).isTrue();
        });
        assertThat(rules.get(0).path("statement").path("rate_based_statement").path("limit").asLong()).isEqualTo(3000);
        assertThat(rules.get(0).path("statement").path("rate_based_statement").path("aggregate_key_type").asText()).isEqualTo("IP");
        JsonNode common = rules.get(3).path("statement").path("managed_rule_group_statement");
        assertThat(common.path("rule_action_override").get(0).path("name").asText()).isEqualTo("SizeRestrictions_BODY");
        assertThat(common.path("rule_action_override").get(0).path("action_to_use").has("count")).isTrue();
        String bodyRule = rules.get(4).toString();
        assertThat(bodyRule).contains("awswaf:managed:aws:core-rule-set:SizeRestrictions_Body").contains("not_statement").contains("/upload");
        assertThat(rules.get(4).path("action").has("block")).isTrue();
        assertThat(resources(prod, "aws_wafv2_ip_set")).isEmpty();
    }

    @Test
    void theWebAclLogsToAnEncryptedUsEast1GroupWithCredentialsAndTheOriginSecretRedacted() {
        JsonNode logging = resources(prod, "aws_wafv2_web_acl_logging_configuration").get(0);
        assertThat(resources(prod, "aws_wafv2_web_acl_logging_configuration")).hasSize(1);
        assertThat(logging.path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(logging.path("resource_arn").asText()).matches("^\\$\\{aws_wafv2_web_acl\\.edge-firewall_web-acl_[^.]+\\.arn}$");
        List<String> redacted = new ArrayList<>();
        logging.path("redacted_fields").forEach(f -> redacted.add(f.path("single_header").path("name").asText()));
        assertThat(redacted).containsExactly("authorization", "cookie", "x-origin-verify");

        JsonNode group = resource(prod, "aws_cloudwatch_log_group", "edge-firewall-monitoring");
        assertThat(group.path("name").asText()).isEqualTo("aws-waf-logs-openhands-prod-edge");
        assertThat(group.path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(group.path("retention_in_days").asInt()).isEqualTo(prodEnv.sandbox().orElseThrow().logRetentionDays());
        assertThat(logging.path("log_destination_configs").get(0).asText()).contains("edge-firewall-monitoring_logs_group");
        JsonNode key = resource(prod, "aws_kms_key", "edge-firewall-monitoring");
        assertThat(key.path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(group.path("kms_key_id").asText()).contains("edge-firewall-monitoring_key");
        // us-east-1's CloudWatch Logs may use the key for this group only
        assertThat(key.path("policy").asText()).contains("logs.us-east-1.amazonaws.com")
            .contains("arn:aws:logs:us-east-1:" + prodEnv.aws().accountId() + ":log-group:aws-waf-logs-openhands-prod-edge");
    }

    @Test
    void aSpikeOfBlockedRequestsAlarmsThroughAUsEast1TopicTheAlertAddressesSubscribeTo() {
        JsonNode alarm = resource(prod, "aws_cloudwatch_metric_alarm", "edge-firewall-monitoring");
        assertThat(alarm.path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(alarm.path("namespace").asText()).isEqualTo("AWS/WAFV2");
        assertThat(alarm.path("metric_name").asText()).isEqualTo("BlockedRequests");
        // a CloudFront-scope ACL's metrics carry no Region dimension
        assertThat(alarm.path("dimensions").toString()).isEqualTo("{\"Rule\":\"ALL\",\"WebACL\":\"openhands-prod-edge\"}");
        assertThat(alarm.path("threshold").asInt()).isEqualTo(prodEnv.app().orElseThrow().alarms().wafBlockedRequests());
        JsonNode topic = resource(prod, "aws_sns_topic", "edge-firewall-monitoring");
        assertThat(topic.path("provider").asText()).isEqualTo(GLOBAL);
        assertThat(topic.path("kms_master_key_id").asText()).contains("edge-firewall-monitoring_key");
        String topicArn = "${aws_sns_topic." + fieldNameOf(prod, "aws_sns_topic", "edge-firewall-monitoring") + ".arn}";
        // its own topic, not the environment's (another region): the AlarmActions aspect must not have replaced it
        assertThat(alarm.path("alarm_actions")).extracting(JsonNode::asText).containsExactly(topicArn);
        assertThat(alarm.path("ok_actions")).extracting(JsonNode::asText).containsExactly(topicArn);
        List<String> subscribed = new ArrayList<>();
        resources(prod, "aws_sns_topic_subscription").forEach(sub -> {
            if (sub.path("topic_arn").asText().equals(topicArn)) {
                assertThat(sub.path("provider").asText()).isEqualTo(GLOBAL);
                subscribed.add(sub.path("endpoint").asText());
            }
        });
        assertThat(subscribed).containsExactlyElementsOf(prodEnv.alerts().emails());
        assertThat(resource(prod, "aws_kms_key", "edge-firewall-monitoring").path("policy").asText())
            .contains("cloudwatch.amazonaws.com");
    }

    @Test
    void bothAccessLogBucketsExpireTheirLogsAfterTheRetentionAndAreVersioned() {
        int days = prodEnv.sandbox().orElseThrow().logRetentionDays();
        JsonNode edge = resource(prod, "aws_s3_bucket_lifecycle_configuration", "edge-logs");
        assertThat(edge.path("rule")).singleElement().satisfies(rule -> {
            assertThat(rule.path("expiration").path("days").asInt()).isEqualTo(days);
            assertThat(rule.path("noncurrent_version_expiration").path("noncurrent_days").asInt()).isEqualTo(30);
        });
        JsonNode alb = resource(prod, "aws_s3_bucket_lifecycle_configuration", "origin_access-logs");
        assertThat(alb.path("rule").get(0).path("expiration").path("days").asInt()).isEqualTo(days);
        // deleted log objects stay recoverable for a week (checkov CKV_AWS_21)
        assertThat(alb.path("rule").get(0).path("noncurrent_version_expiration").path("noncurrent_days").asInt()).isEqualTo(7);
        assertThat(resource(prod, "aws_s3_bucket_versioning", "origin_access-logs").at("/versioning_configuration/status").asText())
            .isEqualTo("Enabled");
    }

    static String fieldNameOf(JsonNode doc, String type, String idPart) {
        var names = doc.path("resource").path(type).fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.contains(idPart)) {
                return name;
            }
        }
        throw new AssertionError("no " + type + " with '" + idPart + "' in its id");
    }

    @Test
    void anAllowListBlocksEveryOtherNetworkAndTheAnonymousListIsOptional(@TempDir Path dir) throws IOException {
        JsonNode doc = synthVariant(dir, d -> {
            ObjectNode waf = (ObjectNode) d.get("frontDoor").get("waf");
            waf.put("anonymousIpList", true).put("rateLimitPer5Minutes", 500);
            waf.putArray("allowCidrs").add("203.0.113.0/24");
        });
        JsonNode ipSet = resources(doc, "aws_wafv2_ip_set").get(0);
        assertThat(ipSet.path("addresses")).extracting(JsonNode::asText).containsExactly("203.0.113.0/24");
        assertThat(ipSet.path("scope").asText()).isEqualTo("CLOUDFRONT");
        assertThat(ipSet.path("provider").asText()).isEqualTo(GLOBAL);
        List<JsonNode> rules = new ArrayList<>();
        resources(doc, "aws_wafv2_web_acl").get(0).path("rule").forEach(rules::add);
        assertThat(rules).extracting(r -> r.path("name").asText()).startsWith("block-outside-allow-list")
            .contains("AWSManagedRulesAnonymousIpList");
        assertThat(rules.get(0).path("priority").asInt()).isZero();
        assertThat(rules.get(0).path("action").has("block")).isTrue();
        assertThat(rules.get(0).path("statement").path("not_statement").toString()).contains("aws_wafv2_ip_set.");
        assertThat(rules.get(1).path("statement").path("rate_based_statement").path("limit").asLong()).isEqualTo(500);
    }

    @Test
    void nothingAdmitsTheInternetExceptThroughCloudFrontsPrefixList() {
        for (JsonNode rule : resources(prod, "aws_vpc_security_group_ingress_rule")) {
            assertThat(rule.path("cidr_ipv4").asText()).as(rule.toString()).isNotEqualTo("0.0.0.0/0");
            assertThat(rule.path("cidr_ipv6").asText()).as(rule.toString()).isNotEqualTo("::/0");
        }
        for (JsonNode group : resources(prod, "aws_security_group")) {
            assertThat(group.has("ingress")).as("inline ingress in " + group.path("name").asText()).isFalse();
        }
        JsonNode https = resource(prod, "aws_vpc_security_group_ingress_rule", "https-from-cloudfront");
        assertThat(https.path("prefix_list_id").asText()).contains("data.aws_ec2_managed_prefix_list.");
        assertThat(https.path("security_group_id").asText()).contains("origin_sg_");
        JsonNode lb = resources(prod, "aws_lb").stream().filter(l -> !l.path("internal").asBoolean()).findFirst().orElseThrow();
        assertThat(lb.path("subnets").toString()).contains("network_public-0").contains("network_public-1").doesNotContain("private");
        assertThat(lb.path("enable_deletion_protection").asBoolean()).isTrue();
        JsonNode app = resource(prod, "aws_vpc_security_group_ingress_rule", "app-from-origin");
        assertThat(app.path("from_port").asInt()).isEqualTo(FrontDoorTier.APP_PORT);
        assertThat(app.path("referenced_security_group_id").asText()).contains("origin_sg_");
        assertThat(app.path("security_group_id").asText()).contains("app-ingress-sg");
    }

    @Test
    void theListenerRulesSignInOnTheAppHostsOnlyAndRouteSandboxHostsToTheRouter() {
        Map<Integer, JsonNode> rules = new java.util.TreeMap<>();
        resources(prod, "aws_lb_listener_rule").forEach(r -> rules.put(r.path("priority").asInt(), r));
        assertThat(rules).containsOnlyKeys(10, 20, 30, 40);
        assertThat(rules.get(20).toString()).as("Cognito has no wildcard callbacks: vscode-/work- hosts cannot sign in")
            .doesNotContain("authenticate_cognito").contains("vscode-*.sbx.openhands.example.com").contains("router-targets");
        assertThat(rules.get(30).toString()).doesNotContain("authenticate_cognito").contains("*.sbx.openhands.example.com");
        assertThat(rules.get(40).path("action").get(0).path("type").asText()).isEqualTo("authenticate-cognito");
        assertThat(rules.get(40).toString()).contains("openhands.example.com").contains("agents.example.com").contains("app-targets");
        JsonNode appTargets = resource(prod, "aws_lb_target_group", "app-targets");
        assertThat(appTargets.path("port").asInt()).isEqualTo(3000);
        assertThat(appTargets.path("health_check").path("path").asText()).isEqualTo("/health");
    }

    @Test
    void cloudFrontReachesTheLoadBalancerByItsAliasOnTheCertificate() {
        JsonNode alias = resource(prod, "aws_route53_record", "origin-name");
        assertThat(alias.path("name").asText()).isEqualTo("origin.openhands.example.com");
        assertThat(alias.path("zone_id").asText()).isEqualTo("Z0123456789PRODZONE1");
        assertThat(alias.path("alias").path("name").asText()).contains("aws_lb.origin_alb_").contains("dns_name");
        assertThat(alias.path("alias").path("zone_id").asText()).contains("aws_lb.origin_alb_").contains("zone_id");
        for (String name : List.of("app", "sandboxes")) {
            assertThat(distribution(prod, name).path("origin").get(0).path("domain_name").asText()).isEqualTo("origin.openhands.example.com");
        }
        assertThat(prodText).doesNotContain("origin-stand-in");
    }

    @Test
    void theSandboxRouterServesThePublicSandboxNamesBehindBothLoadBalancers() {
        JsonNode service = resources(prod, "aws_ecs_service").stream()
            .filter(s -> s.path("name").asText().endsWith("-sandbox-router")).findFirst().orElseThrow();
        assertThat(service.path("desired_count").asInt()).isEqualTo(2);
        List<String> groups = new ArrayList<>();
        service.path("load_balancer").forEach(l -> groups.add(l.path("target_group_arn").asText()));
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).contains("origin_router-targets");
        assertThat(groups.get(1)).contains("sandbox-entry");
        JsonNode task = resources(prod, "aws_ecs_task_definition").stream()
            .filter(t -> t.path("family").asText().endsWith("-sandbox-router")).findFirst().orElseThrow();
        assertThat(task.path("container_definitions").asText()).contains("345678901234.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27")
            .contains("sandboxes.openhands-prod.internal:60000");
        assertThat(prod.findValues("PUBLIC_SANDBOX_DOMAIN")).as("the orchestrator hands out the public names").isNotEmpty()
            .allSatisfy(domain -> assertThat(domain.asText()).isEqualTo("sbx.openhands.example.com"));
        JsonNode rotate = resources(prod, "aws_lambda_invocation").get(0);
        assertThat(rotate.path("triggers").path("distributions").asText())
            .contains("aws_cloudfront_distribution.app-distribution").contains("aws_cloudfront_distribution.sandboxes-distribution");
        assertThat(rotate.path("input").asText()).contains("\"generation\":1");
    }

    /**
     * Header mode's internal entry keeps the construct paths (so the Terraform addresses) it had before its zone and
     * client group were shared with the VPC-origin design: a moved path would replace the zone and the rule.
     */
    @Test
    void theInternalEntryKeepsTheAddressesItHadBeforeItsPartsWereShared() {
        List<String> names = new ArrayList<>();
        for (String type : List.of("aws_route53_zone", "aws_route53_record", "aws_vpc_security_group_egress_rule")) {
            prod.path("resource").path(type).fieldNames().forEachRemaining(name -> {
                if (name.startsWith("sandbox-entry_")) {
                    names.add(type + "." + name.substring(0, name.lastIndexOf('_')));
                }
            });
        }
        // cdktf names a resource by its construct path below the stack and a hash of it.
        assertThat(names).containsExactlyInAnyOrder("aws_route53_zone.sandbox-entry_zone",
            "aws_route53_record.sandbox-entry_wildcard", "aws_vpc_security_group_egress_rule.sandbox-entry_clients-to-entry");
    }

    @Test
    void stagingHasItsOwnFrontDoorWithOptionalMfaAndNoDeletionProtection() throws IOException {
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        JsonNode doc = JSON.readTree(Testing.synth(PlatformApp.stackFor(Testing.app(), staging)));
        JsonNode pool = resources(doc, "aws_cognito_user_pool").get(0);
        assertThat(pool.path("mfa_configuration").asText()).isEqualTo("OPTIONAL");
        assertThat(pool.path("deletion_protection").asText()).isEqualTo("INACTIVE");
        assertThat(resources(doc, "aws_cognito_user_pool_client").get(0).path("callback_urls")).extracting(JsonNode::asText)
            .containsExactly("https://openhands-staging.example.com/oauth2/idpresponse");
        assertThat(distribution(doc, "sandboxes").path("aliases").get(0).asText()).isEqualTo("*.sbx.openhands-staging.example.com");
    }
}
