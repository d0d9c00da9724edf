package dev.openhands.platform.main.doctor;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Bedrock preflight: confirms the caller's account is the environment's (STS), optionally takes on the workload's
 * role, then sends each configured model a one-token Converse request in the environment's region. Calls are not
 * retried, so a throttle or a refusal is reported as it happened.
 */
public final class BedrockPreflight {

    /** Where STS and the Bedrock runtime are reached; empty means the regional public endpoint. */
    public record Endpoints(Optional<URI> sts, Optional<URI> bedrock) {
        public static Endpoints regional() {
            return new Endpoints(Optional.empty(), Optional.empty());
        }
    }

    /** The role the environment's workloads run as, and the service it trusts. */
    public record WorkloadRole(String arn, String trustedService) {
    }

    /** What to check. */
    public record Target(String environment, String accountId, String region, List<String> models) {
        public Target {
            models = List.copyOf(models);
        }
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Endpoints endpoints;
    private final AwsCredentialsProvider credentials;

    public BedrockPreflight(Endpoints endpoints, AwsCredentialsProvider credentials) {
        this.endpoints = endpoints;
        this.credentials = credentials;
    }

    public PreflightReport run(Target target, Optional<WorkloadRole> role) {
        List<ModelCheck> regionProblems = new ArrayList<>();
        for (String model : target.models()) {
            misplacedProfile(model, target.region()).ifPresent(d -> regionProblems.add(new ModelCheck(model, Optional.empty(), Optional.of(d))));
        }
        Region region = Region.of(target.region());
        AwsCredentialsProvider callAs = credentials;
        String caller;
        try (StsClient sts = sts(region, credentials)) {
            GetCallerIdentityResponse identity;
            try {
                identity = sts.getCallerIdentity();
            } catch (RuntimeException e) {
                return failedIdentity(target, Optional.empty(), role, FailureDiagnosis.ofSts(e, "GetCallerIdentity", ""));
            }
            caller = identity.arn();
            if (!identity.account().equals(target.accountId())) {
                return failedIdentity(target, Optional.of(caller), role, new Diagnosis(
                    "the credentials belong to account " + identity.account() + "; " + target.environment() + " is in account "
                        + target.accountId(),
                    "run with credentials of account " + target.accountId() + " (the environment file's aws.accountId),"
                        + " e.g. AWS_PROFILE=<that account's profile>"));
            }
            if (role.isPresent()) {
                try {
                    Credentials assumed = sts.assumeRole(r -> r.roleArn(role.get().arn()).roleSessionName("openhands-doctor")
                        .durationSeconds(900)).credentials();
                    callAs = StaticCredentialsProvider.create(AwsSessionCredentials.create(assumed.accessKeyId(),
                        assumed.secretAccessKey(), assumed.sessionToken()));
                } catch (RuntimeException e) {
                    return failedIdentity(target, Optional.of(caller), role,
                        FailureDiagnosis.ofSts(e, "AssumeRole " + role.get().arn(), role.get().trustedService()));
                }
            }
        }
        String identity = role.map(WorkloadRole::arn).orElse(caller);
        List<ModelCheck> checks = new ArrayList<>();
        try (BedrockRuntimeClient bedrock = bedrock(region, callAs)) {
            for (String model : target.models()) {
                Optional<ModelCheck> misplaced = regionProblems.stream().filter(c -> c.modelId().equals(model)).findFirst();
                if (misplaced.isPresent()) {
                    checks.add(misplaced.get());
                    continue;
                }
                long started = System.nanoTime();
                try {
                    bedrock.converse(r -> r.modelId(model)
                        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Reply with OK.")).build())
                        .inferenceConfig(InferenceConfiguration.builder().maxTokens(1).build()));
                    checks.add(new ModelCheck(model, Optional.of((System.nanoTime() - started) / 1_000_000), Optional.empty()));
                } catch (RuntimeException e) {
                    checks.add(new ModelCheck(model, Optional.empty(),
                        Optional.of(FailureDiagnosis.ofModelCall(e, model, target.region(), identity))));
                }
            }
        }
        return new PreflightReport(target.environment(), target.accountId(), target.region(), Optional.of(caller),
            role.map(WorkloadRole::arn), Optional.empty(), checks);
    }

    /** An inference profile of another geography than the region's never answers there: say so without a call. */
    static Optional<Diagnosis> misplacedProfile(String model, String region) {
        if (!FailureDiagnosis.isProfile(model) || model.startsWith("global.")) {
            return Optional.empty();
        }
        String prefix = model.substring(0, model.indexOf('.') + 1);
        String expected = FailureDiagnosis.profilePrefix(region);
        if (prefix.equals(expected)) {
            return Optional.empty();
        }
        return Optional.of(new Diagnosis("the " + prefix + " inference profile is not offered in " + region + " (that region's profiles"
            + " start with " + expected + ")", "use " + expected + FailureDiagnosis.baseModel(model)
            + " in bedrock.models, or deploy the environment in a region of the profile's geography"));
    }

    private PreflightReport failedIdentity(Target target, Optional<String> caller, Optional<WorkloadRole> role, Diagnosis why) {
        List<ModelCheck> notChecked = target.models().stream()
            .map(m -> new ModelCheck(m, Optional.empty(), Optional.of(new Diagnosis("not checked", "fix the identity problem above first"))))
            .toList();
        return new PreflightReport(target.environment(), target.accountId(), target.region(), caller, role.map(WorkloadRole::arn),
            Optional.of(why), notChecked);
    }

    private StsClient sts(Region region, AwsCredentialsProvider as) {
        var builder = StsClient.builder().region(region).credentialsProvider(as).httpClient(http())
            .overrideConfiguration(noRetries());
        endpoints.sts().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private BedrockRuntimeClient bedrock(Region region, AwsCredentialsProvider as) {
        var builder = BedrockRuntimeClient.builder().region(region).credentialsProvider(as).httpClient(http())
            .overrideConfiguration(noRetries());
        endpoints.bedrock().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(CALL_TIMEOUT).build();
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(CALL_TIMEOUT.plusSeconds(5)).build();
    }
}
