package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.Aspects;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.openhands.platform.modules.aspects.StackAspects;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmActionsTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:alarms";

    /**
     * Alarms at several depths, created in another order than the tree's (the second construct's alarms first), some
     * with actions of their own: the whole-stack pass must pair each rendered alarm with its own construct.
     */
    private static TerraformStack alarms() {
        TerraformStack stack = new TerraformStack(Testing.app(), "alarms");
        AwsProvider.Builder.create(stack, "aws").region("eu-west-1").build();
        Construct first = new Construct(stack, "first");
        Construct second = new Construct(stack, "second");
        Construct nested = new Construct(first, "nested");
        alarm(second, "own-actions", List.of("arn:aws:sns:us-east-1:123456789012:edge"), List.of());
        alarm(second, "none", List.of(), List.of());
        alarm(nested, "deep-ok-only", List.of(), List.of("arn:aws:sns:us-east-1:123456789012:edge"));
        alarm(first, "shallow", List.of(), List.of());
        alarm(stack, "top", List.of("arn:aws:sns:eu-west-1:123456789012:other"), List.of());
        return stack;
    }

    private static void alarm(Construct scope, String id, List<String> alarmActions, List<String> okActions) {
        CloudwatchMetricAlarm.Builder alarm = CloudwatchMetricAlarm.Builder.create(scope, id).alarmName(id)
            .comparisonOperator("GreaterThanThreshold").evaluationPeriods(1).metricName("Errors").namespace("AWS/Lambda")
            .period(60).statistic("Sum").threshold(0);
        if (!alarmActions.isEmpty()) {
            alarm.alarmActions(alarmActions);
        }
        if (!okActions.isEmpty()) {
            alarm.okActions(okActions);
        }
        alarm.build();
    }

    @Test
    void theWholeStackPassGivesEveryAlarmWhatVisitingEachAlarmGives() {
        TerraformStack whole = alarms();
        StackAspects.of(whole).add(new AlarmActions(TOPIC)).apply();

        TerraformStack visited = alarms();
        Aspects.of(visited).add(new AlarmActions(TOPIC));

        String expected = Testing.synth(visited);
        assertThat(Testing.synth(whole)).isEqualTo(expected);
        // and both did something: three alarms lacked alarm actions and four lacked OK actions, now the topic's
        assertThat(expected.split(TOPIC, -1)).hasSize(1 + 3 + 4);
    }
}
