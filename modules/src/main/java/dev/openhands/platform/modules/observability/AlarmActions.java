package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import dev.openhands.platform.modules.aspects.RenderedAttributes;
import dev.openhands.platform.modules.aspects.WholeStackAspect;
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
public final class AlarmActions implements WholeStackAspect {

    private final String topicArn;

    public AlarmActions(String topicArn) {
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void visit(IConstruct node) {
        if (node instanceof CloudwatchMetricAlarm alarm) {
            // Both action lists in one request (two getters would be two).
            complete(alarm, RenderedAttributes.of(alarm, CloudwatchMetricAlarm.TF_RESOURCE_TYPE));
        }
    }

    /**
     * Every alarm of the stack, with the action lists of all of them read in one request (the stack's rendered
     * configuration) where {@link #visit} asks each alarm. cdktf renders a stack's alarms in the order of a walk of its
     * tree, the order of {@code constructs}, so the n-th rendered alarm is the n-th alarm among them; should their
     * numbers differ, each alarm is asked on its own.
     */
    @Override
    public void visitAll(TerraformStack stack, List<IConstruct> constructs) {
        List<CloudwatchMetricAlarm> alarms = constructs.stream()
            .filter(CloudwatchMetricAlarm.class::isInstance).map(CloudwatchMetricAlarm.class::cast).toList();
        if (alarms.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rendered = RenderedAttributes.ofStack(stack)
            .getOrDefault(CloudwatchMetricAlarm.TF_RESOURCE_TYPE, List.of());
        if (rendered.size() != alarms.size()) {
            alarms.forEach(this::visit);
            return;
        }
        for (int i = 0; i < alarms.size(); i++) {
            complete(alarms.get(i), rendered.get(i));
        }
    }

    private void complete(CloudwatchMetricAlarm alarm, Map<String, Object> attributes) {
        if (isEmpty(attributes.get("alarm_actions"))) {
            alarm.setAlarmActions(List.of(topicArn));
        }
        if (isEmpty(attributes.get("ok_actions"))) {
            alarm.setOkActions(List.of(topicArn));
        }
    }

    private static boolean isEmpty(Object actions) {
        return actions == null || actions instanceof List<?> list && list.isEmpty();
    }
}
