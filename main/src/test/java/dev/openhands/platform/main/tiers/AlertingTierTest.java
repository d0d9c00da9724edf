package dev.openhands.platform.main.tiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.config.InvalidConfigException;
import dev.openhands.platform.main.stacks.PlatformApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The environment file's alerts and costs become the alarm topic, the budget and the Bedrock token alarms. */
class AlertingTierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode synth(EnvironmentConfig env) throws IOException {
        return JSON.readTree(Testing.synth(PlatformApp.stackFor(Testing.app(), env)));
    }

    private static List<JsonNode> resources(JsonNode doc, String type) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("resource").path(type).forEach(out::add);
        return out;
    }

    @Test
    void everyBundledEnvironmentAlertsItsTeamAndBoundsItsSpend() throws IOException {
        for (EnvironmentConfig env : EnvironmentLoader.load(ProjectFiles.environments(), List.of())) {
            JsonNode doc = synth(env);
            // Stacks with a front door have a second topic in us-east-1 for the web ACL's alarm (FrontDoorTierTest covers it).
            JsonNode topic = resources(doc, "aws_sns_topic").stream().filter(t -> !t.has("provider")).findFirst().orElseThrow();
            assertThat(topic.path("name").asText()).isEqualTo("openhands-" + env.name() + "-alarms");
            assertThat(topic.path("kms_master_key_id").asText()).as(env.name()).startsWith("${aws_kms_key.logs-key");
            assertThat(resources(doc, "aws_sns_topic_subscription")).filteredOn(s -> s.path("topic_arn").asText().contains("alarm-topic"))
                .extracting(s -> s.path("endpoint").asText()).containsExactlyElementsOf(env.alerts().emails());
            JsonNode budget = resources(doc, "aws_budgets_budget").get(0);
            assertThat(budget.path("limit_amount").asText()).isEqualTo(env.costs().monthlyBudgetUsd().orElseThrow().toString());
            assertThat(budget.toString()).contains("user:Environment$" + env.name());
            List<JsonNode> tokenAlarms = resources(doc, "aws_cloudwatch_metric_alarm").stream()
                .filter(a -> a.path("namespace").asText().equals("AWS/Bedrock")).toList();
            assertThat(tokenAlarms).as(env.name()).hasSize(3 * env.bedrock().models().size());
            // every alarm of the stack, the orchestrator's included, reaches the topic when it fires and when it recovers
            // (but the web ACL's in us-east-1, which can only notify a topic of its own region)
            assertThat(resources(doc, "aws_cloudwatch_metric_alarm")).filteredOn(a -> !a.has("provider")).as(env.name()).isNotEmpty().allSatisfy(a -> {
                assertThat(a.path("alarm_actions").toString()).contains("aws_sns_topic.alarm-topic");
                assertThat(a.path("ok_actions").toString()).contains("aws_sns_topic.alarm-topic");
            });
            // the logs key lets alarms and budgets of this account encrypt for the topic
            JsonNode logsKey = resources(doc, "aws_kms_key").stream().filter(k -> k.path("description").asText().contains("log groups"))
                .findFirst().orElseThrow();
            assertThat(logsKey.path("policy").asText()).contains("AlarmsAndBudgetsEncryptForTheAlarmTopic").contains("budgets.amazonaws.com");
        }
    }

    @Test
    void aChatWebhookIsAnHttpsSubscriptionOfTheTopic(@TempDir Path dir) throws IOException {
        EnvironmentConfig env = ProjectFiles.loadVariant(dir, "pilot",
            doc -> ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("alerts")).put("chatWebhookUrl", "https://chat.example.com/hooks/oh"));
        List<JsonNode> subscriptions = resources(synth(env), "aws_sns_topic_subscription");
        assertThat(subscriptions).filteredOn(s -> s.path("protocol").asText().equals("https"))
            .singleElement().satisfies(s -> {
                assertThat(s.path("endpoint").asText()).isEqualTo("https://chat.example.com/hooks/oh");
                assertThat(s.path("topic_arn").asText()).contains("aws_sns_topic.alarm-topic");
            });
        assertThat(subscriptions).filteredOn(s -> s.path("protocol").asText().equals("email")).hasSize(env.alerts().emails().size());
    }

    @Test
    void withoutCostsOnlyTheTopicIsBuilt(@TempDir Path dir) throws IOException {
        EnvironmentConfig env = ProjectFiles.loadVariant(dir, "pilot", doc -> {
            doc.remove("costs");
            doc.remove("alerts");
        });
        JsonNode doc = synth(env);
        assertThat(resources(doc, "aws_sns_topic")).hasSize(1);
        assertThat(resources(doc, "aws_sns_topic_subscription")).isEmpty();
        assertThat(resources(doc, "aws_budgets_budget")).isEmpty();
        assertThat(resources(doc, "aws_cloudwatch_metric_alarm")).noneMatch(a -> a.path("namespace").asText().equals("AWS/Bedrock"));
    }

    @Test
    void badCostSettingsNameTheFieldAndTheFix(@TempDir Path dir) {
        assertThatThrownBy(() -> ProjectFiles.loadVariant(dir, "pilot",
            doc -> ((ObjectNode) doc.get("costs")).put("monthlyBudgetUsd", 0)))
            .isInstanceOf(InvalidConfigException.class).hasMessageContaining("costs.monthlyBudgetUsd");
        assertThatThrownBy(() -> ProjectFiles.loadVariant(dir, "pilot",
            doc -> ((ObjectNode) doc.get("alerts")).putArray("emails").add("platform team")))
            .isInstanceOf(InvalidConfigException.class).hasMessageContaining("alerts.emails").hasMessageContaining("platform-team@example.com");
        assertThatThrownBy(() -> ProjectFiles.loadVariant(dir, "pilot",
            doc -> ((ObjectNode) doc.get("costs")).putObject("dailyTokens").put("input", 5)))
            .isInstanceOf(InvalidConfigException.class).hasMessageContaining("costs.dailyTokens.output");
    }
}
