package dev.openhands.platform.modules.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.kms.EncryptionKey;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The alarm topic, the monthly budget and the Bedrock token alarms that keep an environment's cost in bounds. */
class CostControlsTest {

    private static final AwsLocation HERE = new AwsLocation(SynthHarness.ACCOUNT, SynthHarness.REGION);
    private static final EncryptionKey KEY = EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555");
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:openhands-prod-alarms";
    private static final String SONNET = "eu.anthropic.claude-sonnet-4-20250514-v1:0";
    private static final DailyTokenBudget BUDGET = DailyTokenBudget.builder().input(20_000_000).output(2_000_000).build();

    @Test
    void theAlarmTopicIsEncryptedAndOnlyThisAccountsAlarmsAndBudgetsPublishOverTls() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new AlarmTopic(stack, "alarms",
            new AlarmTopicProps("openhands-prod-alarms", KEY, HERE, List.of("oncall@acme.example", "platform@acme.example"), Map.of()))));
        JsonNode topic = SynthHarness.onlyResource(doc, "aws_sns_topic");
        assertThat(topic.path("kms_master_key_id").asText()).isEqualTo(KEY.getArn());
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_sns_topic_policy"), "policy");
        JsonNode allow = policy.at("/Statement/0");
        assertThat(SynthHarness.strings(allow.at("/Principal/Service"))).containsExactly("cloudwatch.amazonaws.com", "budgets.amazonaws.com");
        assertThat(allow.at("/Resource").toString()).contains(TOPIC);
        assertThat(allow.at("/Condition/StringEquals/aws:SourceAccount").toString()).contains(SynthHarness.ACCOUNT);
        assertThat(policy.at("/Statement/1/Effect").asText()).isEqualTo("Deny");
        assertThat(policy.at("/Statement/1/Condition/Bool/aws:SecureTransport").toString()).contains("false");
        assertThat(SynthHarness.resources(doc, "aws_sns_topic_subscription")).extracting(s -> s.path("endpoint").asText())
            .containsExactly("oncall@acme.example", "platform@acme.example");
        PolicyDocument.Statement grant = AlarmTopic.keyGrant(HERE);
        assertThat(grant.actions()).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
        assertThat(grant.conditions().get("StringEquals").get("aws:SourceAccount")).containsExactly(SynthHarness.ACCOUNT);
    }

    @Test
    void theBudgetWarnsOnTheForecastAndOnActualSpendForThisEnvironmentsTagOnly() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new CostBudget(stack, "budget", new CostBudgetProps(
            "openhands-prod-monthly", new BigDecimal("300.00"), new CostBudgetProps.Tag("Environment", "prod"), Optional.of(TOPIC),
            List.of("finance@acme.example")))));
        JsonNode budget = SynthHarness.onlyResource(doc, "aws_budgets_budget");
        assertThat(budget.path("limit_amount").asText()).isEqualTo("300");
        assertThat(budget.path("time_unit").asText()).isEqualTo("MONTHLY");
        assertThat(budget.at("/cost_filter/0/name").asText()).isEqualTo("TagKeyValue");
        assertThat(SynthHarness.strings(budget.at("/cost_filter/0/values"))).containsExactly("user:Environment$prod");
        JsonNode notifications = budget.path("notification");
        assertThat(notifications.size()).isEqualTo(2);
        assertThat(notifications.at("/0/notification_type").asText()).isEqualTo("FORECASTED");
        assertThat(notifications.at("/0/threshold").asInt()).isEqualTo(80);
        assertThat(notifications.at("/1/notification_type").asText()).isEqualTo("ACTUAL");
        assertThat(notifications.at("/1/threshold").asInt()).isEqualTo(100);
        assertThat(SynthHarness.strings(notifications.at("/1/subscriber_sns_topic_arns"))).containsExactly(TOPIC);
        assertThat(SynthHarness.strings(notifications.at("/1/subscriber_email_addresses"))).containsExactly("finance@acme.example");
    }

    @Test
    void eachModelHasDailyTokenAlarmsAndAThrottleAlarm() {
        String haiku = "eu.anthropic.claude-3-5-haiku-20241022-v1:0";
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new BedrockUsageAlarms(stack, "bedrock",
            new BedrockUsageAlarmsProps("openhands-prod", List.of(SONNET, haiku), BUDGET, TOPIC))));
        List<JsonNode> alarms = SynthHarness.resources(doc, "aws_cloudwatch_metric_alarm");
        assertThat(alarms).hasSize(6);
        JsonNode input = alarms.stream().filter(a -> a.path("metric_name").asText().equals("InputTokenCount")
            && a.at("/dimensions/ModelId").asText().equals(SONNET)).findFirst().orElseThrow();
        assertThat(input.path("namespace").asText()).isEqualTo("AWS/Bedrock");
        assertThat(input.path("period").asInt()).isEqualTo(86_400);
        assertThat(input.path("statistic").asText()).isEqualTo("Sum");
        assertThat(input.path("threshold").asLong()).isEqualTo(20_000_000);
        assertThat(SynthHarness.strings(input.path("alarm_actions"))).containsExactly(TOPIC);
        assertThat(alarms).filteredOn(a -> a.path("metric_name").asText().equals("OutputTokenCount"))
            .allSatisfy(a -> assertThat(a.path("threshold").asLong()).isEqualTo(2_000_000)).hasSize(2);
        assertThat(alarms).filteredOn(a -> a.path("metric_name").asText().equals("InvocationThrottles"))
            .allSatisfy(a -> assertThat(a.path("threshold").asLong()).isZero()).hasSize(2);
        assertThat(alarms).allSatisfy(a -> assertThat(a.path("treat_missing_data").asText()).isEqualTo("notBreaching"));
    }

    @Test
    void alarmsWithoutActionsNotifyTheTopicAndAlarmsWithTheirOwnKeepThem() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> {
            com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm.Builder.create(stack, "silent")
                .alarmName("silent").namespace("AWS/Lambda").metricName("Errors").statistic("Sum").period(60).evaluationPeriods(1)
                .threshold(0).comparisonOperator("GreaterThanThreshold").build();
            com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm.Builder.create(stack, "paging")
                .alarmName("paging").namespace("AWS/Lambda").metricName("Errors").statistic("Sum").period(60).evaluationPeriods(1)
                .threshold(0).comparisonOperator("GreaterThanThreshold").alarmActions(List.of("arn:aws:sns:eu-west-1:123456789012:pager"))
                .build();
            com.hashicorp.cdktf.Aspects.of(stack).add(new AlarmActions(TOPIC));
        }));
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        SynthHarness.resources(doc, "aws_cloudwatch_metric_alarm").forEach(a -> byName.put(a.path("alarm_name").asText(), a));
        assertThat(SynthHarness.strings(byName.get("silent").path("alarm_actions"))).containsExactly(TOPIC);
        assertThat(SynthHarness.strings(byName.get("silent").path("ok_actions"))).containsExactly(TOPIC);
        assertThat(SynthHarness.strings(byName.get("paging").path("alarm_actions"))).containsExactly("arn:aws:sns:eu-west-1:123456789012:pager");
    }

    @Test
    void badSettingsAreRefused() {
        CostBudgetProps.Tag tag = new CostBudgetProps.Tag("Environment", "prod");
        assertThatThrownBy(() -> new CostBudgetProps("b", BigDecimal.ZERO, tag, Optional.of(TOPIC), List.of()))
            .hasMessageContaining("positive amount");
        assertThatThrownBy(() -> new CostBudgetProps("b", BigDecimal.TEN, tag, Optional.empty(), List.of()))
            .hasMessageContaining("notifies nobody");
        assertThatThrownBy(() -> new AlarmTopicProps("t", KEY, HERE, List.of("not-an-address"), Map.of()))
            .hasMessageContaining("not an email address");
        assertThatThrownBy(() -> DailyTokenBudget.builder().output(10).build()).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new BedrockUsageAlarmsProps("p", List.of(SONNET, SONNET), BUDGET, TOPIC))
            .hasMessageContaining("each once");
    }
}
