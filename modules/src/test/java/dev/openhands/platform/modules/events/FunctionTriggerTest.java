package dev.openhands.platform.modules.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.openhands.platform.modules.SynthHarness.onlyResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionTriggerTest {

    @Test
    void aScheduleInvokesTheAliasItNamesAndOnlyThatRuleMayInvokeIt() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> {
            LambdaAlias alias = LambdaAlias.Builder.create(stack, "alias").name("live").functionName("openhands-test-sweep")
                .functionVersion("3").build();
            FunctionTrigger.invoke(stack, "sweep-", FunctionTrigger.schedule(stack, "sweep-", "openhands-test-sweep", "Sweeps",
                "rate(1 minute)", Map.of()), alias, 2);
        }));
        JsonNode rule = onlyResource(doc, "aws_cloudwatch_event_rule");
        assertThat(rule.path("schedule_expression").asText()).isEqualTo("rate(1 minute)");
        JsonNode target = onlyResource(doc, "aws_cloudwatch_event_target");
        assertThat(target.path("arn").asText()).isEqualTo("${aws_lambda_alias.alias.arn}");
        assertThat(target.at("/retry_policy/maximum_retry_attempts").asInt()).isEqualTo(2);
        JsonNode permission = onlyResource(doc, "aws_lambda_permission");
        assertThat(permission.path("qualifier").asText()).isEqualTo("${aws_lambda_alias.alias.name}");
        assertThat(permission.path("principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(permission.path("source_arn").asText()).startsWith("${aws_cloudwatch_event_rule.sweep-schedule").endsWith(".arn}");
        assertThat(doc.at("/resource/aws_lambda_permission").fieldNames().next()).isEqualTo("sweep-permission");
    }

    @Test
    void aScheduleThatIsNoRateOrCronIsRefusedWithTheRuleName() {
        assertThatThrownBy(() -> SynthHarness.synth(stack -> FunctionTrigger.schedule(stack, "", "openhands-test-purge",
            "rate(15 minutes)", "Purges", Map.of())))
            .hasMessageContaining("openhands-test-purge").hasMessageContaining("rate(...) or cron(...)");
    }
}
