package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.stacks.StackFoundation;
import dev.openhands.platform.modules.aspects.StackAspects;
import dev.openhands.platform.modules.observability.AlarmActions;
import dev.openhands.platform.modules.observability.AlarmTopic;
import dev.openhands.platform.modules.observability.AlarmTopicProps;
import dev.openhands.platform.modules.observability.BedrockUsageAlarms;
import dev.openhands.platform.modules.observability.BedrockUsageAlarmsProps;
import dev.openhands.platform.modules.observability.CostBudget;
import dev.openhands.platform.modules.observability.CostBudgetProps;
import dev.openhands.platform.modules.observability.DailyTokenBudget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Where the environment's alarms go, and the limits that raise them: the alarm topic (always, encrypted with the
 * logs key) that every alarm of the stack notifies when it fires and recovers, the monthly cost budget and the
 * Bedrock token alarms when the environment file sets them.
 */
public final class AlertingTier {

    private final AlarmTopic topic;

    public AlertingTier(EnvironmentScope scope, KeysTier keys) {
        EnvironmentConfig env = scope.env();
        this.topic = new AlarmTopic(scope.stack(), "alarm-topic", new AlarmTopicProps(scope.prefix() + "-alarms", keys.logs(),
            scope.location(), env.alerts().emails(), EnvironmentScope.NO_EXTRA_TAGS, env.alerts().chatWebhookUrl()));
        StackAspects.of(scope.stack()).add(new AlarmActions(topic.getArn()));
        env.costs().dailyTokens().ifPresent(tokens -> new BedrockUsageAlarms(scope.stack(), "bedrock-usage", new BedrockUsageAlarmsProps(
            scope.prefix(), env.bedrock().models(), DailyTokenBudget.builder().input(tokens.input()).output(tokens.output()).build(),
            topic.getArn())));
        env.costs().monthlyBudgetUsd().ifPresent(usd -> new CostBudget(scope.stack(), "budget", new CostBudgetProps(
            scope.prefix() + "-monthly", BigDecimal.valueOf(usd), new CostBudgetProps.Tag(StackFoundation.ENVIRONMENT_TAG, env.name()),
            Optional.of(topic.getArn()), List.of())));
    }

    public AlarmTopic topic() {
        return topic;
    }
}
