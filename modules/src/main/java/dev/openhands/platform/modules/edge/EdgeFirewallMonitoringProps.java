package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformProvider;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.observability.AlarmTopicProps;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * @param webAclName         the CLOUDFRONT-scope web ACL's name: the log group, key alias, topic and alarm are named after it
 * @param webAclArn          the web ACL whose requests are logged
 * @param location           the account and {@code us-east-1}, where CloudFront-scope web ACLs live and publish their metrics
 * @param provider           the {@code us-east-1} provider
 * @param logRetentionDays   days the request logs are kept (a value CloudWatch Logs accepts)
 * @param redactedHeaders    request headers whose values the logs never show (credentials, the origin secret)
 * @param blockedRequests    blocked requests in 5 minutes that raise the alarm
 * @param emails             addresses subscribed to the alarm topic (the environment's alert emails)
 * @param chatWebhookUrl     an HTTPS endpoint subscribed to the topic, if any
 * @param tags               resource tags
 */
public record EdgeFirewallMonitoringProps(String webAclName, String webAclArn, AwsLocation location, TerraformProvider provider,
                                          int logRetentionDays, List<String> redactedHeaders, int blockedRequests, List<String> emails,
                                          Optional<String> chatWebhookUrl, Map<String, String> tags) {

    private static final Pattern WEB_ACL_ARN = Pattern.compile("^(\\$\\{.+}|arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/.+)$");

    public EdgeFirewallMonitoringProps {
        if (webAclName == null || !webAclName.matches("^[A-Za-z0-9-]{1,100}$")) {
            throw new IllegalArgumentException("web ACL name '" + webAclName + "' must be 1-100 letters, digits and hyphens");
        }
        if (webAclArn == null || !WEB_ACL_ARN.matcher(webAclArn).matches()) {
            throw new IllegalArgumentException("web ACL ARN '" + webAclArn
                + "' is neither a CLOUDFRONT-scope web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/...) nor a reference to one");
        }
        Objects.requireNonNull(location, "location");
        if (!location.region().equals("us-east-1")) {
            throw new IllegalArgumentException("a CLOUDFRONT-scope web ACL logs and publishes metrics in us-east-1 only, not in "
                + location.region() + ": pass the us-east-1 location and provider");
        }
        Objects.requireNonNull(provider, "provider");
        redactedHeaders = List.copyOf(redactedHeaders);
        for (String header : redactedHeaders) {
            if (!header.matches("^[a-z0-9-]{1,64}$")) {
                throw new IllegalArgumentException("redacted header '" + header + "' must be a lower-case header name of 1-64 characters");
            }
        }
        if (blockedRequests < 1) {
            throw new IllegalArgumentException("blockedRequests must be positive, was " + blockedRequests);
        }
        emails = List.copyOf(emails);
        emails.forEach(email -> {
            if (!AlarmTopicProps.EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("'" + email + "' is not an email address");
            }
        });
        Objects.requireNonNull(chatWebhookUrl, "chatWebhookUrl");
        tags = Map.copyOf(tags);
    }
}
