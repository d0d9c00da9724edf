package dev.openhands.platform.modules.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.openhands.platform.modules.SynthHarness.ACCOUNT;
import static dev.openhands.platform.modules.SynthHarness.REGION;
import static dev.openhands.platform.modules.SynthHarness.onlyResource;
import static dev.openhands.platform.modules.SynthHarness.policy;
import static dev.openhands.platform.modules.SynthHarness.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskExecutionRoleTest {

    static final AwsLocation LOCATION = new AwsLocation(ACCOUNT, REGION);
    static final String REPOSITORY = "arn:aws:ecr:eu-west-1:123456789012:repository/openhands/squid";
    static final String LOG_GROUP = "arn:aws:logs:eu-west-1:123456789012:log-group:/openhands/test/proxy";

    static JsonNode synth(java.util.function.UnaryOperator<TaskExecutionRole> configure) {
        return SynthHarness.parse(SynthHarness.synth(stack -> configure.apply(TaskExecutionRole.builder(LOCATION, "Proxy")
            .roleName("openhands-test-proxy-execution").description("Pulls and logs").logGroupArn(LOG_GROUP).tags(Map.of("app", "openhands")))
            .build(stack)));
    }

    @Test
    void withoutSecretsEcsMayPullTheOneImageAndWriteTheOneLogGroupOnly() {
        JsonNode doc = synth(role -> role.image(REPOSITORY));
        JsonNode role = onlyResource(doc, "aws_iam_role");
        assertThat(role.path("name").asText()).isEqualTo("openhands-test-proxy-execution");
        JsonNode trust = policy(role, "assume_role_policy").path("Statement").get(0);
        assertThat(trust.path("Principal").path("Service").asText()).isEqualTo("ecs-tasks.amazonaws.com");
        assertThat(trust.path("Condition").path("StringEquals").path("aws:SourceAccount").asText()).isEqualTo(ACCOUNT);

        JsonNode inline = onlyResource(doc, "aws_iam_role_policy");
        assertThat(inline.path("name").asText()).isEqualTo("pull-and-log");
        assertThat(statements(policy(inline, "policy"))).containsExactly(
            Map.of("Sid", List.of("RegistryLogin"), "Effect", List.of("Allow"), "Action", List.of("ecr:GetAuthorizationToken"),
                "Resource", List.of("*")),
            Map.of("Sid", List.of("PullProxyImage"), "Effect", List.of("Allow"), "Action", TaskExecutionRole.PULL_ACTIONS,
                "Resource", List.of(REPOSITORY)),
            Map.of("Sid", List.of("WriteProxyLogs"), "Effect", List.of("Allow"), "Action", TaskExecutionRole.LOG_ACTIONS,
                "Resource", List.of(LOG_GROUP + ":*")));
    }

    @Test
    void injectedSecretsAreReadableByArnAndTheirKeyOnlyThroughSecretsManager() {
        String secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands-test/jwt-AbCdEf";
        String key = "arn:aws:kms:eu-west-1:123456789012:key/secrets";
        JsonNode inline = onlyResource(synth(role -> role.images(List.of(REPOSITORY)).injectedSecrets(List.of(secret), key)),
            "aws_iam_role_policy");
        assertThat(inline.path("name").asText()).isEqualTo("pull-log-secrets");
        JsonNode statements = policy(inline, "policy").path("Statement");
        assertThat(statements.get(1).path("Sid").asText()).as("several images, one statement").isEqualTo("PullProxyImages");
        assertThat(statements.get(3).path("Sid").asText()).isEqualTo("ReadInjectedSecrets");
        assertThat(statements.get(3).path("Resource").asText()).isEqualTo(secret);
        assertThat(statements.get(4).path("Resource").asText()).isEqualTo(key);
        assertThat(statements.get(4).path("Condition").path("StringEquals").path("kms:ViaService").asText())
            .isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
    }

    @Test
    void aRoleThatPullsNoImageOrHasAnOddSubjectIsRefused() {
        assertThatThrownBy(() -> synth(role -> role))
            .hasMessageContaining("openhands-test-proxy-execution pulls no image");
        assertThatThrownBy(() -> TaskExecutionRole.builder(LOCATION, "egress proxy"))
            .hasMessageContaining("one capitalised word");
    }
}
