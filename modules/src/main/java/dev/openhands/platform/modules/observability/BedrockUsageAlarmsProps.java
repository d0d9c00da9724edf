package dev.openhands.platform.modules.observability;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * @param name              prefix of alarm names, e.g. {@code openhands-prod}
 * @param models            model or inference-profile ids as the agent invokes them (Bedrock's {@code ModelId} metric dimension)
 * @param daily             tokens per model per UTC day above which the alarms fire
 * @param topicArn          where the alarms notify
 */
public record BedrockUsageAlarmsProps(String name, List<String> models, DailyTokenBudget daily, String topicArn) {

    public BedrockUsageAlarmsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicArn, "topicArn");
        models = List.copyOf(models);
        if (models.isEmpty() || new LinkedHashSet<>(models).size() != models.size()) {
            throw new IllegalArgumentException("token alarms need the configured models, each once; got " + models);
        }
        Objects.requireNonNull(daily, "daily");
    }
}
