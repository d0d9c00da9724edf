package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.IAspect;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.openhands.platform.modules.aspects.RenderedAttributes;
import software.constructs.IConstruct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends every alarm of a stack that names no action of its own to the environment's alarm topic, when it fires and
 * when it recovers: an alarm nobody hears is not monitoring. Applied as an Aspect, so alarms that modules create
 * (the orchestrator's, the token alarms) need not each be handed the topic. Usage:
 * {@code StackAspects.of(stack).add(new AlarmActions(topic.getArn()))} (one walk from Java, see
 * {@link dev.openhands.platform.modules.aspects.StackAspects}), or cdktf's {@code Aspects.of(stack).add(...)}.
 */
public final class AlarmActions implements IAspect {

    private final String topicArn;

    public AlarmActions(String topicArn) {
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void visit(IConstruct node) {
        if (node instanceof CloudwatchMetricAlarm alarm) {
            // Both action lists in one request (two getters would be two).
            Map<String, Object> attributes = RenderedAttributes.of(alarm, CloudwatchMetricAlarm.TF_RESOURCE_TYPE);
            if (isEmpty(attributes.get("alarm_actions"))) {
                alarm.setAlarmActions(List.of(topicArn));
            }
            if (isEmpty(attributes.get("ok_actions"))) {
                alarm.setOkActions(List.of(topicArn));
            }
        }
    }

    private static boolean isEmpty(Object actions) {
        return actions == null || actions instanceof List<?> list && list.isEmpty();
    }
}
