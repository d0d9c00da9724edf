package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.observability.AlarmTopic;
import dev.openhands.platform.modules.observability.AlarmTopicProps;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.observability.LogSettings;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.openhands.platform.modules.json.StableJson.object;

/**
 * What watches the CLOUDFRONT-scope web ACL, all of it in {@code us-east-1} beside the ACL: its request logs in a
 * KMS-encrypted log group (credential headers redacted) and an alarm on a spike of blocked requests with a topic of
 * its own that the environment's alert addresses subscribe to.
 *
 * <p>Why its own key and topic: a CloudFront-scope ACL publishes its metrics only in {@code us-east-1}, and an alarm
 * can notify only a topic of its own region, while the environment's alarm topic and logs key live in the environment's
 * region. KMS keys are regional too, so the log group and topic here need a key here.
 */
public class EdgeFirewallMonitoring extends Construct {

    /** WAF delivers to CloudWatch Logs only into groups whose name starts with this. */
    public static final String LOG_GROUP_PREFIX = "aws-waf-logs-";
    /** CloudWatch's WebACL dimension value that sums every rule of the ACL. */
    static final String ALL_RULES = "ALL";

    private final EncryptedLogGroup logs;
    private final AlarmTopic topic;

    public EdgeFirewallMonitoring(Construct scope, String id, EdgeFirewallMonitoringProps props) {
        super(scope, id);
        String logGroupName = LOG_GROUP_PREFIX + props.webAclName();
        CustomerManagedKey key = new CustomerManagedKey(this, "key", new CustomerManagedKeyProps(props.webAclName() + "-monitoring",
            props.location(), "OpenHands front door: web ACL request logs and alarm topic (us-east-1)",
            List.of(CustomerManagedKey.cloudWatchLogsGrant(props.location().region(), props.location().arn("logs", "log-group:" + logGroupName)),
                AlarmTopic.keyGrant(props.location())),
            30, props.tags()));
        this.logs = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps(logGroupName,
            new LogSettings(key, props.logRetentionDays()), props.tags()));

        // Written in Terraform's shape, as the ACL itself is (EdgeFirewall.RESOURCE_TYPE): terraform validate checks it.
        TerraformResource logging = new TerraformResource(this, "logging", TerraformResourceConfig.builder()
            .terraformResourceType("aws_wafv2_web_acl_logging_configuration")
            .build());
        logging.addOverride("resource_arn", props.webAclArn());
        logging.addOverride("log_destination_configs", List.of(logs.getArn()));
        logging.addOverride("redacted_fields", props.redactedHeaders().stream()
            .map(header -> (Object) object("single_header", object("name", header))).toList());

        this.topic = new AlarmTopic(this, "topic", new AlarmTopicProps(props.webAclName() + "-alarms", key, props.location(),
            props.emails(), props.tags(), props.chatWebhookUrl()));
        Map<String, String> dimensions = new TreeMap<>();
        dimensions.put("Rule", ALL_RULES);
        dimensions.put("WebACL", props.webAclName());
        // Its own actions, so the stack's AlarmActions aspect leaves it alone: that topic is in another region.
        CloudwatchMetricAlarm.Builder.create(this, "blocked-spike")
            .alarmName(props.webAclName() + "-blocked-spike")
            .alarmDescription("The front door's web ACL blocked more than " + props.blockedRequests() + " requests in 5 minutes (an attack,"
                + " or a rule blocking real users); its request log is " + logGroupName + " in us-east-1")
            .namespace("AWS/WAFV2")
            .metricName("BlockedRequests")
            .dimensions(dimensions)
            .statistic("Sum")
            .period(300)
            .evaluationPeriods(1)
            .threshold(props.blockedRequests())
            .comparisonOperator("GreaterThanThreshold")
            .treatMissingData("notBreaching")
            .alarmActions(List.of(topic.getArn()))
            .okActions(List.of(topic.getArn()))
            .tags(props.tags())
            .build();

        // Everything here lives where the ACL does: the key, log group and topic constructs are shared with the
        // environment's region, so they are moved to the us-east-1 provider here rather than each taking one.
        for (IConstruct child : getNode().findAll()) {
            if (child instanceof TerraformResource resource) {
                resource.setProvider(props.provider());
            }
        }
    }

    public String getLogGroupName() {
        return logs.getName();
    }

    public String getTopicArn() {
        return topic.getArn();
    }
}
