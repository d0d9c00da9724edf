package dev.openhands.platform.modules.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns Bedrock model and inference-profile ids into the exact resource ARNs an invoke permission needs.
 *
 * <p>A cross-region inference profile ({@code us.}, {@code eu.}, {@code apac.} ... prefix) routes each request
 * to the foundation model in one of its destination regions, so a caller needs the profile ARN in the home
 * region <em>and</em> the foundation-model ARN in every destination region. A {@code global.} profile may route
 * to any commercial region; AWS documents the region-less foundation-model ARN for it.
 */
public final class BedrockModelAccess {

    public static final List<String> INVOKE_ACTIONS = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");

    /** provider.model-name[-version][:revision][:context] e.g. anthropic.claude-3-5-sonnet-20240620-v1:0 */
    private static final Pattern FOUNDATION_MODEL_ID =
        Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*\\.[a-z0-9][a-z0-9.-]*[a-z0-9](:[0-9]+)?(:[0-9]+[km])?$");

    /**
     * Destination regions of the geographic cross-region inference profiles, as AWS documents them. A profile's
     * routing can grow; an environment can override the list per prefix.
     */
    public static final Map<String, List<String>> DEFAULT_PROFILE_REGIONS = Map.of(
        "us", List.of("us-east-1", "us-east-2", "us-west-2"),
        "us-gov", List.of("us-gov-east-1", "us-gov-west-1"),
        "eu", List.of("eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"),
        "apac", List.of("ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-4"),
        "jp", List.of("ap-northeast-1", "ap-northeast-3"),
        "au", List.of("ap-southeast-2", "ap-southeast-4"),
        "ca", List.of("ca-central-1", "ca-west-1"));

    private static final String GLOBAL_PREFIX = "global";

    private BedrockModelAccess() {
    }

    /** A parsed id: {@code profilePrefix} is null for a plain foundation model. */
    public record ModelRef(String id, String profilePrefix, String foundationModelId) {
        public boolean isInferenceProfile() {
            return profilePrefix != null;
        }
    }

