package dev.openhands.platform.main.cli;

import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.doctor.BedrockStandIn;
import dev.openhands.platform.main.doctor.BedrockStandIn.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code doctor ENV} end to end: the environment file, default credentials, the stand-in endpoints, the exit code. */
class DoctorCommandTest {

    private static final String SONNET = "eu.anthropic.claude-sonnet-4-20250514-v1:0";

    @BeforeAll
    static void credentials() {
        // The default credential chain reads these first: the operator's credentials, as a profile would give them.
        System.setProperty("aws.accessKeyId", "AKIAOPERATOR");
        System.setProperty("aws.secretAccessKey", "operator-secret");
    }

    @AfterAll
    static void forget() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void exitsZeroOnlyWhenEveryConfiguredModelAnswers() throws IOException {
        String dir = ProjectFiles.environments().toString();
        EnvironmentConfig staging = EnvironmentLoader.load(ProjectFiles.environments(), List.of("staging")).get(0);
        try (BedrockStandIn standIn = new BedrockStandIn()) {
            standIn.account = staging.aws().accountId();
            standIn.answer(SONNET, Answer.converseOk());
            CliRunner.Run ok = CliRunner.run("doctor", "staging", "--environments", dir,
                "--sts-endpoint", standIn.endpoint().toString(), "--bedrock-endpoint", standIn.endpoint().toString());
            assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("doctor staging: account " + staging.aws().accountId() + ", region eu-west-1")
                .containsPattern(SONNET.replace(".", "\\.") + "\\s+OK");

            standIn.answer(SONNET, Answer.bedrockError(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID."));
            CliRunner.Run denied = CliRunner.run("doctor", "staging", "--environments", dir,
                "--sts-endpoint", standIn.endpoint().toString(), "--bedrock-endpoint", standIn.endpoint().toString());
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.out()).contains("FAIL").contains("model access is not granted").contains("Fix: open the Bedrock console");
        }
    }

    @Test
    void theWorkloadRoleIsTheOneTheStackCreates() {
        List<EnvironmentConfig> envs = EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot", "prod"));
        EnvironmentConfig pilot = envs.get(0);
        EnvironmentConfig prod = envs.get(1);
        assertThat(DoctorCommand.workloadRole(pilot).arn()).isEqualTo("arn:aws:iam::" + pilot.aws().accountId() + ":role/openhands-pilot-host");
        assertThat(DoctorCommand.workloadRole(pilot).trustedService()).isEqualTo("ec2.amazonaws.com");
        assertThat(DoctorCommand.workloadRole(prod).arn()).isEqualTo("arn:aws:iam::" + prod.aws().accountId() + ":role/openhands-prod-sandbox-task");
    }
}
