package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Per configured model: an alarm when a UTC day's input or output tokens pass the daily token budget, and one when
 * Bedrock throttles invocations (the account's quota is the ceiling the agents hit first).
 */
public class BedrockUsageAlarms extends Construct {

    private static final int DAY_SECONDS = 86_400;
    private static final int THROTTLE_PERIOD_SECONDS = 300;

    public BedrockUsageAlarms(Construct scope, String id, BedrockUsageAlarmsProps props) {
        super(scope, id);
        for (int i = 0; i < props.models().size(); i++) {
            String model = props.models().get(i);
            alarm("input-tokens-" + i, props, model, "InputTokenCount", DAY_SECONDS, props.daily().input(),
                "input tokens of " + model + " today passed the daily budget of " + props.daily().input());
            alarm("output-tokens-" + i, props, model, "OutputTokenCount", DAY_SECONDS, props.daily().output(),
                "output tokens of " + model + " today passed the daily budget of " + props.daily().output());
            alarm("throttles-" + i, props, model, "InvocationThrottles", THROTTLE_PERIOD_SECONDS, 0,
                "Bedrock throttled invocations of " + model + ": agents are waiting on the account's quota");
        }
    }

    private void alarm(String id, BedrockUsageAlarmsProps props, String model, String metric, int period, long threshold,
                       String description) {
        CloudwatchMetricAlarm.Builder.create(this, id)
            .alarmName(props.name() + "-bedrock-" + id)
            .alarmDescription(description)
            .namespace("AWS/Bedrock")
            .metricName(metric)
            .dimensions(Map.of("ModelId", model))
            .statistic("Sum")
            .period(period)
            .evaluationPeriods(1)
            .threshold(threshold)
            .comparisonOperator("GreaterThanThreshold")
            // No invocations publish no data points: a quiet day is fine, not an unknown.
            .treatMissingData("notBreaching")
            .alarmActions(List.of(props.topicArn()))
            .build();
    }
}
