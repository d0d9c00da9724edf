package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.providers.aws.wafv2_ip_set.Wafv2IpSet;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.openhands.platform.modules.json.StableJson.object;

/**
 * The CLOUDFRONT-scope WAF web ACL in front of the app and the sandboxes: an optional allow-list that blocks every
 * other network, a rate limit per client IP, and AWS's managed rule groups for IP reputation, (optionally) anonymous
 * IPs, known bad inputs and the common rule set. Every rule reports metrics and sampled requests.
 *
 * <p>The common rule set's {@code SizeRestrictions_BODY} blocks request bodies over 8 KB. Agents upload files
 * (the app's {@code /api/conversations/<id>/upload-files}, the agent server's {@code /api/file/upload}), so that rule
 * only counts, and a rule after it blocks oversized bodies everywhere except on paths containing {@code /upload}.
 * Disabling it wholesale would let any large body at any API through.
 */
public class EdgeFirewall extends Construct {

    /** The label the common rule set puts on a request whose body is over its size limit. */
    static final String BODY_SIZE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";
    /** Paths containing this take large bodies (file uploads); see the class comment. */
    public static final String UPLOAD_PATH_MARKER = "/upload";

    /**
     * The bindings' aws_wafv2_web_acl module is 66 MB of JavaScript (every nesting of rule statements spelled out):
     * loading it for one resource cost each synth about 130 MiB of Node memory and most of a second. The ACL is
     * written as a plain resource in Terraform's own shape instead; terraform validate checks it against the provider
     * schema as it would the binding's output.
     */
    static final String RESOURCE_TYPE = "aws_wafv2_web_acl";

    private final TerraformResource acl;

    public EdgeFirewall(Construct scope, String id, EdgeFirewallProps props) {
        super(scope, id);
        List<Object> rules = new ArrayList<>();
        if (!props.allowCidrs().isEmpty()) {
            Wafv2IpSet allowed = Wafv2IpSet.Builder.create(this, "allowed-networks")
                .provider(props.provider())
                .name(props.name() + "-allowed")
                .scope("CLOUDFRONT")
                .ipAddressVersion("IPV4")
                .addresses(props.allowCidrs())
                .tags(props.tags())
                .build();
            rules.add(rule(props, "block-outside-allow-list", 0, blockAction(),
                object("not_statement", object("statement", object("ip_set_reference_statement", object("arn", allowed.getArn()))))));
        }
        rules.add(rule(props, "rate-limit-per-ip", 1, blockAction(),
            object("rate_based_statement", object("limit", props.rateLimitPer5Minutes(), "aggregate_key_type", "IP"))));
        rules.add(managed(props, "AWSManagedRulesAmazonIpReputationList", 2, List.of()));
        if (props.anonymousIpList()) {
            rules.add(managed(props, "AWSManagedRulesAnonymousIpList", 3, List.of()));
        }
        rules.add(managed(props, "AWSManagedRulesKnownBadInputsRuleSet", 4, List.of()));
        rules.add(managed(props, "AWSManagedRulesCommonRuleSet", 5,
            List.of(object("name", "SizeRestrictions_BODY", "action_to_use", object("count", Map.of())))));
        rules.add(rule(props, "body-size-outside-upload-paths", 6, blockAction(),
            object("and_statement", object("statement", List.of(
                object("label_match_statement", object("scope", "LABEL", "key", BODY_SIZE_LABEL)),
                object("not_statement", object("statement", object("byte_match_statement", object(
                    "search_string", UPLOAD_PATH_MARKER,
                    "positional_constraint", "CONTAINS",
                    "field_to_match", object("uri_path", Map.of()),
                    "text_transformation", List.of(object("priority", 0, "type", "LOWERCASE")))))))))));

        this.acl = new TerraformResource(this, "web-acl", TerraformResourceConfig.builder()
            .terraformResourceType(RESOURCE_TYPE)
            .provider(props.provider())
            .build());
        acl.addOverride("name", props.name());
        acl.addOverride("description", "OpenHands front door: allow-list, rate limit, AWS managed rules");
        acl.addOverride("scope", "CLOUDFRONT");
        acl.addOverride("default_action", object("allow", Map.of()));
        acl.addOverride("visibility_config", visibilityMap(props.name()));
        if (!props.tags().isEmpty()) {
            acl.addOverride("tags", new java.util.TreeMap<>(props.tags()));
        }
        acl.addOverride("rule", rules);
    }

    private static Map<String, Object> blockAction() {
        return object("block", Map.of());
    }

    private static Map<String, Object> managed(EdgeFirewallProps props, String group, int priority, List<Object> overrides) {
        Map<String, Object> statement = object("name", group, "vendor_name", "AWS");
        if (!overrides.isEmpty()) {
            statement.put("rule_action_override", overrides);
        }
        Map<String, Object> rule = object("name", group, "priority", priority, "override_action", object("none", Map.of()),
            "statement", object("managed_rule_group_statement", statement));
        rule.put("visibility_config", visibilityMap(props.name() + "-" + group));
        return rule;
    }

    private static Map<String, Object> rule(EdgeFirewallProps props, String name, int priority, Map<String, Object> action,
                                            Map<String, Object> statement) {
        return object("name", name, "priority", priority, "action", action, "statement", statement,
            "visibility_config", visibilityMap(props.name() + "-" + name));
    }

    private static Map<String, Object> visibilityMap(String metric) {
        return object("cloudwatch_metrics_enabled", true, "metric_name", metric, "sampled_requests_enabled", true);
    }

    /** The web ACL's ARN: a CloudFront distribution names its CLOUDFRONT-scope ACL by ARN. */
    public String getArn() {
        return acl.getStringAttribute("arn");
    }
}
