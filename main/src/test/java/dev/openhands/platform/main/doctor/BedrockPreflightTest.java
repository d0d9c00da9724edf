package dev.openhands.platform.main.doctor;

import dev.openhands.platform.main.doctor.BedrockStandIn.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure a first roll-out meets, replayed by a stand-in for STS and the Bedrock runtime with the real status
 * codes, error types and messages, through the real AWS SDK: the report names the cause and the fix.
 */
class BedrockPreflightTest {

    private static final String SONNET = "eu.anthropic.claude-sonnet-4-20250514-v1:0";
    private static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
    private static final String ACCOUNT = "123456789012";

    private BedrockStandIn standIn;

    @BeforeEach
    void start() throws IOException {
        standIn = new BedrockStandIn();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private PreflightReport run(List<String> models, Optional<BedrockPreflight.WorkloadRole> role) {
        return run(models, role, standIn.endpoint());
    }

    private PreflightReport run(List<String> models, Optional<BedrockPreflight.WorkloadRole> role, URI bedrock) {
        BedrockPreflight preflight = new BedrockPreflight(new BedrockPreflight.Endpoints(Optional.of(standIn.endpoint()),
            Optional.of(bedrock)), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOPERATOR", "operator-secret")));
        return preflight.run(new BedrockPreflight.Target("prod", ACCOUNT, "eu-west-1", models), role);
    }

    private static Diagnosis failureOf(PreflightReport report, String model) {
        return report.models().stream().filter(m -> m.modelId().equals(model)).findFirst().orElseThrow().failure().orElseThrow();
    }

    @Test
    void everyModelAnsweringPassesWithItsLatency() {
        standIn.answer(SONNET, Answer.converseOk());
        standIn.answer(HAIKU, Answer.converseOk());
        PreflightReport report = run(List.of(SONNET, HAIKU), Optional.empty());
        assertThat(report.passed()).isTrue();
        assertThat(report.models()).allSatisfy(m -> assertThat(m.latencyMs()).isPresent());
        assertThat(report.toText()).contains("caller  arn:aws:sts::123456789012:assumed-role/platform-operator/jane")
            .containsPattern(SONNET.replace(".", "\\.") + "\\s+OK\\s+\\d+ ms").contains("All checks passed.");
        // one-token requests, in the environment's region, to the model's own path
        assertThat(standIn.requests).anySatisfy(r -> assertThat(r).startsWith("POST /model/" + SONNET.replace(":", "%3A") + "/converse")
            .contains("\"maxTokens\":1"));
    }

    @Test
    void modelAccessNotGranted() {
        standIn.answer(SONNET, Answer.bedrockError(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."));
        PreflightReport report = run(List.of(SONNET), Optional.empty());
        assertThat(report.passed()).isFalse();
        Diagnosis d = failureOf(report, SONNET);
        assertThat(d.cause()).isEqualTo("model access is not granted to this account in eu-west-1");
        assertThat(d.fix()).contains("Model access").contains("anthropic.claude-sonnet-4-20250514-v1:0")
            .contains("every region the profile routes to");
    }

    @Test
    void anIamResourceThatDoesNotMatchTheInferenceProfile() {
        standIn.answer(SONNET, Answer.bedrockError(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/"
            + "platform-operator/jane is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-3::"
            + "foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 because no identity-based policy allows the"
            + " bedrock:InvokeModel action"));
        Diagnosis d = failureOf(run(List.of(SONNET), Optional.empty()), SONNET);
        assertThat(d.cause()).contains("IAM does not allow").contains("bedrock:InvokeModel")
            .contains("arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(d.fix()).contains("profile ARN and the foundation-model ARN").contains("each destination region");
    }

    @Test
    void aModelThatNeedsAnInferenceProfile() {
        standIn.answer(HAIKU, Answer.bedrockError(400, "ValidationException", "Invocation of model ID " + HAIKU
            + " with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile"
            + " that contains this model."));
        Diagnosis d = failureOf(run(List.of(HAIKU), Optional.empty()), HAIKU);
        assertThat(d.cause()).isEqualTo(HAIKU + " is served only through an inference profile in eu-west-1");
        assertThat(d.fix()).contains("eu." + HAIKU);
    }

    @Test
    void anIdentifierBedrockDoesNotKnowInTheRegion() {
        standIn.answer(SONNET, Answer.bedrockError(400, "ValidationException", "The provided model identifier is invalid."));
        Diagnosis d = failureOf(run(List.of(SONNET), Optional.empty()), SONNET);
        assertThat(d.cause()).contains("is not a model or inference profile Bedrock offers in eu-west-1");
        assertThat(d.fix()).contains("aws bedrock list-inference-profiles --region eu-west-1");
    }

    @Test
    void aProfileOfAnotherGeographyFailsWithoutACall() {
        PreflightReport report = run(List.of("us.anthropic.claude-sonnet-4-20250514-v1:0"), Optional.empty());
        Diagnosis d = failureOf(report, "us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(d.cause()).contains("the us. inference profile is not offered in eu-west-1");
        assertThat(d.fix()).contains("use eu.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(standIn.requests).noneMatch(r -> r.contains("/model/"));
    }

    @Test
    void theFirstUseNeedsAMarketplaceSubscription() {
        standIn.answer(SONNET, Answer.bedrockError(403, "AccessDeniedException", "Model access is denied due to IAM user or service"
            + " role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions,"
            + " aws-marketplace:Subscribe) to enable access to this model."));
        Diagnosis d = failureOf(run(List.of(SONNET), Optional.empty()), SONNET);
        assertThat(d.cause()).contains("AWS Marketplace subscription");
        assertThat(d.fix()).contains("aws-marketplace:Subscribe");
    }

    @Test
    void throttledAndEndOfLife() {
        standIn.answer(SONNET, Answer.bedrockError(429, "ThrottlingException", "Too many requests, please wait before trying again."));
        standIn.answer(HAIKU, Answer.bedrockError(404, "ResourceNotFoundException", "This model version has reached the end of its"
            + " life. Please refer to the AWS documentation for more details."));
        PreflightReport report = run(List.of(SONNET, HAIKU), Optional.empty());
        assertThat(failureOf(report, SONNET).fix()).contains("Service Quotas");
        assertThat(failureOf(report, HAIKU).cause()).contains("was not found in eu-west-1").contains("end of its life");
    }

    @Test
    void noRouteToTheEndpoint() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PreflightReport report = run(List.of(SONNET), Optional.empty(), URI.create("http://127.0.0.1:" + closed));
        Diagnosis d = failureOf(report, SONNET);
        assertThat(d.cause()).startsWith("no route to the Bedrock runtime endpoint in eu-west-1");
        assertThat(d.fix()).contains("private DNS").contains("HTTPS_PROXY");
    }

    @Test
    void credentialsOfAnotherAccountStopBeforeAnyModelIsCalled() {
        standIn.account = "999999999999";
        PreflightReport report = run(List.of(SONNET), Optional.empty());
        assertThat(report.passed()).isFalse();
        assertThat(report.identityFailure().orElseThrow().cause())
            .isEqualTo("the credentials belong to account 999999999999; prod is in account 123456789012");
        assertThat(report.toText()).contains("Fix: run with credentials of account 123456789012");
        assertThat(standIn.requests).noneMatch(r -> r.contains("/model/"));
    }

    @Test
    void expiredCredentials() {
        standIn.callerIdentity = Answer.stsError(403, "ExpiredToken", "The security token included in the request is expired");
        PreflightReport report = run(List.of(SONNET), Optional.empty());
        assertThat(report.identityFailure().orElseThrow().cause()).contains("ExpiredToken").contains("expired");
        assertThat(report.identityFailure().get().fix()).contains("aws sso login");
    }

    @Test
    void theWorkloadRoleIsAssumedAndItsExplicitDenyExplained() {
        standIn.answer(SONNET, Answer.bedrockError(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/"
            + "openhands-prod-sandbox-task/openhands-doctor is not authorized to perform: bedrock:InvokeModel on resource: "
            + "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/" + SONNET + " with an explicit deny in an identity-based policy"));
        BedrockPreflight.WorkloadRole role = new BedrockPreflight.WorkloadRole(
            "arn:aws:iam::123456789012:role/openhands-prod-sandbox-task", "ecs-tasks.amazonaws.com");
        PreflightReport report = run(List.of(SONNET), Optional.of(role));
        assertThat(standIn.requests).anyMatch(r -> r.contains("Action=AssumeRole") && r.contains("openhands-prod-sandbox-task"));
        assertThat(failureOf(report, SONNET).cause()).startsWith("an explicit Deny refuses arn:aws:iam::123456789012:role/openhands-prod-sandbox-task");
        assertThat(failureOf(report, SONNET).fix()).contains("VPC endpoint");
        assertThat(report.toText()).contains("as      arn:aws:iam::123456789012:role/openhands-prod-sandbox-task");
    }

    @Test
    void aWorkloadRoleThatTrustsOnlyItsServiceSaysHowToCheckItAnyway() {
        standIn.assumeRole = Answer.stsError(403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/platform-operator/jane"
            + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/openhands-pilot-host");
        PreflightReport report = run(List.of(SONNET), Optional.of(new BedrockPreflight.WorkloadRole(
            "arn:aws:iam::123456789012:role/openhands-pilot-host", "ec2.amazonaws.com")));
        Diagnosis d = report.identityFailure().orElseThrow();
        assertThat(d.cause()).contains("STS refused AssumeRole arn:aws:iam::123456789012:role/openhands-pilot-host");
        assertThat(d.fix()).contains("trusts only ec2.amazonaws.com").contains("aws iam simulate-principal-policy");
        assertThat(standIn.requests).noneMatch(r -> r.contains("/model/"));
    }
}