    /** Parses an id, or explains why it is neither a foundation-model id nor an inference-profile id. */
    public static ModelRef parse(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a model id is empty");
        }
        if (id.startsWith("arn:")) {
            throw new IllegalArgumentException("'" + id + "' is an ARN; give the model id (e.g. anthropic.claude-3-5-haiku-20241022-v1:0)"
                + " or inference-profile id (e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0)");
        }
        int dot = id.indexOf('.');
        if (dot > 0) {
            String prefix = id.substring(0, dot);
            if (prefix.equals(GLOBAL_PREFIX) || DEFAULT_PROFILE_REGIONS.containsKey(prefix)) {
                String rest = id.substring(dot + 1);
                if (FOUNDATION_MODEL_ID.matcher(rest).matches()) {
                    return new ModelRef(id, prefix, rest);
                }
                throw new IllegalArgumentException("'" + id + "' starts like an inference profile ('" + prefix
                    + ".') but '" + rest + "' is not a model id of the form provider.model-version[:revision]");
            }
        }
        if (FOUNDATION_MODEL_ID.matcher(id).matches()) {
            return new ModelRef(id, null, id);
        }
        throw new IllegalArgumentException("'" + id + "' is not a Bedrock model id (provider.model-version[:revision],"
            + " e.g. anthropic.claude-3-5-haiku-20241022-v1:0) or inference-profile id (us./eu./apac./global. + model id)");
    }

    /**
     * Every ARN an invoke permission must name for these ids, in a stable order without duplicates.
     *
     * @param profileRegions destination regions per profile prefix; missing prefixes fall back to the defaults
     */
    public static List<String> invokeResourceArns(List<String> modelIds, String region, String accountId,
                                                  Map<String, List<String>> profileRegions) {
        String partition = AwsPartition.of(region);
        Set<String> arns = new LinkedHashSet<>();
        for (String id : modelIds) {
            ModelRef ref = parse(id);
            if (!ref.isInferenceProfile()) {
                arns.add(foundationModelArn(partition, region, ref.foundationModelId()));
                continue;
            }
            arns.add("arn:" + partition + ":bedrock:" + region + ":" + accountId + ":inference-profile/" + ref.id());
            if (ref.profilePrefix().equals(GLOBAL_PREFIX)) {
                arns.add("arn:" + partition + ":bedrock:::foundation-model/" + ref.foundationModelId());
                continue;
            }
            List<String> destinations = profileRegions.getOrDefault(ref.profilePrefix(),
                DEFAULT_PROFILE_REGIONS.get(ref.profilePrefix()));
            List<String> sorted = new ArrayList<>(destinations);
            if (!sorted.contains(region)) {
                sorted.add(0, region);
            }
            for (String destination : sorted) {
                arns.add(foundationModelArn(partition, destination, ref.foundationModelId()));
            }
        }
        return List.copyOf(arns);
    }

    private static String foundationModelArn(String partition, String region, String modelId) {
        return "arn:" + partition + ":bedrock:" + region + "::foundation-model/" + modelId;
    }

    /**
     * Policy of a bedrock-runtime VPC endpoint: principals of this account may invoke exactly these models. The
     * account perimeter's {@code aws:ResourceAccount} is left out on purpose: foundation models are AWS's, their ARNs
     * carry no account, and the exact ARNs already pin what may be invoked.
     */
    public static PolicyDocument endpointPolicy(List<String> resourceArns, String accountId) {
        return PolicyDocument.of(
            PolicyDocument.Statement.allow("InvokeConfiguredModelsFromThisAccount", INVOKE_ACTIONS, resourceArns)
                .withPrincipal("*", List.of("*"))
                .withCondition("StringEquals", "aws:PrincipalAccount", List.of(accountId)));
    }

    /** An identity-policy statement allowing invoke on exactly these ARNs. */
    public static PolicyDocument.Statement invokeStatement(List<String> resourceArns) {
        return PolicyDocument.Statement.allow("InvokeConfiguredBedrockModels", INVOKE_ACTIONS, resourceArns);
    }

    /**
     * Denies of invoking any model with these credentials except through one bedrock-runtime VPC endpoint, so that
     * credentials taken out of the VPC are worth nothing for Bedrock.
     *
     * <p>Two statements, because a cross-region inference profile is authorized twice: once for the profile, with the
     * caller's request context (it came through the endpoint), and once for the foundation model in the destination
     * region the profile routes to, which may not carry {@code aws:SourceVpce}. So the profile is denied off the
     * endpoint outright, and a foundation model only when it is called directly (no {@code bedrock:InferenceProfileArn})
     * off the endpoint; a routed call passed the first check already.
     *
     * @param endpointId the {@code vpce-...} id of this VPC's bedrock-runtime endpoint (a Terraform reference at synth)
     */
    public static List<PolicyDocument.Statement> onlyThroughEndpoint(String partition, String endpointId) {
        String bedrock = "arn:" + partition + ":bedrock:*:";
        return List.of(
            PolicyDocument.Statement.deny("InvokeProfilesOnlyThroughTheVpcEndpoint", INVOKE_ACTIONS,
                    List.of(bedrock + "*:inference-profile/*", bedrock + "*:application-inference-profile/*"))
                .withCondition("StringNotEquals", "aws:SourceVpce", List.of(endpointId)),
            PolicyDocument.Statement.deny("InvokeModelsDirectlyOnlyThroughTheVpcEndpoint", INVOKE_ACTIONS,
                    List.of(bedrock + ":foundation-model/*"))
                .withCondition("StringNotEquals", "aws:SourceVpce", List.of(endpointId))
                .withCondition("Null", "bedrock:InferenceProfileArn", List.of("true")));
    }
}
